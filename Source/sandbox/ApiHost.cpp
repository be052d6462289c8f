#include "sandbox/ApiHost.h"

#include "sandbox/ApiResponses.h"
#include "sandbox/CdnHost.h"
#include "sandbox/Crypto.h"
#include "sandbox/FileUtil.h"
#include "sandbox/HttpListener.h"
#include "sandbox/MediaTools.h"
#include "sandbox/MultipartUpload.h"
#include "sandbox/OAuthService.h"
#include "sandbox/RateLimiter.h"
#include "sandbox/StateStore.h"
#include "sandbox/TrackSearch.h"
#include "sandbox/Transcoder.h"
#include "sandbox/UrlCoding.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>

namespace wavelift::sandbox
{
namespace fs = std::filesystem;
using nlohmann::json;

namespace
{
    constexpr std::size_t maxJsonBytes = 256 * 1024;
    /** Bodies up to this size are read and dropped before an early error, larger ones get Connection: close. */
    constexpr std::uint64_t maxDrainBytes = 8 * 1024 * 1024;
    constexpr std::int64_t maxTrackDurationMs = 24ll * 3600 * 1000;
    constexpr const char* unprocessableAsset = "unable to process provided asset_data";

    std::string param (const httplib::Request& request, const std::string& key)
    {
        return request.has_param (key) ? request.get_param_value (key) : std::string{};
    }

    std::uint64_t declaredLength (const httplib::Request& request)
    {
        try
        {
            return request.has_header ("Content-Length") ? std::stoull (request.get_header_value ("Content-Length"))
                                                         : 0;
        }
        catch (...)
        {
            return 0;
        }
    }

    /** Ends a request early without racing the client's upload: small bodies are drained, big ones cut off. */
    void finishEarly (const httplib::Request& request, httplib::Response& response, RequestBody& body)
    {
        if (declaredLength (request) > maxDrainBytes)
            response.set_header ("Connection", "close");
        else
            body.discard();
    }

    std::string sizeLimitMessage (std::uint64_t maxAssetBytes)
    {
        if (maxAssetBytes == 4ull * 1024 * 1024 * 1024)
            return "asset_data is larger than the 4 GB limit";
        return "asset_data is larger than the limit of " + std::to_string (maxAssetBytes) + " bytes";
    }

    void sendFound (httplib::Response& response, const std::string& location)
    {
        response.set_header ("Location", location);
        sendJson (response, 302, { { "status", "302 - Found" }, { "location", location } });
    }

    bool visibleTo (const TrackRecord& track, const AccessGrant& grant, const std::string& secretToken)
    {
        return !track.isPrivate() || (grant.userId != 0 && grant.userId == track.userId)
               || (!secretToken.empty() && secretToken == track.secretToken);
    }

    bool ownedBy (const TrackRecord& track, const AccessGrant& grant)
    {
        return grant.userId != 0 && grant.userId == track.userId;
    }

    std::optional<bool> parseBoolean (const std::string& text)
    {
        std::string lower;
        for (const char c : text)
            lower += static_cast<char> (std::tolower (static_cast<unsigned char> (c)));
        if (lower == "true" || lower == "1")
            return true;
        if (lower == "false" || lower == "0")
            return false;
        return std::nullopt;
    }

    /** Fields of a multipart or form body, "track[title]" → "title". */
    std::map<std::string, std::string> unwrapTrackFields (const std::map<std::string, std::string>& fields)
    {
        std::map<std::string, std::string> unwrapped;
        for (const auto& [key, value] : fields)
            if (key.starts_with ("track[") && key.ends_with ("]"))
                unwrapped[key.substr (6, key.size() - 7)] = value;
        return unwrapped;
    }

    /** Fields of a JSON {"track": {…}} body as text. */
    std::optional<std::map<std::string, std::string>> jsonTrackFields (const std::string& text)
    {
        const auto body = json::parse (text, nullptr, false);
        if (body.is_discarded() || !body.is_object() || !body.contains ("track") || !body["track"].is_object())
            return std::nullopt;
        std::map<std::string, std::string> fields;
        for (const auto& [key, value] : body["track"].items())
        {
            if (value.is_string())
                fields[key] = value.get<std::string>();
            else if (value.is_boolean())
                fields[key] = value.get<bool>() ? "true" : "false";
            else if (value.is_null())
                fields[key] = "";
            else
                fields[key] = value.dump();
        }
        return fields;
    }

