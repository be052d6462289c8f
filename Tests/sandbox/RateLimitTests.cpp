// The documented limits (soundcloud-api.md §7): plays per client id per 24 h, client-credentials exchanges per IP
// per hour and per app per 12 h, each answering 429 with the documented body.

#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
const std::regex apiTimestamp (R"(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \+0000)");
}

TEST_CASE ("sandbox limits - the play limit answers 429 with the plays body and resets after 24 h", "[sandbox][limits]")
{
    TestSandbox sandbox ([] (Options& options) { options.playLimitPer24h = 3; });
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;
    const auto streams = get (sandbox.api ("/tracks/soundcloud:tracks:2147483640/streams"), token).json();
    const auto hls = streams["hls_aac_160_url"].get<std::string>();

    for (int play = 0; play < 3; ++play)
        CHECK (get (hls, token).status == 302);
    // Listing streams isn't a play.
    CHECK (get (sandbox.api ("/tracks/soundcloud:tracks:2147483640/streams"), token).status == 200);

    const auto limited = get (streams["preview_mp3_128_url"].get<std::string>(), token);
    REQUIRE (limited.status == 429);
    const auto body = limited.json();
    const auto& meta = body.at ("errors").at (0).at ("meta");
    CHECK (meta.at ("rate_limit")
           == nlohmann::json{ { "group", "plays" }, { "max_nr_of_requests", 3 }, { "time_window", "PT24H" } });
    CHECK (meta.at ("remaining_requests") == 0);
    CHECK (std::regex_match (meta.at ("reset_time").get<std::string>(), apiTimestamp));
    CHECK (server.stats().at ("plays_in_window").at (server.clientId()) == 3);

    // Counted per client id: the same app's other token is limited too.
    CHECK (get (hls, appTokens (server).accessToken).status == 429);

    server.advanceClock (std::chrono::hours (24) + std::chrono::minutes (2));
    const auto fresh = userTokens (server).accessToken;
    CHECK (get (hls, fresh).status == 302);
}

TEST_CASE ("sandbox limits - client credentials: 30 exchanges per hour per IP", "[sandbox][limits]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto exchange = [&]
    {
        return postForm (sandbox.auth ("/oauth/token"), { { "grant_type", "client_credentials" } },
                         { basicAuthorization (server.clientId(), server.clientSecret()) });
    };
    for (int i = 0; i < 30; ++i)
        REQUIRE (exchange().status == 200);
    const auto limited = exchange();
    REQUIRE (limited.status == 429);
    const auto body = limited.json();
    const auto& meta = body.at ("errors").at (0).at ("meta");
    CHECK (meta.at ("rate_limit")
           == nlohmann::json{ { "bucket", "by-ip" },
                              { "max_nr_of_requests", 30 },
                              { "time_window", "PT1H" },
                              { "name", "client-credentials-exchange" } });
    CHECK (meta.at ("remaining_requests") == 0);
    CHECK (std::regex_match (meta.at ("reset_time").get<std::string>(), apiTimestamp));

    // Refreshing the app token is the documented way around the limit.
    CHECK (userTokens (server).accessToken.size() > 0);
    server.advanceClock (std::chrono::minutes (62));
    CHECK (exchange().status == 200);
}

TEST_CASE ("sandbox limits - client credentials: 50 exchanges per 12 h per app", "[sandbox][limits]")
{
    TestSandbox sandbox ([] (Options& options) { options.clientCredentialsLimitPerIp = 1000; });
    auto& server = sandbox.server();
    const auto exchange = [&]
    {
        return postForm (sandbox.auth ("/oauth/token"), { { "grant_type", "client_credentials" } },
                         { basicAuthorization (server.clientId(), server.clientSecret()) });
    };
    for (int i = 0; i < 50; ++i)
        REQUIRE (exchange().status == 200);
    const auto limited = exchange();
    REQUIRE (limited.status == 429);
    const auto body = limited.json();
    const auto& rateLimit = body.at ("errors").at (0).at ("meta").at ("rate_limit");
    CHECK (rateLimit.at ("max_nr_of_requests") == 50);
    CHECK (rateLimit.at ("time_window") == "PT12H");
    CHECK (rateLimit.at ("name") == "client-credentials-exchange");
    CHECK (server.stats().at ("token_requests").at ("client_credentials") == 51);
}
