#include "sandbox/ApiResponses.h"

#include "sandbox/TimeFormat.h"

#include <httplib.h>

namespace wavelift::sandbox
{
const char* reasonPhrase (int status)
{
    switch (status)
    {
        case 200: return "OK";
        case 201: return "Created";
        case 302: return "Found";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 413: return "Request Entity Too Large";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Error";
    }
}

void sendJson (httplib::Response& response, int status, const nlohmann::json& body)
{
    response.status = status;
    response.set_content (body.dump(), jsonContentType);
}

nlohmann::json apiErrorBody (int status, const std::string& message)
{
    return { { "code", status },
             { "message", message },
             { "link", status == 429 ? "https://developers.soundcloud.com/docs/api/rate-limits#errors"
                                     : "https://developers.soundcloud.com/docs/api/explorer/open-api" },
             { "status", std::to_string (status) + " - " + reasonPhrase (status) },
             { "errors", nlohmann::json::array ({ { { "error_message", message } } }) },
             { "error", nullptr } };
}

void sendApiError (httplib::Response& response, int status, const std::string& message)
{
    sendJson (response, status, apiErrorBody (status, message));
}

void sendEmptyUnauthorized (httplib::Response& response)
{
    response.status = 401;
    response.set_content ("", "text/plain");
}

void sendOAuthError (httplib::Response& response, int status, const std::string& error)
{
    response.set_header ("Cache-Control", "no-store");
    sendJson (response, status, { { "error", error } });
}

nlohmann::json playsRateLimitBody (int maxRequests, std::int64_t resetTime)
{
    return { { "errors",
               { { { "meta",
                     { { "rate_limit",
                         { { "group", "plays" }, { "max_nr_of_requests", maxRequests }, { "time_window", "PT24H" } } },
                       { "remaining_requests", 0 },
                       { "reset_time", formatApiTimestamp (resetTime) } } } } } } };
}

nlohmann::json clientCredentialsRateLimitBody (const std::string& bucket, int maxRequests,
                                               const std::string& timeWindow, std::int64_t resetTime)
{
    return { { "errors",
               { { { "meta",
                     { { "rate_limit",
                         { { "bucket", bucket },
                           { "max_nr_of_requests", maxRequests },
                           { "time_window", timeWindow },
                           { "name", "client-credentials-exchange" } } },
                       { "remaining_requests", 0 },
                       { "reset_time", formatApiTimestamp (resetTime) } } } } } } };
}
} // namespace wavelift::sandbox
