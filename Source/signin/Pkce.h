#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wavelift::signin
{
/** RFC 4648 §5 base64url without padding. */
std::string base64UrlEncode (const unsigned char* data, std::size_t size);

/** BASE64URL(SHA256(verifier)), the S256 code challenge of RFC 7636 §4.2 (computed with juce::SHA256). */
std::string s256Challenge (std::string_view verifier);

/** A code verifier: 32 bytes from the OS's secure random source as 43 base64url characters (RFC 7636 allows
    43-128 characters of [A-Za-z0-9-._~]). */
std::string generateCodeVerifier();

/** An OAuth `state`: 24 secure random bytes as 32 base64url characters. */
std::string generateState();

struct PkcePair
{
    std::string verifier;
    std::string challenge;
};

PkcePair generatePkcePair();
} // namespace wavelift::signin
