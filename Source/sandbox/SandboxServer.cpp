#include "sandbox/SandboxServer.h"

#include "sandbox/ApiHost.h"
#include "sandbox/ApiResponses.h"
#include "sandbox/AuthHost.h"
#include "sandbox/CdnHost.h"
#include "sandbox/Crypto.h"
#include "sandbox/FileUtil.h"
#include "sandbox/HttpListener.h"
#include "sandbox/OAuthService.h"
#include "sandbox/RateLimiter.h"
#include "sandbox/Seeder.h"
#include "sandbox/StateStore.h"
#include "sandbox/StopSignal.h"
#include "sandbox/TimeFormat.h"
#include "sandbox/Transcoder.h"
#include "sandbox/UrlSigner.h"

#include <httplib.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <stdexcept>

namespace wavelift::sandbox
{
namespace fs = std::filesystem;
using nlohmann::json;

const char* toString (HlsContainer container) { return container == HlsContainer::fragmentedMp4 ? "fmp4" : "ts"; }

struct SandboxServer::Impl
{
    explicit Impl (Options o)
        : options (std::move (o))
        , store (options.dataDir / "state.json")
    {
    }

    std::int64_t now() const { return toEpochSeconds (std::chrono::system_clock::now()) + clockOffset.load(); }

    void prepareState();
    void onRenditionDone (std::int64_t trackId, Rendition rendition, bool succeeded);
    void registerAdminRoutes();
    json statsJson() const;

    Options options;
    std::atomic<std::int64_t> clockOffset{ 0 };
    StateStore store;
    RequestLog log;
    FaultInjector faults;
    StopSignal stopSignal;

    std::unique_ptr<UrlSigner> signer;
    std::unique_ptr<OAuthService> oauth;
    std::unique_ptr<Transcoder> transcoder;
    std::unique_ptr<HttpListener> apiListener;
    std::unique_ptr<HttpListener> authListener;
    std::unique_ptr<HttpListener> cdnListener;
    std::unique_ptr<CdnHost> cdnHost;
    std::unique_ptr<AuthHost> authHost;
    std::unique_ptr<ApiHost> apiHost;