    std::string uniquePermalink (const State& state, std::int64_t userId, std::int64_t trackId, std::string wanted)
    {
        const auto taken = [&] (const std::string& permalink)
        {
            return std::any_of (state.tracks.begin(), state.tracks.end(),
                                [&] (const TrackRecord& track) {
                                    return track.userId == userId && track.id != trackId
                                           && track.permalink == permalink;
                                });
        };
        if (!taken (wanted))
            return wanted;
        for (int suffix = 1;; ++suffix)
            if (const auto candidate = wanted + "-" + std::to_string (suffix); !taken (candidate))
                return candidate;
    }

    std::string assetExtension (const std::string& filename, const std::string& formatName)
    {
        auto extension = fs::path (filename).extension().string();
        if (!extension.empty())
            extension.erase (0, 1);
        const bool sane =
            !extension.empty() && extension.size() <= 5
            && std::all_of (extension.begin(), extension.end(), [] (unsigned char c) { return std::isalnum (c); });
        if (sane)
        {
            std::transform (extension.begin(), extension.end(), extension.begin(),
                            [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
            return extension;
        }
        const auto first = formatName.substr (0, formatName.find (','));
        return first.empty() ? "bin" : first;
    }

    /** Builds a next_href from the request's own parameters with new paging parameters. */
    std::string nextHref (const std::string& base, const httplib::Request& request,
                          const std::vector<std::pair<std::string, std::string>>& paging)
    {
        static const std::set<std::string> pagingKeys{ "offset", "cursor", "limit", "linked_partitioning" };
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& [key, value] : request.params)
            if (pagingKeys.count (key) == 0)
                pairs.emplace_back (key, value);
        pairs.insert (pairs.end(), paging.begin(), paging.end());
        return base + request.path + "?" + buildQuery (pairs);
    }

    /** One page of tracks as the live API answers: a bare array, or {collection, next_href} when linked. */
    json pageOfTracks (const std::vector<const TrackRecord*>& matches, const PageRequest& page, const State& state,
                       const PublicUrls& urls, std::int64_t viewerId, const std::function<std::string()>& next)
    {
        json collection = json::array();
        const auto begin = std::min<std::size_t> (static_cast<std::size_t> (page.offset), matches.size());
        const auto end = std::min<std::size_t> (begin + static_cast<std::size_t> (page.limit), matches.size());
        for (auto i = begin; i < end; ++i)
            collection.push_back (trackJson (*matches[i], state, urls, viewerId == matches[i]->userId));
        if (!page.linkedPartitioning)
            return collection;
        json linked = { { "collection", collection } };
        if (end < matches.size())
            linked["next_href"] = next();
        return linked;
    }

    void sortTracks (std::vector<const TrackRecord*>& tracks, bool ascending)
    {
        std::sort (tracks.begin(), tracks.end(),
                   [ascending] (const TrackRecord* a, const TrackRecord* b)
                   {
                       const auto keyA = std::pair{ a->createdAt, a->id };
                       const auto keyB = std::pair{ b->createdAt, b->id };
                       return ascending ? keyA < keyB : keyB < keyA;
                   });
    }
} // namespace

std::string permalinkFromTitle (const std::string& title)
{
    std::string permalink;
    for (const char c : title)
    {
        const auto byte = static_cast<unsigned char> (c);
        if (std::isalnum (byte))
            permalink += static_cast<char> (std::tolower (byte));
        else if ((c == ' ' || c == '-' || c == '_') && !permalink.empty() && permalink.back() != '-')
            permalink += '-';
    }
    while (!permalink.empty() && permalink.back() == '-')
        permalink.pop_back();
    if (permalink.size() > 80)
        permalink.resize (80);
    return permalink.empty() ? "track" : permalink;
}

std::optional<std::string> applyTrackFields (TrackRecord& track, const std::map<std::string, std::string>& fields)
{
    static const std::set<std::string> sharingValues{ "public", "private" };
    static const std::set<std::string> embeddableValues{ "all", "me", "none" };
    static const std::set<std::string> licenses{
        "no-rights-reserved", "all-rights-reserved", "cc-by",      "cc-by-nc", "cc-by-nd",
        "cc-by-sa",           "cc-by-nc-nd",         "cc-by-nc-sa"
    };
    const std::map<std::string, std::string TrackRecord::*> textFields{
        { "title", &TrackRecord::title },
        { "permalink", &TrackRecord::permalink },
        { "description", &TrackRecord::description },
        { "genre", &TrackRecord::genre },
        { "tag_list", &TrackRecord::tagList },
        { "purchase_url", &TrackRecord::purchaseUrl },
        { "purchase_title", &TrackRecord::purchaseTitle },
        { "label_name", &TrackRecord::labelName },
        { "release", &TrackRecord::release },
        { "isrc", &TrackRecord::isrc },
        { "metadata_artist", &TrackRecord::metadataArtist },
        { "key_signature", &TrackRecord::keySignature },
    };
    const std::map<std::string, bool TrackRecord::*> booleanFields{
        { "streamable", &TrackRecord::streamable },          { "downloadable", &TrackRecord::downloadable },
        { "commentable", &TrackRecord::commentable },        { "reveal_stats", &TrackRecord::revealStats },
        { "reveal_comments", &TrackRecord::revealComments },
    };
    const std::map<std::string, std::pair<std::string TrackRecord::*, const std::set<std::string>*>> enumFields{
        { "sharing", { &TrackRecord::sharing, &sharingValues } },
        { "embeddable_by", { &TrackRecord::embeddableBy, &embeddableValues } },
        { "license", { &TrackRecord::license, &licenses } },
    };

    for (const auto& [key, value] : fields)
    {
        if (const auto it = textFields.find (key); it != textFields.end())
        {
            track.*(it->second) = value;
        }
        else if (const auto boolean = booleanFields.find (key); boolean != booleanFields.end())
        {
            const auto parsed = parseBoolean (value);
            if (!parsed)
                return "track[" + key + "] must be true or false";
            track.*(boolean->second) = *parsed;
        }
        else if (const auto choice = enumFields.find (key); choice != enumFields.end())
        {
            if (choice->second.second->count (value) == 0)
                return "track[" + key + "] has an invalid value '" + value + "'";
            track.*(choice->second.first) = value;
        }
        else if (key == "release_date")
        {
            // yyyy-mm-dd, also the spec example's "2021-02-18T00:00:00.000Z".
            int year = 0, month = 0, day = 0;
            if (!value.empty() && std::sscanf (value.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3)
                return "track[release_date] must be formatted yyyy-mm-dd";
            track.releaseDate = value.substr (0, 10);
        }
        else if (key == "bpm")
        {
            if (value.empty())
                track.bpm.reset();
            else
                try
                {
                    track.bpm = std::stod (value);
                }
                catch (...)
                {
                    return "track[bpm] must be a number";
                }
        }
        // Unknown fields are ignored, as the live API does.
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------------

ApiHost::ApiHost (HttpListener& listener, ApiContext context)
    : listener_ (listener)
    , context_ (std::move (context))
{
    registerRoutes();
}

PublicUrls ApiHost::urls() const
{
    return { listener_.baseUrl(), context_.options.permalinkBase, context_.cdn.baseUrl() };
}

std::optional<AccessGrant> ApiHost::authenticate (const httplib::Request& request, httplib::Response& response,
                                                  RequestBody& body) const
{
    auto grant = context_.oauth.authenticate (request.get_header_value ("Authorization"));
    if (!grant)
    {
        finishEarly (request, response, body);
        sendEmptyUnauthorized (response);
    }
    return grant;
}

std::optional<AccessGrant> ApiHost::authenticateUser (const httplib::Request& request, httplib::Response& response,
                                                      RequestBody& body) const
{
    auto grant = authenticate (request, response, body);
    if (grant && grant->userId == 0)
    {
        finishEarly (request, response, body);
        sendEmptyUnauthorized (response);
        return std::nullopt;
    }
    return grant;
}

void ApiHost::registerRoutes()
{
    const auto bind = [this] (auto method)
    {
        return [this, method] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
        { (this->*method) (request, response, body); };
    };
    auto& listener = listener_;

    listener.route ("GET", "/me", bind (&ApiHost::getMe));
    listener.route ("GET", "/me/tracks",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    { listUserTracks (request, response, body, std::nullopt); });
    listener.route ("GET", "/users/([^/]+)", bind (&ApiHost::getUser));
    listener.route ("GET", "/users/([^/]+)/tracks",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    {
                        const auto userId = parseUserUrn (request.matches[1].str());
                        listUserTracks (request, response, body, userId.value_or (-1));
                    });
    listener.route ("POST", "/tracks", bind (&ApiHost::uploadTrack));
    listener.route ("GET", "/tracks", bind (&ApiHost::searchTracks));
    listener.route ("GET", "/tracks/([^/]+)", bind (&ApiHost::getTrack));
    listener.route ("PUT", "/tracks/([^/]+)", bind (&ApiHost::updateTrack));
    listener.route ("DELETE", "/tracks/([^/]+)", bind (&ApiHost::deleteTrack));
    listener.route ("GET", "/tracks/([^/]+)/streams", bind (&ApiHost::getStreams));
    listener.route ("GET", "/tracks/([^/]+)/streams/([0-9a-f-]+)/(hls|http)",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    { redirectToMedia (request, response, body, std::nullopt, request.matches[2].str()); });
    listener.route ("GET", "/tracks/([^/]+)/preview",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    { redirectToMedia (request, response, body, Rendition::previewMp3, {}); });
    listener.route ("GET", "/tracks/([^/]+)/download", bind (&ApiHost::redirectToOriginal));
    listener.route ("GET", "/resolve", bind (&ApiHost::resolve));
    listener.route ("POST", "/sign-out", bind (&ApiHost::signOut));

    listener.setNotFoundHandler (
        [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
        {
            if (!authenticate (request, response, body))
                return;
            finishEarly (request, response, body);
            sendApiError (response, 404, "Not Found");
        });

    // Refuse uploads before the body is sent when the client asks first (curl does for big bodies).
    listener.setExpectContinueCheck (
        [this] (const httplib::Request& request, httplib::Response& response)
        {
            const auto grant = context_.oauth.authenticate (request.get_header_value ("Authorization"));
            const bool writesTracks = request.method != "GET" && request.path.starts_with ("/tracks");
            if (!grant || (grant->userId == 0 && writesTracks))
            {
                sendEmptyUnauthorized (response);
                return 401;
            }
            if (request.path == "/tracks" && declaredLength (request) > context_.options.maxAssetBytes + 1024 * 1024)
            {
                sendApiError (response, 413, sizeLimitMessage (context_.options.maxAssetBytes));
                return 413;
            }
            return 100;
        });
}

void ApiHost::getMe (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticateUser (request, response, body);
    if (!grant)
        return;
    context_.store.read (
        [&] (const State& state)
        {
            if (const auto* user = state.findUser (grant->userId))
                sendJson (response, 200, meJson (*user, state, urls()));
            else
                sendEmptyUnauthorized (response);
        });
}

void ApiHost::getUser (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    if (!authenticate (request, response, body))
        return;
    const auto userId = parseUserUrn (request.matches[1].str());
    context_.store.read (
        [&] (const State& state)
        {
            const auto* user = userId ? state.findUser (*userId) : nullptr;
            if (user == nullptr)
                sendApiError (response, 404, "Not Found");
            else
                sendJson (response, 200, userJson (*user, state, urls()));
        });
}

void ApiHost::listUserTracks (const httplib::Request& request, httplib::Response& response, RequestBody& body,
                              std::optional<std::int64_t> userId)
{
    const auto grant = userId ? authenticate (request, response, body) : authenticateUser (request, response, body);
    if (!grant)
        return;
    const auto ownerId = userId.value_or (grant->userId);
    const bool mine = ownerId == grant->userId;

    PageRequest page;
    TrackFilter filter;
    if (mine && !request.has_param ("access"))
        filter.access = { "playable", "preview", "blocked" };
    if (auto error = parsePageRequest (request.params, page))
    {
        sendApiError (response, 400, *error);
        return;
    }
    if (auto error = parseTrackFilter (request.params, filter))
    {
        sendApiError (response, 400, *error);
        return;
    }
    context_.store.read (
        [&] (const State& state)
        {
            if (state.findUser (ownerId) == nullptr)
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            std::vector<const TrackRecord*> matches;
            for (const auto& track : state.tracks)
                if (track.userId == ownerId && (mine || !track.isPrivate())
                    && filter.matches (track, state.findUser (track.userId)))
                    matches.push_back (&track);
            sortTracks (matches, page.ascending);
            const auto next = [&]
            {
                return nextHref (urls().api, request,
                                 { { "limit", std::to_string (page.limit) },
                                   { "cursor", encodeCursor (page.offset + page.limit) },
                                   { "linked_partitioning", "true" } });
            };
            sendJson (response, 200, pageOfTracks (matches, page, state, urls(), grant->userId, next));
        });
}

void ApiHost::searchTracks (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    PageRequest page;
    TrackFilter filter;
    if (auto error = parsePageRequest (request.params, page))
    {
        sendApiError (response, 400, *error);
        return;
    }
    if (auto error = parseTrackFilter (request.params, filter))
    {
        sendApiError (response, 400, *error);
        return;
    }
    context_.store.read (
        [&] (const State& state)
        {
            std::vector<const TrackRecord*> matches;
            for (const auto& track : state.tracks)
                if (!track.isPrivate() && filter.matches (track, state.findUser (track.userId)))
                    matches.push_back (&track);
            sortTracks (matches, false);
            // Search pages with offset= in next_href, as the live search endpoints do.
            const auto next = [&]
            {
                return nextHref (urls().api, request,
                                 { { "limit", std::to_string (page.limit) },
                                   { "offset", std::to_string (page.offset + page.limit) },
                                   { "linked_partitioning", "1" } });
            };
            sendJson (response, 200, pageOfTracks (matches, page, state, urls(), grant->userId, next));
        });
}

void ApiHost::getTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto secretToken = param (request, "secret_token");
    context_.store.read (
        [&] (const State& state)
        {
            const auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, secretToken))
                sendApiError (response, 404, "Not Found");
            else
                sendJson (response, 200, trackJson (*track, state, urls(), true));
        });
}

void ApiHost::uploadTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticateUser (request, response, body);
    if (!grant)
        return;
    const auto& options = context_.options;
    if (declaredLength (request) > options.maxAssetBytes + 1024 * 1024)
    {
        response.set_header ("Connection", "close");
        sendApiError (response, 413, sizeLimitMessage (context_.options.maxAssetBytes));
        return;
    }

    MultipartUploadReceiver upload (context_.dataDir / "uploads", options.maxAssetBytes);
    switch (upload.receive (body))
    {
        case MultipartUploadReceiver::Failure::none: break;
        case MultipartUploadReceiver::Failure::notMultipart:
            finishEarly (request, response, body);
            sendApiError (response, 422, "track[asset_data] is required (send multipart/form-data)");
            return;
        case MultipartUploadReceiver::Failure::assetTooLarge:
            if (!upload.bodyFullyRead())
                response.set_header ("Connection", "close");
            sendApiError (response, 413, sizeLimitMessage (context_.options.maxAssetBytes));
            return;
        case MultipartUploadReceiver::Failure::fieldTooLarge:
            if (!upload.bodyFullyRead())
                response.set_header ("Connection", "close");
            sendApiError (response, 400, "a form field is too large");
            return;
        case MultipartUploadReceiver::Failure::readFailed:
            response.set_header ("Connection", "close");
            sendApiError (response, 400, "the multipart body could not be read");
            return;
        case MultipartUploadReceiver::Failure::diskFailed:
            response.set_header ("Connection", "close");
            sendApiError (response, 500, "Internal Server Error");
            return;
    }

    // Live quirk (soundcloud-api.md, issue #409): including track[artwork_data] in the upload makes the API answer
    // 500. Artwork goes afterwards with PUT /tracks/{urn}.
    if (const auto& artwork = upload.file ("track[artwork_data]"); artwork && artwork->size > 0)
    {
        sendApiError (response, 500, "Internal Server Error");
        return;
    }
    auto fields = unwrapTrackFields (upload.fields());
    fields.erase ("asset_data");
    fields.erase ("artwork_data");
    auto& asset = upload.file ("track[asset_data]");
    const auto titleIt = fields.find ("title");
    if (titleIt == fields.end() || titleIt->second.find_first_not_of (" \t\r\n") == std::string::npos)
    {
        sendApiError (response, 422, "track[title] is required");
        return;
    }
    if (!asset || asset->size == 0)
    {
        sendApiError (response, 422, "track[asset_data] is required");
        return;
    }

    TrackRecord track;
    if (auto error = applyTrackFields (track, fields))
    {
        sendApiError (response, 422, *error);
        return;
    }
    const auto info = probeAudio (options.ffprobePath, asset->file->path());
    if (!info)
    {
        sendApiError (response, 422, unprocessableAsset);
        return;
    }
    if (info->durationMs > maxTrackDurationMs)
    {
        sendApiError (response, 422, "asset_data is longer than 24 hours");
        return;
    }

    const auto now = context_.epochNow();
    track.userId = grant->userId;
    track.durationMs = info->durationMs;
    track.createdAt = now;
    track.lastModified = now;
    track.originalFormat = assetExtension (asset->filename, info->formatName);
    track.mediaKey = crypto::randomToken (12);
    for (const auto rendition : allRenditions)
        track.renditions[rendition] = RenditionState{ crypto::randomUuid(), false, false };
    if (track.isPrivate())
        track.secretToken = "s-" + crypto::randomAlphanumeric (11);

    std::optional<std::string> quotaError;
    const auto stored = context_.store.write (
        [&] (State& state) -> std::optional<TrackRecord>
        {
            const auto* user = state.findUser (track.userId);
            if (user == nullptr)
                return std::nullopt;
            const auto seconds = (track.durationMs + 999) / 1000;
            if (user->uploadQuotaSeconds != 0
                && uploadSecondsUsed (state, user->id) + seconds > user->uploadQuotaSeconds)
            {
                quotaError = "upload quota exceeded: " + std::to_string (seconds) + " s of audio, "
                             + std::to_string (std::max<std::int64_t> (0, user->uploadQuotaSeconds
                                                                              - uploadSecondsUsed (state, user->id)))
                             + " s left";
                return std::nullopt;
            }
            track.id = state.nextTrackId++;
            track.assetFile = "assets/" + std::to_string (track.id) + "/original." + track.originalFormat;
            track.permalink = uniquePermalink (state, track.userId, track.id,
                                               track.permalink.empty() ? permalinkFromTitle (track.title)
                                                                       : permalinkFromTitle (track.permalink));
            asset->file->moveTo (context_.dataDir / track.assetFile);
            ++state.counters["uploads"];
            state.tracks.push_back (track);
            return track;
        });
    if (!stored)
    {
        if (quotaError)
            sendApiError (response, 422, *quotaError);
        else
            sendEmptyUnauthorized (response);
        return;
    }
    context_.transcoder.enqueue (transcodeJobFor (*stored, context_.dataDir));
    context_.store.read ([&] (const State& state)
                         { sendJson (response, 201, trackJson (*stored, state, urls(), true)); });
}

namespace
{
    /** ".jpg" or ".png" by the file's first bytes; empty for anything else. */
    std::string imageExtensionOf (const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        unsigned char magic[8] = {};
        in.read (reinterpret_cast<char*> (magic), sizeof (magic));
        if (in.gcount() >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
            return ".jpg";
        if (in.gcount() == 8 && std::memcmp (magic, "\x89PNG\r\n\x1a\n", 8) == 0)
            return ".png";
        return {};
    }
} // namespace

void ApiHost::updateTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticateUser (request, response, body);
    if (!grant)
        return;
    std::map<std::string, std::string> fields;
    std::optional<MultipartUploadReceiver> upload;
    std::string artworkExtension; // ".jpg" or ".png" when the request carries artwork
    if (body.isMultipart())
    {
        upload.emplace (context_.dataDir / "uploads", 20 * 1024 * 1024);
        if (upload->receive (body) != MultipartUploadReceiver::Failure::none)
        {
            response.set_header ("Connection", "close");
            sendApiError (response, 400, "the multipart body could not be read");
            return;
        }
        fields = unwrapTrackFields (upload->fields());
        if (const auto& artwork = upload->file ("track[artwork_data]"); artwork && artwork->size > 0)
        {
            artworkExtension = imageExtensionOf (artwork->file->path());
            if (artworkExtension.empty())
            {
                sendApiError (response, 422, "artwork_data must be a JPEG or PNG image");
                return;
            }
        }
    }
    else
    {
        const auto content = body.readAll (maxJsonBytes);
        if (!content)
        {
            response.set_header ("Connection", "close");
            sendApiError (response, 400, "request body too large");
            return;
        }
        if (request.get_header_value ("Content-Type").starts_with ("application/x-www-form-urlencoded"))
        {
            fields = unwrapTrackFields (parseFormEncoded (*content));
        }
        else
        {
            auto parsed = jsonTrackFields (*content);
            if (!parsed)
            {
                sendApiError (response, 400, "expected a JSON body {\"track\": {…}}");
                return;
            }
            fields = std::move (*parsed);
        }
    }
    fields.erase ("asset_data");
    fields.erase ("artwork_data");
    if (const auto title = fields.find ("title"); title != fields.end() && title->second.empty())
    {
        sendApiError (response, 422, "track[title] can't be blank");
        return;
    }

    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto now = context_.epochNow();
    context_.store.write (
        [&] (State& state)
        {
            auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, param (request, "secret_token")))
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            if (!ownedBy (*track, *grant))
            {
                sendApiError (response, 403, "Forbidden");
                return;
            }
            auto updated = *track;
            if (auto error = applyTrackFields (updated, fields))
            {
                sendApiError (response, 422, *error);
                return;
            }
            if (fields.count ("permalink") > 0)
                updated.permalink =
                    uniquePermalink (state, updated.userId, updated.id, permalinkFromTitle (updated.permalink));
            if (updated.isPrivate() && updated.secretToken.empty())
                updated.secretToken = "s-" + crypto::randomAlphanumeric (11);
            if (!artworkExtension.empty())
            {
                std::error_code ignored;
                if (!updated.artworkFile.empty()) // a replaced image of the other type must not linger
                    std::filesystem::remove (context_.dataDir / updated.artworkFile, ignored);
                updated.artworkFile = "artworks/" + std::to_string (updated.id) + "/artwork" + artworkExtension;
                std::filesystem::create_directories ((context_.dataDir / updated.artworkFile).parent_path(), ignored);
                try
                {
                    upload->file ("track[artwork_data]")->file->moveTo (context_.dataDir / updated.artworkFile);
                }
                catch (const std::exception&)
                {
                    sendApiError (response, 500, "Internal Server Error");
                    return;
                }
            }
            updated.lastModified = now;
            *track = updated;
            sendJson (response, 200, trackJson (*track, state, urls(), true));
        });
}

