// State survives restarts: app credentials, tokens, refresh tokens, uploads, transcodes and play counters live in
// the data folder.

#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

TEST_CASE ("sandbox persistence - credentials - tokens and tracks survive a restart", "[sandbox][persistence]")
{
    TestSandbox sandbox ([] (Options& options) { options.playLimitPer24h = 2; });
    auto tokens = userTokens (sandbox.server());
    const auto clientId = sandbox.server().clientId();
    const auto clientSecret = sandbox.server().clientSecret();
    const auto upload = uploadTrack (sandbox.server(), tokens.accessToken, sample ("ambi_piano"),
                                     { { "track[title]", "Survivor" }, { "track[genre]", "Piano" } });
    REQUIRE (upload.status == 201);
    const auto urn = field (upload, "urn").get<std::string>();
    sandbox.server().waitForTranscodes();
    const auto streams = get (sandbox.api ("/tracks/" + urn + "/streams"), tokens.accessToken).json();
    REQUIRE (streams.size() == 3);
    CHECK (get (streams["preview_mp3_128_url"].get<std::string>(), tokens.accessToken).status == 302);

    sandbox.restart();
    auto& server = sandbox.server();
    CHECK (server.clientId() == clientId);
    CHECK (server.clientSecret() == clientSecret);
    CHECK (get (sandbox.api ("/me"), tokens.accessToken).status == 200);
    const auto track = get (sandbox.api ("/tracks/" + urn), tokens.accessToken);
    REQUIRE (track.status == 200);
    CHECK (field (track, "title") == "Survivor");
    CHECK (field (track, "playback_count") == 1);
    CHECK (server.stats().at ("transcodes").at ("queued") == 0); // nothing left to transcode

    // The stream ids and the play counter were kept: one play left in the window.
    const auto afterRestart = get (sandbox.api ("/tracks/" + urn + "/streams"), tokens.accessToken).json();
    REQUIRE (afterRestart.size() == 3);
    for (const auto& [key, url] : streams.items())
    {
        // Same stream ids; only the (ephemeral) port changed.
        const auto path = [] (const std::string& full) { return full.substr (full.find ("/tracks/")); };
        CHECK (path (afterRestart.at (key).get<std::string>()) == path (url.get<std::string>()));
    }
    const auto redirected = get (afterRestart["hls_aac_160_url"].get<std::string>(), tokens.accessToken);
    REQUIRE (redirected.status == 302);
    CHECK (get (redirected.header ("location")).status == 200);
    CHECK (get (afterRestart["hls_aac_160_url"].get<std::string>(), tokens.accessToken).status == 429);

    // The refresh token issued before the restart still rotates.
    const auto refreshed = postForm (sandbox.auth ("/oauth/token"), { { "grant_type", "refresh_token" },
                                                                      { "client_id", clientId },
                                                                      { "client_secret", clientSecret },
                                                                      { "refresh_token", tokens.refreshToken } });
    CHECK (refreshed.status == 200);
}

TEST_CASE ("sandbox persistence - an interrupted transcode resumes after a restart", "[sandbox][persistence]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto upload =
        uploadTrack (sandbox.server(), token, sample ("guit_harmonics"), { { "track[title]", "Resume" } });
    REQUIRE (upload.status == 201);
    const auto urn = field (upload, "urn").get<std::string>();
    // Stop at once: whatever wasn't finished stays pending in state.json and is queued again at the next start.
    sandbox.restart();
    sandbox.server().waitForTranscodes();
    CHECK (get (sandbox.api ("/tracks/" + urn + "/streams"), token).json().size() == 3);
}

TEST_CASE ("sandbox persistence - a fresh data folder is seeded with the deterministic catalogue",
           "[sandbox][persistence]")
{
    TempDir data;
    Options options;
    options.dataDir = data.path();
    SandboxServer server (options);
    server.start();
    CHECK (server.stats().at ("tracks") == 16);
    CHECK (server.stats().at ("users") == 5);
    CHECK (server.clientId().size() == 32);
    CHECK (server.clientSecret().size() == 32);
    CHECK (std::filesystem::exists (data.path() / "state.json"));
    CHECK (std::filesystem::exists (data.path() / "assets" / "2147483640" / "original.flac"));
    server.waitForTranscodes();
    const auto transcodes = server.stats().at ("transcodes");
    CHECK (transcodes.at ("completed") == 45); // 15 streamable tracks x 3 renditions (the blocked one has none)
    CHECK (transcodes.at ("failed") == 0);
    CHECK (transcodes.at ("tracks_pending") == 0);
    server.stop();
}
