#include "soundcloud/ApiError.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace wavelift::soundcloud
{
namespace
{
    std::string describe (ApiErrorKind kind, int status, const std::string& message)
    {
        std::string text = "SoundCloud answered " + std::to_string (status);
        if (kind == ApiErrorKind::unauthorized)
            text += " (not signed in, or the session expired)";
        else if (kind == ApiErrorKind::rateLimited)
            text += " (rate limit reached)";
        else if (kind == ApiErrorKind::htmlErrorPage)
            text += " with an HTML error page";
        else if (kind == ApiErrorKind::serverError)
            text += " (server error)";
        if (!message.empty())
            text += ": " + message;
        return text;
    }

    ApiErrorKind kindForStatus (int status)
    {
        switch (status)
        {
            case 400: return ApiErrorKind::badRequest;
            case 401: return ApiErrorKind::unauthorized;
            case 403: return ApiErrorKind::forbidden;
            case 404: return ApiErrorKind::notFound;
            case 422: return ApiErrorKind::unprocessable;
            case 429: return ApiErrorKind::rateLimited;
            default: return status >= 500 && status < 600 ? ApiErrorKind::serverError : ApiErrorKind::unexpected;
        }
    }

    std::string lowered (std::string text)
    {
        std::transform (text.begin(), text.end(), text.begin(),
                        [] (unsigned char c) { return (char) std::tolower (c); });
        return text;
    }

    std::string stringField (const nlohmann::json& object, const char* key)
    {
        const auto found = object.find (key);
        return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
    }

    std::string trimmed (const std::string& text)
    {
        const auto first = text.find_first_not_of (" \t\r\n");
        if (first == std::string::npos)
            return {};
        return text.substr (first, text.find_last_not_of (" \t\r\n") - first + 1);
    }
} // namespace

ApiError::ApiError (ApiErrorKind kind, int status, std::string serverMessage, std::string oauthError,
                    std::optional<TimePoint> resetTime)
    : std::runtime_error (describe (kind, status, serverMessage.empty() ? oauthError : serverMessage))
    , kind_ (kind)
    , status_ (status)
    , serverMessage_ (std::move (serverMessage))
    , oauthError_ (std::move (oauthError))
    , resetTime_ (resetTime)
{
}

bool ApiError::isTransient() const noexcept
{
    return kind_ == ApiErrorKind::serverError || kind_ == ApiErrorKind::htmlErrorPage
           || kind_ == ApiErrorKind::rateLimited;
}

bool looksLikeHtml (const std::string& contentType, const std::string& body)
{
    if (lowered (contentType).find ("text/html") != std::string::npos)
        return true;
    const auto start = lowered (trimmed (body).substr (0, 64));
    return start.rfind ("<!doctype html", 0) == 0 || start.rfind ("<html", 0) == 0;
}

ApiError classifyErrorResponse (int status, const std::string& contentType, const std::string& body)
{
    auto kind = kindForStatus (status);

    if (looksLikeHtml (contentType, body))
        return { status == 429 ? ApiErrorKind::rateLimited : ApiErrorKind::htmlErrorPage, status, "" };

    const auto json = nlohmann::json::parse (body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return { kind, status, trimmed (body).substr (0, 200) }; // plain text ("Please slow down.") or empty

    std::string message = stringField (json, "message");
    std::string oauthError = stringField (json, "error");
    if (oauthError.empty())
        oauthError = stringField (json, "error_code");
    std::optional<TimePoint> resetTime;

    if (const auto errors = json.find ("errors"); errors != json.end() && errors->is_array())
    {
        for (const auto& entry : *errors)
        {
            if (!entry.is_object())
                continue;
            if (message.empty())
                message = stringField (entry, "error_message");
            if (const auto meta = entry.find ("meta"); meta != entry.end() && meta->is_object())
                if (auto reset = parseTimestamp (stringField (*meta, "reset_time")))
                    resetTime = reset;
        }
    }

    if (message.empty())
        message = stringField (json, "error_description");

    // Token-endpoint errors come as OAuth bodies; everything else keeps its status's kind.
    if (!oauthError.empty() && kind != ApiErrorKind::rateLimited && kind != ApiErrorKind::serverError
        && json.find ("code") == json.end())
        kind = ApiErrorKind::oauth;

    if (message.empty() && kind != ApiErrorKind::oauth)
        message = oauthError; // e.g. CloudFront's {"error":"Rate Limit Exceeded"}

    return { kind, status, message, kind == ApiErrorKind::oauth ? oauthError : stringField (json, "error_code"),
             resetTime };
}
} // namespace wavelift::soundcloud
