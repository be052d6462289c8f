#pragma once

#include "sandbox/Model.h"
#include "sandbox/SandboxOptions.h"
#include "sandbox/TrackJson.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace httplib
{
struct Request;
struct Response;
} // namespace httplib

namespace wavelift::sandbox
{
class CdnHost;
class HttpListener;
class OAuthService;
class RequestBody;
class StateStore;
class Transcoder;

struct ApiContext
{
    StateStore& store;
    OAuthService& oauth;
    const CdnHost& cdn;
    Transcoder& transcoder;
    const Options& options;
    std::filesystem::path dataDir;
    std::function<std::int64_t()> epochNow;
};

/** api.soundcloud.com: /me, tracks (upload, search, read, edit, delete), resolve, the /streams redirectors and
    sign-out. Every route wants "Authorization: OAuth <token>" (Bearer works too) and answers 401 with an empty
    text/plain body otherwise. */
class ApiHost
{
public:
    ApiHost (HttpListener& listener, ApiContext context);

private:
    void registerRoutes();
    PublicUrls urls() const;

    /** The caller's grant, or nullopt after answering 401. */
    std::optional<AccessGrant> authenticate (const httplib::Request& request, httplib::Response& response,
                                             RequestBody& body) const;
    /** The caller's user grant; app-only tokens get 401 too (they can read but not act as a user). */
    std::optional<AccessGrant> authenticateUser (const httplib::Request& request, httplib::Response& response,
                                                 RequestBody& body) const;

    void getMe (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void listUserTracks (const httplib::Request& request, httplib::Response& response, RequestBody& body,
                         std::optional<std::int64_t> userId);
    void getUser (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void uploadTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void searchTracks (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void getTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void updateTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void deleteTrack (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void getStreams (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void redirectToMedia (const httplib::Request& request, httplib::Response& response, RequestBody& body,
                          std::optional<Rendition> rendition, const std::string& streamId);
    void redirectToOriginal (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void resolve (const httplib::Request& request, httplib::Response& response, RequestBody& body);
    void signOut (const httplib::Request& request, httplib::Response& response, RequestBody& body);

    HttpListener& listener_;
    ApiContext context_;
};

/** Applies TrackDataRequest / TrackMetadataRequest fields (keys without the "track[…]" wrapper) to a track;
    returns an error message for an invalid value. */
std::optional<std::string> applyTrackFields (TrackRecord& track, const std::map<std::string, std::string>& fields);

/** "My Track!" → "my-track". */
std::string permalinkFromTitle (const std::string& title);
} // namespace wavelift::sandbox
