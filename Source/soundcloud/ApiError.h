#pragma once

#include "soundcloud/Timestamp.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wavelift::soundcloud
{
/** What went wrong, in the terms a caller acts on. */
enum class ApiErrorKind
{
    badRequest,    // 400
    unauthorized,  // 401: refresh once, then sign in again
    forbidden,     // 403 (a full stream of a preview-only track, or an expired CDN signature)
    notFound,      // 404
    unprocessable, // 422: the server's words say why (e.g. "unable to process provided asset_data")
    rateLimited,   // 429: wait until resetTime
    serverError,   // 5xx: transient
    htmlErrorPage, // a CloudFront/edge HTML page instead of JSON: transient
    oauth,         // an OAuth error from the token endpoint ("invalid_grant", ...)
    unexpected     // any other status
};

/** A failed API call, with the server's own words when it sent any. Never carries tokens. */
class ApiError : public std::runtime_error
{
public:
    ApiError (ApiErrorKind kind, int status, std::string serverMessage, std::string oauthError = {},
              std::optional<TimePoint> resetTime = {});

    ApiErrorKind kind() const noexcept { return kind_; }
    int status() const noexcept { return status_; }
    const std::string& serverMessage() const noexcept { return serverMessage_; }
    const std::string& oauthError() const noexcept { return oauthError_; }
    const std::optional<TimePoint>& resetTime() const noexcept { return resetTime_; }

    /** True for failures worth retrying later with backoff (5xx, HTML pages, 429). */
    bool isTransient() const noexcept;

private:
    ApiErrorKind kind_;
    int status_;
    std::string serverMessage_, oauthError_;
    std::optional<TimePoint> resetTime_;
};

/** Builds the error for a non-2xx response from its status, Content-Type and body, whatever shape the body has:
    the API's {code,message,errors[]}, OAuth's {error,error_description}, the legacy {error_code}, the rate limiter's
    {errors:[{meta:{reset_time}}]}, CloudFront's {"error":"Rate Limit Exceeded"}, an HTML page, plain text or nothing.
 */
ApiError classifyErrorResponse (int status, const std::string& contentType, const std::string& body);

/** True when the body is an HTML page rather than an API response. */
bool looksLikeHtml (const std::string& contentType, const std::string& body);
} // namespace wavelift::soundcloud