void ApiHost::deleteTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticateUser (request, response, body);
    if (!grant)
        return;
    finishEarly (request, response, body);
    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto removed = context_.store.write (
        [&] (State& state) -> std::optional<TrackRecord>
        {
            auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, param (request, "secret_token")))
            {
                sendApiError (response, 404, "Not Found");
                return std::nullopt;
            }
            if (!ownedBy (*track, *grant))
            {
                sendApiError (response, 403, "Forbidden");
                return std::nullopt;
            }
            auto copy = *track;
            std::erase_if (state.tracks, [&] (const TrackRecord& candidate) { return candidate.id == copy.id; });
            return copy;
        });
    if (!removed)
        return;
    context_.transcoder.cancel (removed->id);
    removeQuietly (context_.dataDir / "assets" / std::to_string (removed->id));
    removeQuietly (context_.dataDir / "media" / removed->mediaKey);
    sendJson (response, 200, { { "status", "200 - OK" } });
}

void ApiHost::getStreams (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto secretToken = param (request, "secret_token");
    context_.store.read (
        [&] (const State& state)
        {
            const auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, secretToken))
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            // Only what can be served now is listed: a fresh upload shows its URLs as its transcodes finish.
            json streams = json::object();
            if (track->access != "blocked")
            {
                const auto query = secretToken.empty() ? std::string{} : "?secret_token=" + urlEncode (secretToken);
                for (const auto& [rendition, rendState] : track->renditions)
                {
                    if (!rendState.ready)
                        continue;
                    const auto kind = rendition == Rendition::previewMp3 ? "/http" : "/hls";
                    streams[std::string (streamFieldName (rendition)) + "_url"] =
                        urls().api + "/tracks/" + track->urn() + "/streams/" + rendState.streamId + kind + query;
                }
            }
            sendJson (response, 200, streams);
        });
}

