#include "support/Pkce.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace wavelift::sandbox::test
{
std::string base64 (const std::string& bytes)
{
    std::vector<unsigned char> out (4 * ((bytes.size() + 2) / 3) + 1);
    const auto length = EVP_EncodeBlock (out.data(), reinterpret_cast<const unsigned char*> (bytes.data()),
                                         static_cast<int> (bytes.size()));
    return { reinterpret_cast<const char*> (out.data()), static_cast<std::size_t> (length) };
}

std::string base64Url (const std::string& bytes)
{
    auto text = base64 (bytes);
    for (auto& c : text)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!text.empty() && text.back() == '=')
        text.pop_back();
    return text;
}

std::string Pkce::challengeFor (const std::string& verifier)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256 (reinterpret_cast<const unsigned char*> (verifier.data()), verifier.size(), digest);
    return base64Url (std::string (reinterpret_cast<const char*> (digest), sizeof (digest)));
}

Pkce Pkce::generate()
{
    std::string random (32, '\0');
    if (RAND_bytes (reinterpret_cast<unsigned char*> (random.data()), static_cast<int> (random.size())) != 1)
        throw std::runtime_error ("RAND_bytes failed");
    Pkce pkce;
    pkce.verifier = base64Url (random);
    pkce.challenge = challengeFor (pkce.verifier);
    return pkce;
}
} // namespace wavelift::sandbox::test
