// GET /tracks/{urn}/streams and its redirectors: authenticated API-host URLs answering 302 to signed, expiring CDN
// URLs; the CDN refuses Authorization headers and bad or expired signatures; preview-only and blocked tracks.

#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
const std::string amenFull = "soundcloud:tracks:2147483640";
const std::string tablaPreviewOnly = "soundcloud:tracks:2147483647";
const std::string industrialBlocked = "soundcloud:tracks:2147483648";
const std::string choirPrivate = "soundcloud:tracks:2147483654";

nlohmann::json streamsOf (const TestSandbox& sandbox, const std::string& urn, const std::string& token,
                          const std::string& query = {})
{
    const auto response = get (sandbox.api ("/tracks/" + urn + "/streams" + query), token);
    REQUIRE (response.status == 200);
    return response.json();
}

HttpResponse withHeader (const std::string& url, const std::string& header)
{
    HttpRequest request;
    request.url = url;
    request.headers = { header };
    return perform (request);
}

/** The signed URIs in a playlist, resolved against the playlist URL. */
std::vector<std::string> playlistUris (const std::string& playlistUrl, const std::string& playlist)
{
    const auto base = playlistUrl.substr (0, playlistUrl.rfind ('/', playlistUrl.find ('?')) + 1);
    std::vector<std::string> uris;
    std::istringstream lines (playlist);
    for (std::string line; std::getline (lines, line);)
    {
        if (line.starts_with ("#EXT-X-MAP:URI=\""))
            uris.push_back (base + line.substr (16, line.rfind ('"') - 16));
        else if (!line.empty() && line.front() != '#')
            uris.push_back (base + line);
    }
    return uris;
}
} // namespace

TEST_CASE ("sandbox streams - redirectors need the token and 302 to signed CDN URLs", "[sandbox][streams]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;

    const auto unauthenticated = get (sandbox.api ("/tracks/" + amenFull + "/streams"));
    CHECK (unauthenticated.status == 401);
    CHECK (unauthenticated.body.empty());

    const auto streams = streamsOf (sandbox, amenFull, token);
    REQUIRE (streams.size() == 3);
    for (const auto& [key, value] : streams.items())
    {
        INFO (key);
        const auto url = value.get<std::string>();
        // The live shape since 2025-11: {api}/tracks/{urn}/streams/<uuid>/hls (or /http for the progressive preview).
        CHECK (url.starts_with (sandbox.api ("/tracks/" + amenFull + "/streams/")));
        CHECK ((url.ends_with ("/hls") || url.ends_with ("/http")));

        const auto withoutToken = get (url);
        CHECK (withoutToken.status == 401);
        CHECK (withoutToken.body.empty());

        const auto redirected = get (url, token);
        CHECK (redirected.status == 302);
        const auto location = redirected.header ("location");
        CHECK (location.starts_with (server.cdnUrl() + "/"));
        const auto query = queryOf (location);
        CHECK (query.count ("Policy") == 1);
        CHECK (query.count ("Signature") == 1);
        CHECK (query.count ("Key-Pair-Id") == 1);

        // An authenticated HEAD reads the Location, as the maintainers advise (#478).
        HttpRequest head;
        head.url = url;
        head.headOnly = true;
        head.headers = { authorizationHeader (token) };
        const auto headResponse = perform (head);
        CHECK (headResponse.status == 302);
        CHECK (headResponse.header ("location").starts_with (server.cdnUrl() + "/"));

        // The CDN serves the signed URL to a client that sends no token.
        const auto media = get (location);
        CHECK (media.status == 200);
        CHECK_FALSE (media.body.empty());
    }
}

TEST_CASE ("sandbox streams - the CDN serves playlist and segments on the signature - refuses tokens and expired URLs",
           "[sandbox][streams][cdn]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;
    const auto streams = streamsOf (sandbox, amenFull, token);
    const auto playlistUrl = get (streams["hls_aac_160_url"].get<std::string>(), token).header ("location");
    const auto previewUrl = get (streams["preview_mp3_128_url"].get<std::string>(), token).header ("location");
    server.clearRequests();

    const auto playlist = get (playlistUrl);
    REQUIRE (playlist.status == 200);
    const auto uris = playlistUris (playlistUrl, playlist.body);
    REQUIRE (uris.size() == 2); // 6.86 s in 6 s segments
    for (const auto& uri : uris)
    {
        INFO (uri);
        const auto segment = get (uri);
        CHECK (segment.status == 200);
        CHECK (segment.header ("content-type") == "video/MP2T");
        REQUIRE_FALSE (segment.body.empty());
        CHECK (static_cast<unsigned char> (segment.body[0]) == 0x47); // MPEG-TS sync byte
    }

    SECTION ("an Authorization header is refused, even with a valid signature")
    {
        const auto refused = withHeader (playlistUrl, authorizationHeader (token));
        CHECK (refused.status == 403);
        CHECK (refused.body.find ("<Code>AccessDenied</Code>") != std::string::npos);
        CHECK (withHeader (uris.front(), "Authorization: Bearer " + token).status == 403);
    }
    SECTION ("expired signatures are refused")
    {
        server.advanceClock (std::chrono::seconds (301));
        CHECK (get (playlistUrl).status == 403);
        CHECK (get (uris.front()).status == 403);
        CHECK (get (previewUrl).status == 403);
        // A new redirect hands out a fresh URL.
        const auto fresh = get (streams["hls_aac_160_url"].get<std::string>(), token).header ("location");
        CHECK (get (fresh).status == 200);
    }
    SECTION ("tampered, missing or misapplied signatures are refused")
    {
        auto tampered = playlistUrl;
        const auto signature = tampered.find ("Signature=") + 10;
        tampered[signature] = tampered[signature] == 'A' ? 'B' : 'A';
        CHECK (get (tampered).status == 403);
        CHECK (get (playlistUrl.substr (0, playlistUrl.find ('?'))).status == 403);
        // The HLS folder's signature doesn't open the preview.
        const auto previewPath = previewUrl.substr (0, previewUrl.find ('?'));
        CHECK (get (previewPath + playlistUrl.substr (playlistUrl.find ('?'))).status == 403);
    }

    // Nothing on the CDN ever got a token except the requests this test sent one with on purpose.
    for (const auto& request : server.requests())
        if (request.host == "cdn" && request.hadAuthorization)
            CHECK (request.status == 403);
}

