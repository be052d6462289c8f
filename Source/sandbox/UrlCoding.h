#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wavelift::sandbox
{
/** Percent-encodes everything but RFC 3986 unreserved characters. */
std::string urlEncode (std::string_view text);
/** Decodes %XX escapes and, for form bodies, '+' as space. */
std::string urlDecode (std::string_view text, bool plusIsSpace = true);

/** Parses an application/x-www-form-urlencoded body or a query string; the first value of a key wins. */
std::map<std::string, std::string> parseFormEncoded (std::string_view body);

/** Builds "a=1&b=2" from ordered pairs, encoding each part. */
std::string buildQuery (const std::vector<std::pair<std::string, std::string>>& pairs);

/** Escapes text for HTML element content and attribute values. */
std::string htmlEscape (std::string_view text);
} // namespace wavelift::sandbox
