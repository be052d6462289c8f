#pragma once

#include "net/HttpClient.h"

#include <string>
#include <string_view>

namespace wavelift::net
{
/** What replaces a secret in every dump. */
inline constexpr const char* redactedText = "[redacted]";

/** True for header, form, query and JSON field names whose values are secrets: Authorization,
    Proxy-Authorization, Cookie, Set-Cookie, client_secret, refresh_token, access_token, code, code_verifier,
    password, state (case-insensitive). */
bool isSensitiveName (std::string_view name) noexcept;

/** A query string or form body with the values of sensitive fields replaced. */
std::string redactForm (std::string_view encoded);

/** A JSON text with the values of sensitive keys (at any depth) replaced; a text that is not JSON comes back as
    "(N bytes, not JSON)" because it cannot be scanned reliably. */
std::string redactJson (std::string_view json);

/** The URL with its query redacted (and any user:password@ removed). */
std::string redactUrl (const std::string& url);

/** A multi-line dump of a request for debugging: method, URL, headers, body (form and JSON bodies redacted, other
    bodies described by size only). */
std::string describeRequest (const Request& request);

/** A multi-line dump of a response: status, headers (Set-Cookie redacted), body (JSON redacted, HTML and text up to
    2 KiB, binary by size). */
std::string describeResponse (const Response& response);

/** The one-line log entry HttpClient writes per hop. */
std::string describeOutcomeForLog (const std::string& method, const std::string& url, const HttpResult& result);
} // namespace wavelift::net
