#include "support/TestSandbox.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace wavelift::sandbox::test
{
namespace fs = std::filesystem;

namespace
{
    /** Identifies this test build, so a rebuilt sandbox never reuses a stale seeded folder. */
    std::string buildStamp()
    {
        struct stat info
        {
        };
        if (::stat ("/proc/self/exe", &info) != 0)
            return "unknown";
        return std::to_string (info.st_mtim.tv_sec) + "-" + std::to_string (info.st_mtim.tv_nsec);
    }

    class FileLock
    {
    public:
        explicit FileLock (const fs::path& file)
            : fd_ (::open (file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644))
        {
            if (fd_ < 0 || ::flock (fd_, LOCK_EX) != 0)
                throw std::runtime_error ("cannot lock " + file.string());
        }
        FileLock (const FileLock&) = delete;
        FileLock& operator= (const FileLock&) = delete;
        ~FileLock()
        {
            ::flock (fd_, LOCK_UN);
            ::close (fd_);
        }

    private:
        int fd_;
    };
} // namespace

fs::path seededTemplate (HlsContainer container)
{
    const fs::path cache = WAVELIFT_SANDBOX_SEED_CACHE;
    fs::create_directories (cache);
    const auto prefix = std::string ("seed-") + toString (container) + "-";
    const auto final = cache / (prefix + buildStamp());
    if (fs::exists (final / "complete"))
        return final;

    FileLock lock (cache / "lock");
    if (fs::exists (final / "complete"))
        return final;
    const auto building = cache / (final.filename().string() + ".building-" + std::to_string (::getpid()));
    fs::remove_all (building);
    {
        Options options;
        options.dataDir = building;
        options.hlsContainer = container;
        SandboxServer server (options);
        server.start();
        server.waitForTranscodes();
        server.stop();
    }
    std::ofstream (building / "complete") << "seeded\n";
    for (const auto& entry : fs::directory_iterator (cache))
        if (entry.path().filename().string().starts_with (prefix) && entry.path() != building)
            fs::remove_all (entry.path());
    fs::rename (building, final);
    return final;
}

TestSandbox::TestSandbox (const std::function<void (Options&)>& customize)
{
    options_.dataDir = folder_.path();
    if (customize)
        customize (options_);
    options_.dataDir = folder_.path();
    if (options_.seedCatalogue)
        fs::copy (seededTemplate (options_.hlsContainer), folder_.path(), fs::copy_options::recursive);
    server_ = std::make_unique<SandboxServer> (options_);
    server_->start();
}

TestSandbox::~TestSandbox()
{
    if (server_)
        server_->stop();
}

void TestSandbox::restart()
{
    server_->stop();
    server_.reset();
    server_ = std::make_unique<SandboxServer> (options_);
    server_->start();
}

std::string authorizeUrl (const SandboxServer& server, const Pkce& pkce, const std::string& state)
{
    return server.authUrl() + "/authorize?client_id=" + urlEncode (server.clientId()) + "&redirect_uri="
           + urlEncode (server.redirectUri()) + "&response_type=code&code_challenge=" + pkce.challenge
           + "&code_challenge_method=S256&state=" + urlEncode (state);
}

std::string signInForCode (const SandboxServer& server, const Pkce& pkce, const std::string& state)
{
    const auto response = postForm (server.authUrl() + "/authorize", { { "client_id", server.clientId() },
                                                                       { "redirect_uri", server.redirectUri() },
                                                                       { "response_type", "code" },
                                                                       { "code_challenge", pkce.challenge },
                                                                       { "code_challenge_method", "S256" },
                                                                       { "state", state },
                                                                       { "username", server.username() },
                                                                       { "password", server.password() },
                                                                       { "decision", "approve" } });
    if (response.status != 303)
        throw std::runtime_error ("sign-in failed with status " + std::to_string (response.status));
    return queryOf (response.header ("location")).at ("code");
}

HttpResponse exchangeCode (const SandboxServer& server, const std::string& code, const std::string& verifier)
{
    return postForm (server.authUrl() + "/oauth/token", { { "grant_type", "authorization_code" },
                                                          { "client_id", server.clientId() },
                                                          { "client_secret", server.clientSecret() },
                                                          { "redirect_uri", server.redirectUri() },
                                                          { "code_verifier", verifier },
                                                          { "code", code } });
}

namespace
{
    TokenPair tokenPairFrom (const HttpResponse& response)
    {
        const auto body = response.json();
        if (response.status != 200 || !body.is_object())
            throw std::runtime_error ("token request failed: " + std::to_string (response.status) + " "
                                      + response.body);
        return { body.at ("access_token").get<std::string>(), body.at ("refresh_token").get<std::string>(), body };
    }
} // namespace

TokenPair userTokens (const SandboxServer& server)
{
    const auto pkce = Pkce::generate();
    return tokenPairFrom (exchangeCode (server, signInForCode (server, pkce), pkce.verifier));
}

std::string basicAuthorization (const std::string& clientId, const std::string& clientSecret)
{
    return "Authorization: Basic " + base64 (clientId + ":" + clientSecret);
}

TokenPair appTokens (const SandboxServer& server)
{
    return tokenPairFrom (postForm (server.authUrl() + "/oauth/token", { { "grant_type", "client_credentials" } },
                                    { basicAuthorization (server.clientId(), server.clientSecret()) }));
}

fs::path sample (const std::string& name) { return fs::path (WAVELIFT_SAMPLES_DIR) / (name + ".flac"); }

HttpResponse uploadTrack (const SandboxServer& server, const std::string& token, const fs::path& asset,
                          const std::vector<std::pair<std::string, std::string>>& fields)
{
    HttpRequest request;
    request.method = "POST";
    request.url = server.apiUrl() + "/tracks";
    request.headers.push_back (authorizationHeader (token));
    for (const auto& [name, value] : fields)
        request.form.push_back (FormPart::text (name, value));
    if (!asset.empty())
        request.form.push_back (FormPart::fromFile ("track[asset_data]", asset));
    return perform (request);
}

nlohmann::json field (const HttpResponse& response, const std::string& key)
{
    const auto body = response.json();
    return body.is_object() && body.contains (key) ? body[key] : nlohmann::json();
}
} // namespace wavelift::sandbox::test
