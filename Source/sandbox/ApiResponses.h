#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace httplib
{
struct Response;
}

namespace wavelift::sandbox
{
inline constexpr const char* jsonContentType = "application/json; charset=utf-8";

/** "Not Found" for 404 etc. */
const char* reasonPhrase (int status);

void sendJson (httplib::Response& response, int status, const nlohmann::json& body);

/** The API error shape of SPEC `Error` as the live API fills it, e.g.
    {"code":422,"message":"unable to process provided asset_data","link":…,"status":"422 - Unprocessable Entity",
     "errors":[{"error_message":…}],"error":null}. */
nlohmann::json apiErrorBody (int status, const std::string& message);
void sendApiError (httplib::Response& response, int status, const std::string& message);

/** The live API's 401: an empty text/plain body. */
void sendEmptyUnauthorized (httplib::Response& response);

/** OAuth-style token endpoint error {"error":…} (secure.soundcloud.com). */
void sendOAuthError (httplib::Response& response, int status, const std::string& error);

/** The documented 429 body for the play limit (group "plays"). */
nlohmann::json playsRateLimitBody (int maxRequests, std::int64_t resetTime);
/** The documented 429 body for client-credentials exchanges (bucket "by-ip" or "by-client"). */
nlohmann::json clientCredentialsRateLimitBody (const std::string& bucket, int maxRequests,
                                               const std::string& timeWindow, std::int64_t resetTime);
} // namespace wavelift::sandbox