void ApiHost::redirectToMedia (const httplib::Request& request, httplib::Response& response, RequestBody& body,
                               std::optional<Rendition> wanted, const std::string& streamId)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto secretToken = param (request, "secret_token");
    const auto now = context_.epochNow();
    const RateLimit playLimit{ context_.options.playLimitPer24h, 24 * 3600, "PT24H" };

    context_.store.write (
        [&] (State& state)
        {
            auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, secretToken))
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            // A blocked track streams nothing, whatever the URL.
            if (track->access == "blocked")
            {
                sendApiError (response, 403, "Forbidden");
                return;
            }
            auto rendition = wanted;
            if (!rendition)
                for (const auto& [candidate, rendState] : track->renditions)
                    if (rendState.streamId == streamId)
                        rendition = candidate;
            const auto isHlsPath = request.path.ends_with ("/hls");
            if (!rendition || (!wanted && (*rendition == Rendition::previewMp3) == isHlsPath))
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            if (track->access == "preview" && *rendition != Rendition::previewMp3)
            {
                sendApiError (response, 403, "Forbidden");
                return;
            }
            const auto rendState = track->renditions.find (*rendition);
            if (rendState == track->renditions.end() || !rendState->second.ready)
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            auto& plays = state.rateWindows["plays:" + grant->clientId];
            const auto decision = tryConsume (plays, playLimit, now);
            if (!decision.allowed)
            {
                sendJson (response, 429, playsRateLimitBody (playLimit.maxRequests, decision.resetTime));
                return;
            }
            ++track->playbackCount;
            ++state.counters["plays"];
            const auto expiresAt = now + context_.options.cdnUrlLifetimeSeconds;
            sendFound (response, *rendition == Rendition::previewMp3
                                     ? context_.cdn.signedPreviewUrl (*track, expiresAt)
                                     : context_.cdn.signedPlaylistUrl (*track, *rendition, expiresAt));
        });
}