    std::mutex lifecycle;
    bool running = false;
};

void SandboxServer::Impl::prepareState()
{
    const auto& dataDir = options.dataDir;
    for (const auto* folder : { "assets", "media" })
        fs::create_directories (dataDir / folder);
    // Half-received uploads of a previous run are garbage.
    removeQuietly (dataDir / "uploads");
    fs::create_directories (dataDir / "uploads");

    if (!store.load())
    {
        State state;
        state.app = { crypto::randomAlphanumeric (32), crypto::randomAlphanumeric (32), options.redirectUri };
        state.urlSigningKey = crypto::randomToken (32);
        state.tokenSigningKey = crypto::randomToken (32);
        seedCatalogue (state, dataDir, options);
        store.reset (std::move (state));
        return;
    }
    // Options given at this start win over the stored registration (support can change the redirect URI).
    store.write (
        [&] (State& state)
        {
            state.app.redirectUri = options.redirectUri;
            for (auto& user : state.users)
                if (user.username == seededUsername)
                {
                    user.uploadQuotaSeconds = options.uploadQuotaSeconds;
                    user.plan = options.uploadQuotaSeconds == 0 ? "Pro Unlimited" : "Free";
                }
        });
}

void SandboxServer::Impl::onRenditionDone (std::int64_t trackId, Rendition rendition, bool succeeded)
{
    store.write (
        [&] (State& state)
        {
            auto* track = state.findTrack (trackId);
            if (track == nullptr)
                return;
            auto& rendState = track->renditions[rendition];
            rendState.ready = succeeded;
            rendState.failed = !succeeded;
        });
}

json SandboxServer::Impl::statsJson() const
{
    json stats;
    stats["requests"] = { { "api", log.countFor ("api") },
                          { "auth", log.countFor ("auth") },
                          { "cdn", log.countFor ("cdn") } };
    std::int64_t cdnWithAuthorization = 0;
    for (const auto& request : log.snapshot())
        if (request.host == "cdn" && request.hadAuthorization)
            ++cdnWithAuthorization;
    stats["cdn_requests_with_authorization"] = cdnWithAuthorization;
    stats["faults_triggered"] = faults.triggeredCount();
    const auto counts = transcoder ? transcoder->counts() : TranscodeCounts{};
    const auto currentTime = now();
    store.read (
        [&] (const State& state)
        {
            const RateLimit playLimit{ options.playLimitPer24h, 24 * 3600, "PT24H" };
            json playsInWindow = json::object();
            json tokenRequests = json::object();
            for (const auto& [key, buckets] : state.rateWindows)
                if (key.starts_with ("plays:"))
                    playsInWindow[key.substr (6)] = countInWindow (buckets, playLimit, currentTime);
            for (const auto& [key, value] : state.counters)
                if (key.starts_with ("token_requests."))
                    tokenRequests[key.substr (15)] = value;
            const auto counter = [&] (const char* key)
            {
                const auto it = state.counters.find (key);
                return it == state.counters.end() ? std::int64_t{ 0 } : it->second;
            };
            std::int64_t pendingTracks = 0;
            for (const auto& track : state.tracks)
                pendingTracks += track.transcodePending() ? 1 : 0;
            stats["plays"] = counter ("plays");
            stats["plays_in_window"] = playsInWindow;
            stats["uploads"] = counter ("uploads");
            stats["token_requests"] = tokenRequests;
            stats["tracks"] = state.tracks.size();
            stats["users"] = state.users.size();
            stats["access_tokens"] = state.accessTokens.size();
            stats["transcodes"] = { { "queued", counts.queued },
                                    { "completed", counts.completed },
                                    { "failed", counts.failed },
                                    { "cancelled", counts.cancelled },
                                    { "tracks_pending", pendingTracks } };
        });
    stats["now"] = formatApiTimestamp (currentTime);
    stats["clock_offset_seconds"] = clockOffset.load();
    return stats;
}

void SandboxServer::Impl::registerAdminRoutes()
{
    auto& api = *apiListener;
    const auto readJson = [] (RequestBody& body)
    { return json::parse (body.readAll (1024 * 1024).value_or (""), nullptr, false); };

    api.route (
        "POST", "/_sandbox/faults",
        [this, readJson] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            const auto request = readJson (body);
            const auto items = request.is_array() ? request : json::array ({ request });
            std::vector<FaultRule> rules;
            for (const auto& item : items)
            {
                std::string error;
                auto rule = FaultRule::fromJson (item, error);
                if (!rule)
                {
                    sendJson (response, 400, { { "error", error } });
                    return;
                }
                rules.push_back (*rule);
            }
            for (auto& rule : rules)
                faults.add (std::move (rule));
            json armed = json::array();
            for (const auto& rule : faults.rules())
                armed.push_back (rule.toJson());
            sendJson (response, 201, { { "faults", armed } });
        },
        true);
    api.route (
        "GET", "/_sandbox/faults",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody&)
        {
            json armed = json::array();
            for (const auto& rule : faults.rules())
                armed.push_back (rule.toJson());
            sendJson (response, 200, { { "faults", armed } });
        },
        true);
    api.route (
        "DELETE", "/_sandbox/faults",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            body.discard();
            faults.clear();
            sendJson (response, 200, { { "faults", json::array() } });
        },
        true);
    api.route (
        "GET", "/_sandbox/requests",
        [this] (const httplib::Request& request, httplib::Response& response, RequestBody&)
        {
            const auto host = request.has_param ("host") ? request.get_param_value ("host") : std::string{};
            json list = json::array();
            for (const auto& entry : log.snapshot())
                if (host.empty() || entry.host == host)
                    list.push_back (entry.toJson());
            sendJson (response, 200, { { "requests", list } });
        },
        true);
    api.route (
        "DELETE", "/_sandbox/requests",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            body.discard();
            log.clear();
            sendJson (response, 200, { { "requests", json::array() } });
        },
        true);
    api.route (
        "GET", "/_sandbox/stats",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody&)
        { sendJson (response, 200, statsJson()); },
        true);
    api.route (
        "POST", "/_sandbox/clock",
        [this, readJson] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            const auto request = readJson (body);
            if (!request.is_object() || !request.contains ("advance_seconds")
                || !request["advance_seconds"].is_number_integer()
                || request["advance_seconds"].get<std::int64_t>() < 0)
            {
                sendJson (response, 400, { { "error", "expected {\"advance_seconds\": N} with N >= 0" } });
                return;
            }
            clockOffset += request["advance_seconds"].get<std::int64_t>();
            sendJson (response, 200,
                      { { "now", formatApiTimestamp (now()) }, { "offset_seconds", clockOffset.load() } });
        },
        true);
    api.route (
        "POST", "/_sandbox/wait-for-transcodes",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            body.discard();
            transcoder->waitUntilIdle();
            sendJson (response, 200, statsJson()["transcodes"]);
        },
        true);
}

