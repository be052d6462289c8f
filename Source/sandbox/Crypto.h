#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wavelift::sandbox::crypto
{
/** Bytes from the operating system's CSPRNG. */
std::string randomBytes (std::size_t count);
/** URL-safe random token carrying `entropyBytes` of entropy. */
std::string randomToken (std::size_t entropyBytes);
/** Random letters and digits only (client ids and secrets look like this on the live service). */
std::string randomAlphanumeric (std::size_t length);
/** A random RFC 4122 version-4 UUID in lower-case hex. */
std::string randomUuid();

std::string sha256 (std::string_view data);
std::string hmacSha256 (std::string_view key, std::string_view data);

std::string base64UrlEncode (std::string_view data);
std::optional<std::string> base64UrlDecode (std::string_view text);
std::optional<std::string> base64Decode (std::string_view text);

/** Compares secrets in time independent of where they differ. */
bool constantTimeEquals (std::string_view a, std::string_view b);
} // namespace wavelift::sandbox::crypto