TEST_CASE ("sandbox streams - the CDN never receives a token during normal playback", "[sandbox][streams][cdn]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;
    server.clearRequests();
    const auto streams = streamsOf (sandbox, amenFull, token);
    for (const auto& [key, value] : streams.items())
    {
        // What a player does: an authenticated request to the API, then the CDN URL without the header.
        const auto location = get (value.get<std::string>(), token).header ("location");
        const auto media = get (location);
        REQUIRE (media.status == 200);
        if (key != "preview_mp3_128_url")
            for (const auto& uri : playlistUris (location, media.body))
                REQUIRE (get (uri).status == 200);
    }
    int cdnRequests = 0;
    for (const auto& request : server.requests())
    {
        if (request.host != "cdn")
            continue;
        ++cdnRequests;
        CHECK_FALSE (request.hadAuthorization);
    }
    CHECK (cdnRequests == 7); // two playlists with two segments each, and the preview
    CHECK (server.stats().at ("cdn_requests_with_authorization") == 0);
}

TEST_CASE ("sandbox streams - preview-only tracks stream the preview - blocked tracks stream nothing",
           "[sandbox][streams]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;

    CHECK (field (get (sandbox.api ("/tracks/" + tablaPreviewOnly), token), "access") == "preview");
    const auto preview = streamsOf (sandbox, tablaPreviewOnly, token);
    REQUIRE (preview.size() == 3);
    for (const auto* full : { "hls_aac_160_url", "hls_aac_96_url" })
    {
        const auto refused = get (preview[full].get<std::string>(), token);
        CHECK (refused.status == 403);
        CHECK (field (refused, "code") == 403);
    }
    const auto snippet = get (preview["preview_mp3_128_url"].get<std::string>(), token);
    REQUIRE (snippet.status == 302);
    const auto mp3 = get (snippet.header ("location"));
    CHECK (mp3.status == 200);
    CHECK (mp3.header ("content-type") == "audio/mpeg");
    CHECK (get (sandbox.api ("/tracks/" + tablaPreviewOnly + "/preview"), token).status == 302);

    CHECK (field (get (sandbox.api ("/tracks/" + industrialBlocked), token), "access") == "blocked");
    CHECK (streamsOf (sandbox, industrialBlocked, token) == nlohmann::json::object());
    CHECK (get (sandbox.api ("/tracks/" + industrialBlocked + "/preview"), token).status == 403);
    const auto guessed =
        sandbox.api ("/tracks/" + industrialBlocked + "/streams/00000000-0000-4000-8000-000000000000/hls");
    CHECK (get (guessed, token).status == 403);
}

TEST_CASE ("sandbox streams - private tracks stream for the owner and with the secret token", "[sandbox][streams]")
{
    TestSandbox sandbox;
    const auto owner = userTokens (sandbox.server()).accessToken;
    const auto app = appTokens (sandbox.server()).accessToken;

    CHECK (get (sandbox.api ("/tracks/" + choirPrivate + "/streams"), app).status == 404);
    const auto ownerStreams = streamsOf (sandbox, choirPrivate, owner);
    REQUIRE (ownerStreams.size() == 3);
    CHECK (get (ownerStreams["hls_aac_96_url"].get<std::string>(), app).status == 404);

    const auto secretUri =
        field (get (sandbox.api ("/tracks/" + choirPrivate), owner), "secret_uri").get<std::string>();
    const auto secret = queryOf (secretUri).at ("secret_token");
    const auto shared = streamsOf (sandbox, choirPrivate, app, "?secret_token=" + secret);
    REQUIRE (shared.size() == 3);
    const auto redirected = get (shared["hls_aac_96_url"].get<std::string>(), app);
    CHECK (redirected.status == 302);
    CHECK (get (redirected.header ("location")).status == 200);
}

TEST_CASE ("sandbox streams - the download redirector hands out the original on the CDN", "[sandbox][streams][cdn]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto downloadUrl =
        field (get (sandbox.api ("/tracks/" + amenFull), token), "download_url").get<std::string>();
    const auto redirected = get (downloadUrl, token);
    REQUIRE (redirected.status == 302);
    const auto original = get (redirected.header ("location"));
    CHECK (original.status == 200);
    CHECK (original.header ("content-type") == "audio/flac");
    CHECK (original.body.size() == std::filesystem::file_size (sample ("loop_amen_full")));
}