// -----------------------------------------------------------------------------------------------------------

SandboxServer::SandboxServer (Options options)
    : impl_ (std::make_unique<Impl> (std::move (options)))
{
}

SandboxServer::~SandboxServer() { stop(); }

void SandboxServer::start()
{
    auto& d = *impl_;
    std::lock_guard lock (d.lifecycle);
    if (d.running)
        return;
    if (d.options.dataDir.empty())
        throw std::runtime_error ("SandboxServer needs a data folder");
    // A client hanging up mid-response must not kill the process.
    std::signal (SIGPIPE, SIG_IGN);

    fs::create_directories (d.options.dataDir);
    d.prepareState();
    d.stopSignal.reset();

    const auto epochNow = [&d] { return d.now(); };
    const auto keys = d.store.read ([] (const State& state) { return state.urlSigningKey; });
    d.signer = std::make_unique<UrlSigner> (keys);
    d.oauth = std::make_unique<OAuthService> (
        d.store,
        OAuthSettings{ d.options.accessTokenLifetimeSeconds, d.options.authorizationCodeLifetimeSeconds,
                       d.options.clientCredentialsLimitPerApp, d.options.clientCredentialsLimitPerIp,
                       "wavelift-sandbox" },
        epochNow);
    d.transcoder = std::make_unique<Transcoder> (
        TranscodeSettings{ d.options.ffmpegPath, d.options.hlsContainer, d.options.hlsSegmentSeconds },
        [&d] (std::int64_t trackId, Rendition rendition, bool succeeded)
        { d.onRenditionDone (trackId, rendition, succeeded); });

    const FaultEnvironment environment{ epochNow, d.options.playLimitPer24h, d.options.clientCredentialsLimitPerIp };
    d.apiListener = std::make_unique<HttpListener> ("api", d.log, d.faults, d.stopSignal, environment);
    d.authListener = std::make_unique<HttpListener> ("auth", d.log, d.faults, d.stopSignal, environment);
    d.cdnListener = std::make_unique<HttpListener> ("cdn", d.log, d.faults, d.stopSignal, environment);

    d.cdnHost = std::make_unique<CdnHost> (*d.cdnListener, d.options.dataDir, d.store, *d.signer, epochNow);
    d.authHost = std::make_unique<AuthHost> (*d.authListener, *d.oauth, d.store, d.options.autoApprove);
    if (d.options.enableFaultInjection)
        d.registerAdminRoutes();
    d.apiHost = std::make_unique<ApiHost> (*d.apiListener, ApiContext{ d.store, *d.oauth, *d.cdnHost, *d.transcoder,
                                                                       d.options, d.options.dataDir, epochNow });

    try
    {
        d.cdnListener->start (d.options.cdnPort);
        d.authListener->start (d.options.authPort);
        d.apiListener->start (d.options.apiPort);
    }
    catch (...)
    {
        d.stopSignal.trigger();
        d.apiListener->stop();
        d.authListener->stop();
        d.cdnListener->stop();
        throw;
    }

    d.transcoder->start();
    const auto pending = d.store.read (
        [&] (const State& state)
        {
            std::vector<TranscodeJob> jobs;
            for (const auto& track : state.tracks)
                if (track.transcodePending())
                    jobs.push_back (transcodeJobFor (track, d.options.dataDir));
            return jobs;
        });
    for (const auto& job : pending)
        d.transcoder->enqueue (job);
    d.running = true;
}

