#pragma once

#include "net/HttpRequest.h"

#include <chrono>
#include <optional>
#include <string>

namespace wavelift::net
{
/** What a response body is, judged from Content-Type and the first bytes. */
enum class BodyKind
{
    empty,
    json,
    html,
    other
};

BodyKind classifyBody (const Response& response);

/** An HTML error page from CloudFront (or any HTML where JSON was expected on an error status): "The request could
    not be satisfied", Server/X-Cache headers naming CloudFront. */
bool isCloudFrontErrorPage (const Response& response);

/** True for statuses and bodies worth retrying later: 5xx, 429, and HTML pages on any error status. */
bool isTransientFailure (const Response& response);

/** What a 429 says about when to try again. */
struct RateLimit
{
    /** errors[].meta.reset_time ("2015/06/01 09:49:40 +0000"). */
    std::optional<std::chrono::system_clock::time_point> resetTime;
    /** Retry-After in seconds, when sent. */
    std::optional<std::chrono::seconds> retryAfter;
    /** errors[].meta.rate_limit.group or .name ("plays", "client-credentials-exchange"), when sent. */
    std::string group;
};

/** For a 429: whatever the body and headers tell; nullopt for other statuses. */
std::optional<RateLimit> rateLimitOf (const Response& response);

/** Parses SoundCloud's timestamp format "yyyy/mm/dd hh:mm:ss +zzzz". */
std::optional<std::chrono::system_clock::time_point> parseSoundCloudTime (const std::string& text);

/** The error code of an OAuth-style or API-style error body: `error`, else `error_code`, else `message`
    (reference §2.2: a client reads them in that order); empty when the body has none. */
std::string oauthErrorCode (const Response& response);

/** A short human-readable message for an error response: the API's `message` or `errors[0].error_message`, the
    OAuth `error_description`/`error`, a note for HTML pages and empty bodies, always with the status. */
std::string errorMessageOf (const Response& response);
} // namespace wavelift::net
