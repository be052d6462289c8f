#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wavelift::net
{
using FormFields = std::vector<std::pair<std::string, std::string>>;

/** Percent-encodes every byte except RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~). */
std::string percentEncode (std::string_view text);

/** Decodes %XX escapes, and '+' as a space when `plusIsSpace` (form bodies and query strings). */
std::string percentDecode (std::string_view text, bool plusIsSpace = true);

/** name=value&name=value with percentEncode on both sides (spaces as %20). */
std::string formUrlEncode (const FormFields& fields);

/** Splits a query string or form body ("a=1&b=2", no leading '?') into decoded fields, in order. */
FormFields parseForm (std::string_view encoded);

/** The first value of a field. */
std::optional<std::string> formValue (const FormFields& fields, std::string_view name);
} // namespace wavelift::net