void SandboxServer::stop()
{
    if (!impl_)
        return;
    auto& d = *impl_;
    std::lock_guard lock (d.lifecycle);
    if (!d.running)
        return;
    d.stopSignal.trigger();
    d.apiListener->stop();
    d.authListener->stop();
    d.cdnListener->stop();
    d.transcoder->stop();
    d.running = false;
}

std::string SandboxServer::apiUrl() const { return impl_->apiListener ? impl_->apiListener->baseUrl() : std::string{}; }
std::string SandboxServer::authUrl() const
{
    return impl_->authListener ? impl_->authListener->baseUrl() : std::string{};
}
std::string SandboxServer::cdnUrl() const { return impl_->cdnListener ? impl_->cdnListener->baseUrl() : std::string{}; }

std::string SandboxServer::clientId() const
{
    return impl_->store.read ([] (const State& state) { return state.app.clientId; });
}

std::string SandboxServer::clientSecret() const
{
    return impl_->store.read ([] (const State& state) { return state.app.clientSecret; });
}

std::string SandboxServer::redirectUri() const
{
    return impl_->store.read ([] (const State& state) { return state.app.redirectUri; });
}

std::string SandboxServer::username() const { return seededUsername; }
std::string SandboxServer::password() const { return seededPassword; }

std::string SandboxServer::startupJson() const
{
    nlohmann::ordered_json line;
    line["api_url"] = apiUrl();
    line["auth_url"] = authUrl();
    line["cdn_url"] = cdnUrl();
    line["client_id"] = clientId();
    line["client_secret"] = clientSecret();
    line["redirect_uri"] = redirectUri();
    line["username"] = username();
    line["password"] = password();
    return line.dump();
}

void SandboxServer::waitForTranscodes()
{
    if (impl_->transcoder)
        impl_->transcoder->waitUntilIdle();
}

void SandboxServer::advanceClock (std::chrono::seconds offset) { impl_->clockOffset += offset.count(); }

void SandboxServer::addFault (FaultRule rule) { impl_->faults.add (std::move (rule)); }
void SandboxServer::clearFaults() { impl_->faults.clear(); }
std::vector<RecordedRequest> SandboxServer::requests() const { return impl_->log.snapshot(); }
void SandboxServer::clearRequests() { impl_->log.clear(); }
nlohmann::json SandboxServer::stats() const { return impl_->statsJson(); }
const Options& SandboxServer::options() const { return impl_->options; }

std::optional<std::filesystem::path> SandboxServer::assetFileOf (const std::string& trackUrnOrId) const
{
    const std::string prefix = "soundcloud:tracks:";
    const auto idText = trackUrnOrId.rfind (prefix, 0) == 0 ? trackUrnOrId.substr (prefix.size()) : trackUrnOrId;
    std::int64_t id = 0;
    try
    {
        id = std::stoll (idText);
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
    const auto relative = impl_->store.read (
        [&] (const State& state)
        {
            for (const auto& track : state.tracks)
                if (track.id == id)
                    return track.assetFile;
            return std::string();
        });
    if (relative.empty())
        return std::nullopt;
    return impl_->options.dataDir / relative;
}
} // namespace wavelift::sandbox
