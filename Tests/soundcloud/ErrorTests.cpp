#include "soundcloud/ApiError.h"

#include <catch2/catch.hpp>

using namespace wavelift::soundcloud;

TEST_CASE ("soundcloud: the API's error body gives the server's words", "[soundcloud][errors]")
{
    const auto error = classifyErrorResponse (
        422, "application/json; charset=utf-8",
        R"({"code":422,"message":"unable to process provided asset_data","link":"https://developers.soundcloud.com/docs/api/explorer/open-api","status":"422 - Unprocessable Entity","errors":[{"error_message":"unable to process provided asset_data"}],"error":null})");
    CHECK (error.kind() == ApiErrorKind::unprocessable);
    CHECK (error.status() == 422);
    CHECK (error.serverMessage() == "unable to process provided asset_data");
    CHECK_FALSE (error.isTransient());
    CHECK_THAT (error.what(), Catch::Contains ("422") && Catch::Contains ("unable to process provided asset_data"));
}

TEST_CASE ("soundcloud: OAuth errors are typed by their error code", "[soundcloud][errors]")
{
    const auto grant = classifyErrorResponse (400, "application/json", R"({"error":"invalid_grant"})");
    CHECK (grant.kind() == ApiErrorKind::oauth);
    CHECK (grant.oauthError() == "invalid_grant");

    const auto client = classifyErrorResponse (401, "application/json", R"({"error":"invalid_client"})");
    CHECK (client.kind() == ApiErrorKind::oauth);
    CHECK (client.oauthError() == "invalid_client");

    // The legacy token host's shape.
    const auto legacy = classifyErrorResponse (
        400, "application/json",
        R"({"code":400,"message":"invalid_grant","status":"400 - Bad Request","errors":[{"error_message":"invalid_grant"}],"error":null,"error_code":"invalid_grant"})");
    CHECK (legacy.oauthError() == "invalid_grant");
}

TEST_CASE ("soundcloud: every 429 shape is a rate limit, with the reset time when given", "[soundcloud][errors]")
{
    const auto plays = classifyErrorResponse (
        429, "application/json",
        R"({"errors":[{"meta":{"rate_limit":{"group":"plays","max_nr_of_requests":15000,"time_window":"PT24H"},"remaining_requests":0,"reset_time":"2015/06/01 09:49:40 +0000"}}]})");
    CHECK (plays.kind() == ApiErrorKind::rateLimited);
    REQUIRE (plays.resetTime().has_value());
    CHECK (formatTimestamp (*plays.resetTime()) == "2015/06/01 09:49:40 +0000");
    CHECK (plays.isTransient());

    const auto edge = classifyErrorResponse (429, "application/json", R"({"error":"Rate Limit Exceeded"})");
    CHECK (edge.kind() == ApiErrorKind::rateLimited);
    CHECK (edge.serverMessage() == "Rate Limit Exceeded");
    CHECK_FALSE (edge.resetTime().has_value());

    const auto plain = classifyErrorResponse (429, "text/plain", "Please slow down.\n");
    CHECK (plain.kind() == ApiErrorKind::rateLimited);
    CHECK (plain.serverMessage() == "Please slow down.");
}

TEST_CASE ("soundcloud: HTML pages, empty bodies and 5xx are typed", "[soundcloud][errors]")
{
    const auto cloudfront = classifyErrorResponse (
        502, "text/html", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><HTML><HEAD><TITLE>ERROR");
    CHECK (cloudfront.kind() == ApiErrorKind::htmlErrorPage);
    CHECK (cloudfront.isTransient());

    const auto htmlWithoutType = classifyErrorResponse (403, "", "  <html><body>Request blocked</body></html>");
    CHECK (htmlWithoutType.kind() == ApiErrorKind::htmlErrorPage);

    const auto emptyUnauthorized = classifyErrorResponse (401, "text/plain", "");
    CHECK (emptyUnauthorized.kind() == ApiErrorKind::unauthorized);
    CHECK (emptyUnauthorized.serverMessage().empty());

    const auto server =
        classifyErrorResponse (503, "application/json", R"({"code":503,"message":"Service Unavailable"})");
    CHECK (server.kind() == ApiErrorKind::serverError);
    CHECK (server.isTransient());
}
