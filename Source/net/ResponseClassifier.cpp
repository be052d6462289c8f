#include "net/ResponseClassifier.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace wavelift::net
{
namespace
{
    std::string lowered (std::string text)
    {
        std::transform (text.begin(), text.end(), text.begin(), [] (unsigned char c) { return std::tolower (c); });
        return text;
    }

    nlohmann::json parseJsonBody (const Response& response)
    {
        if (response.bodyStreamed || response.body.empty())
            return nlohmann::json();
        auto parsed = nlohmann::json::parse (response.body, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json() : parsed;
    }

    std::string stringMember (const nlohmann::json& object, const char* key)
    {
        if (object.is_object() && object.contains (key) && object[key].is_string())
            return object[key].get<std::string>();
        return {};
    }

    /** The first errors[].meta object of a 429 body. */
    const nlohmann::json* rateLimitMeta (const nlohmann::json& body)
    {
        if (!body.is_object() || !body.contains ("errors") || !body["errors"].is_array())
            return nullptr;
        for (const auto& error : body["errors"])
            if (error.is_object() && error.contains ("meta") && error["meta"].is_object())
                return &error["meta"];
        return nullptr;
    }
} // namespace

BodyKind classifyBody (const Response& response)
{
    if (response.bodyStreamed)
        return BodyKind::other;
    const auto first = response.body.find_first_not_of (" \t\r\n");
    if (first == std::string::npos)
        return BodyKind::empty;

    const auto type = lowered (response.headers.get ("Content-Type").value_or (""));
    const auto start = lowered (response.body.substr (first, 64));
    if (type.find ("html") != std::string::npos || start.rfind ("<!doctype html", 0) == 0
        || start.rfind ("<html", 0) == 0)
        return BodyKind::html;
    if ((response.body[first] == '{' || response.body[first] == '[')
        && !nlohmann::json::parse (response.body, nullptr, false).is_discarded())
        return BodyKind::json;
    return BodyKind::other;
}

bool isCloudFrontErrorPage (const Response& response)
{
    if (classifyBody (response) != BodyKind::html)
        return false;
    const auto server = lowered (response.headers.get ("Server").value_or (""));
    const auto cache = lowered (response.headers.get ("X-Cache").value_or (""));
    return server.find ("cloudfront") != std::string::npos || cache.find ("cloudfront") != std::string::npos
           || response.body.find ("CloudFront") != std::string::npos
           || response.body.find ("The request could not be satisfied") != std::string::npos;
}

bool isTransientFailure (const Response& response)
{
    if (response.status >= 500 || response.status == 429)
        return true;
    return !response.isSuccess() && classifyBody (response) == BodyKind::html;
}

std::optional<std::chrono::system_clock::time_point> parseSoundCloudTime (const std::string& text)
{
    std::tm parts{};
    int offset = 0;
    char sign = '+';
    if (std::sscanf (text.c_str(), "%d/%d/%d %d:%d:%d %c%4d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                     &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &sign, &offset)
        != 8)
        return std::nullopt;
    if ((sign != '+' && sign != '-') || parts.tm_mon < 1 || parts.tm_mon > 12 || parts.tm_mday < 1 || parts.tm_mday > 31
        || parts.tm_hour > 23 || parts.tm_min > 59 || parts.tm_sec > 60)
        return std::nullopt;
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    const auto utc = ::timegm (&parts);
    const int offsetSeconds = (offset / 100) * 3600 + (offset % 100) * 60;
    return std::chrono::system_clock::from_time_t (utc - (sign == '+' ? offsetSeconds : -offsetSeconds));
}

std::optional<RateLimit> rateLimitOf (const Response& response)
{
    if (response.status != 429)
        return std::nullopt;

    RateLimit limit;
    if (const auto retryAfter = response.headers.get ("Retry-After"))
    {
        char* end = nullptr;
        const auto seconds = std::strtol (retryAfter->c_str(), &end, 10);
        if (end != retryAfter->c_str() && *end == '\0' && seconds >= 0)
            limit.retryAfter = std::chrono::seconds (seconds);
    }

    const auto body = parseJsonBody (response);
    if (const auto* meta = rateLimitMeta (body))
    {
        if (const auto reset = stringMember (*meta, "reset_time"); !reset.empty())
            limit.resetTime = parseSoundCloudTime (reset);
        if (meta->contains ("rate_limit") && (*meta)["rate_limit"].is_object())
        {
            const auto& rate = (*meta)["rate_limit"];
            limit.group = stringMember (rate, "group");
            if (limit.group.empty())
                limit.group = stringMember (rate, "name");
        }
    }
    return limit;
}

std::string oauthErrorCode (const Response& response)
{
    const auto body = parseJsonBody (response);
    for (const char* key : { "error", "error_code", "message" })
        if (auto value = stringMember (body, key); !value.empty())
            return value;
    return {};
}

std::string errorMessageOf (const Response& response)
{
    const auto status = "HTTP " + std::to_string (response.status);
    switch (classifyBody (response))
    {
        case BodyKind::empty: return status + " with an empty body";
        case BodyKind::html:
            return status + (isCloudFrontErrorPage (response) ? " (a CloudFront error page)" : " (an HTML page)");
        case BodyKind::other:
            if (!response.bodyStreamed && response.body.size() <= 200)
                return status + ": " + response.body;
            return status;
        case BodyKind::json: break;
    }

    const auto body = parseJsonBody (response);
    auto message = stringMember (body, "message");
    if (message.empty() && body.contains ("errors") && body["errors"].is_array() && !body["errors"].empty())
        message = stringMember (body["errors"][0], "error_message");
    if (message.empty())
        message = stringMember (body, "error_description");
    if (message.empty())
        message = stringMember (body, "error");
    return message.empty() ? status : status + ": " + message;
}
} // namespace wavelift::net
