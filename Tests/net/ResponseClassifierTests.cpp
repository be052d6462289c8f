// Telling JSON from CloudFront pages, reading 429s and OAuth errors, and redacting every dump.
#include "net/FormEncoding.h"
#include "net/Redaction.h"
#include "net/ResponseClassifier.h"
#include "net/SecureRandom.h"

#include <catch2/catch.hpp>

using namespace wavelift::net;

namespace
{
Response makeResponse (int status, std::string body, std::string type = {})
{
    Response response;
    response.status = status;
    response.body = std::move (body);
    if (!type.empty())
        response.headers.add ("Content-Type", type);
    return response;
}
} // namespace

TEST_CASE ("bodies are classified as JSON, HTML or empty", "[net][classify]")
{
    const auto cloudfront = makeResponse (503,
                                          "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><HTML><HEAD><TITLE>"
                                          "ERROR: The request could not be satisfied</TITLE></HEAD></HTML>",
                                          "text/html");
    CHECK (classifyBody (cloudfront) == BodyKind::html);
    CHECK (isCloudFrontErrorPage (cloudfront));
    CHECK (isTransientFailure (cloudfront));
    CHECK (errorMessageOf (cloudfront) == "HTTP 503 (a CloudFront error page)");

    auto forbidden = makeResponse (403, "<html><body>nope</body></html>");
    forbidden.headers.add ("X-Cache", "Error from cloudfront");
    CHECK (isCloudFrontErrorPage (forbidden));
    CHECK (isTransientFailure (forbidden));

    const auto json = makeResponse (422, R"({"code":422,"message":"unable to process provided asset_data"})",
                                    "application/json; charset=utf-8");
    CHECK (classifyBody (json) == BodyKind::json);
    CHECK_FALSE (isTransientFailure (json));
    CHECK (errorMessageOf (json) == "HTTP 422: unable to process provided asset_data");

    const auto empty = makeResponse (401, "", "text/plain");
    CHECK (classifyBody (empty) == BodyKind::empty);
    CHECK (errorMessageOf (empty) == "HTTP 401 with an empty body");

    CHECK (classifyBody (makeResponse (429, "Please slow down.", "text/plain")) == BodyKind::other);
    CHECK (errorMessageOf (makeResponse (429, "Please slow down.")) == "HTTP 429: Please slow down.");
}

TEST_CASE ("a 429 tells when to try again", "[net][classify]")
{
    auto limited = makeResponse (429, R"({"errors":[{"meta":{"rate_limit":{"group":"plays","max_nr_of_requests":15000,
        "time_window":"PT24H"},"remaining_requests":0,"reset_time":"2015/06/01 09:49:40 +0000"}}]})");
    limited.headers.add ("Retry-After", "120");
    const auto limit = rateLimitOf (limited);
    REQUIRE (limit.has_value());
    REQUIRE (limit->resetTime.has_value());
    CHECK (std::chrono::system_clock::to_time_t (*limit->resetTime) == 1433152180);
    CHECK (limit->retryAfter == std::chrono::seconds (120));
    CHECK (limit->group == "plays");

    const auto exchange = rateLimitOf (makeResponse (
        429, R"({"errors":[{"meta":{"rate_limit":{"bucket":"by-ip","max_nr_of_requests":30,"time_window":"PT1H",
        "name":"client-credentials-exchange"},"reset_time":"2021/09/07 10:00:00 -0130"}}]})"));
    REQUIRE (exchange.has_value());
    CHECK (exchange->group == "client-credentials-exchange");
    CHECK (std::chrono::system_clock::to_time_t (*exchange->resetTime) == 1631008800 + 5400);

    const auto plain = rateLimitOf (makeResponse (429, "Please slow down."));
    REQUIRE (plain.has_value());
    CHECK_FALSE (plain->resetTime.has_value());
    CHECK_FALSE (rateLimitOf (makeResponse (200, "{}")).has_value());
    CHECK_FALSE (parseSoundCloudTime ("2015-06-01T09:49:40Z").has_value());
}

TEST_CASE ("OAuth error codes are read as error, then error_code, then message", "[net][classify]")
{
    CHECK (oauthErrorCode (makeResponse (400, R"({"error":"invalid_grant"})")) == "invalid_grant");
    CHECK (oauthErrorCode (makeResponse (400, R"({"code":400,"message":"invalid_grant","error":null,
        "error_code":"invalid_grant"})"))
           == "invalid_grant");
    CHECK (oauthErrorCode (makeResponse (401, R"({"code":401,"message":"invalid_client"})")) == "invalid_client");
    CHECK (oauthErrorCode (makeResponse (502, "<html></html>")).empty());
}

TEST_CASE ("dumps and log lines never show a secret", "[net][redaction]")
{
    auto request = Request::post (juce::URL ("https://secure.example/oauth/token?code=abc123&keep=1"),
                                  RequestBody::fromForm ({ { "grant_type", "authorization_code" },
                                                           { "client_id", "app-id" },
                                                           { "client_secret", "s3cret" },
                                                           { "code", "abc123" },
                                                           { "code_verifier", "verifier-xyz" },
                                                           { "refresh_token", "refresh-1" } }));
    request.headers.add ("Authorization", "Basic YXBwOnMzY3JldA==");
    const auto dump = describeRequest (request);
    for (const char* secret : { "s3cret", "abc123", "verifier-xyz", "refresh-1", "YXBwOnMzY3JldA" })
        CHECK (dump.find (secret) == std::string::npos);
    CHECK (dump.find ("client_id=app-id") != std::string::npos);
    CHECK (dump.find ("keep=1") != std::string::npos);

    Response response = makeResponse (200, R"({"access_token":"at-1","refresh_token":"rt-1","expires_in":3599,
        "nested":[{"code":"c-1"}],"code":422})",
                                      "application/json");
    response.headers.add ("Set-Cookie", "session=cookie-1");
    const auto responseDump = describeResponse (response);
    for (const char* secret : { "at-1", "rt-1", "c-1", "cookie-1" })
        CHECK (responseDump.find (secret) == std::string::npos);
    CHECK (responseDump.find ("\"expires_in\":3599") != std::string::npos);
    CHECK (responseDump.find ("\"code\":422") != std::string::npos);

    CHECK (redactUrl ("http://user:pw@127.0.0.1:8765/callback?code=c0de&state=st4te#frag")
           == "http://127.0.0.1:8765/callback?code=[redacted]&state=[redacted]");
    CHECK (redactJson ("not json").find ("not JSON") != std::string::npos);
}

TEST_CASE ("form encoding round-trips and secure random bytes differ", "[net]")
{
    const FormFields fields{ { "redirect_uri", "http://127.0.0.1:8765/callback" }, { "title", "Café & co+" } };
    const auto encoded = formUrlEncode (fields);
    CHECK (encoded == "redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&title=Caf%C3%A9%20%26%20co%2B");
    CHECK (parseForm (encoded) == fields);
    CHECK (parseForm ("a=1+2&b&c=%zz") == FormFields{ { "a", "1 2" }, { "b", "" }, { "c", "%zz" } });

    CHECK (secureRandomBytes (32).size() == 32);
    CHECK (randomHex (16).size() == 32);
    CHECK (randomHex (16) != randomHex (16));
}