void ApiHost::redirectToOriginal (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    const auto trackId = parseTrackUrn (request.matches[1].str());
    const auto now = context_.epochNow();
    context_.store.write (
        [&] (State& state)
        {
            auto* track = trackId ? state.findTrack (*trackId) : nullptr;
            if (track == nullptr || !visibleTo (*track, *grant, param (request, "secret_token"))
                || (!track->downloadable && !ownedBy (*track, *grant)))
            {
                sendApiError (response, 404, "Not Found");
                return;
            }
            ++track->downloadCount;
            sendFound (response, context_.cdn.signedOriginalUrl (*track, now + context_.options.cdnUrlLifetimeSeconds));
        });
}

void ApiHost::resolve (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    const auto grant = authenticate (request, response, body);
    if (!grant)
        return;
    auto url = param (request, "url");
    // Accept soundcloud.com (and m./www.) as well as the configured permalink base.
    std::string path;
    const auto hostStart = url.find ("://");
    if (hostStart != std::string::npos)
    {
        const auto pathStart = url.find ('/', hostStart + 3);
        const auto host =
            url.substr (hostStart + 3, pathStart == std::string::npos ? std::string::npos : pathStart - hostStart - 3);
        const auto baseHostStart = context_.options.permalinkBase.find ("://");
        const auto baseHost = baseHostStart == std::string::npos
                                  ? std::string{}
                                  : context_.options.permalinkBase.substr (baseHostStart + 3);
        const bool known = host == "soundcloud.com" || host == "www.soundcloud.com" || host == "m.soundcloud.com"
                           || host == baseHost.substr (0, baseHost.find ('/'));
        if (known && pathStart != std::string::npos)
            path = url.substr (pathStart);
    }
    path = path.substr (0, path.find_first_of ("?#"));
    std::vector<std::string> segments;
    for (std::size_t start = 0; start < path.size();)
    {
        const auto end = path.find ('/', start);
        const auto segment = path.substr (start, end == std::string::npos ? std::string::npos : end - start);
        if (!segment.empty())
            segments.push_back (urlDecode (segment, false));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }

    context_.store.read (
        [&] (const State& state)
        {
            const auto* user = segments.empty() ? nullptr : state.findUserByPermalink (segments[0]);
            if (user != nullptr && segments.size() == 1)
            {
                // The Location still carries the numeric id on the live API (#403).
                sendFound (response, urls().api + "/users/" + std::to_string (user->id));
                return;
            }
            if (user != nullptr && (segments.size() == 2 || segments.size() == 3))
            {
                for (const auto& track : state.tracks)
                {
                    if (track.userId != user->id || track.permalink != segments[1])
                        continue;
                    const auto secret = segments.size() == 3 ? segments[2] : std::string{};
                    if (!visibleTo (track, *grant, secret))
                        break;
                    auto location = urls().api + "/tracks/" + std::to_string (track.id);
                    if (track.isPrivate())
                        location += "?secret_token=" + track.secretToken;
                    sendFound (response, location);
                    return;
                }
            }
            sendApiError (response, 404, "Not Found");
        });
}

void ApiHost::signOut (const httplib::Request& request, httplib::Response& response, RequestBody& body)
{
    if (!authenticate (request, response, body))
        return;
    finishEarly (request, response, body);
    context_.oauth.revoke (OAuthService::bearerToken (request.get_header_value ("Authorization")));
    sendJson (response, 200, { { "status", "200 - OK" } });
}
} // namespace wavelift::sandbox
