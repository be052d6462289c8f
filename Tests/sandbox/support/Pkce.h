#pragma once

#include <string>

namespace wavelift::sandbox::test
{
/** An RFC 7636 pair computed independently of the server: 32 random bytes → 43-char base64url verifier,
    challenge = BASE64URL(SHA256(verifier)) without padding. */
struct Pkce
{
    std::string verifier;
    std::string challenge;

    static Pkce generate();
    static std::string challengeFor (const std::string& verifier);
};

std::string base64Url (const std::string& bytes);
std::string base64 (const std::string& bytes);
} // namespace wavelift::sandbox::test
