#include "signin/Pkce.h"

#include "net/SecureRandom.h"

#include <juce_cryptography/juce_cryptography.h>

namespace wavelift::signin
{
std::string base64UrlEncode (const unsigned char* data, std::size_t size)
{
    // juce::Base64 has the standard alphabet only: rewrite it to the URL-safe one and drop the padding.
    auto text = juce::Base64::toBase64 (data, size).toStdString();
    for (auto& c : text)
        c = c == '+' ? '-' : (c == '/' ? '_' : c);
    while (!text.empty() && text.back() == '=')
        text.pop_back();
    return text;
}

std::string s256Challenge (std::string_view verifier)
{
    const juce::SHA256 digest (verifier.data(), verifier.size());
    const auto raw = digest.getRawData();
    return base64UrlEncode (static_cast<const unsigned char*> (raw.getData()), raw.getSize());
}

std::string generateCodeVerifier()
{
    const auto bytes = net::secureRandomBytes (32);
    return base64UrlEncode (bytes.data(), bytes.size());
}

std::string generateState()
{
    const auto bytes = net::secureRandomBytes (24);
    return base64UrlEncode (bytes.data(), bytes.size());
}

PkcePair generatePkcePair()
{
    auto verifier = generateCodeVerifier();
    auto challenge = s256Challenge (verifier);
    return { std::move (verifier), std::move (challenge) };
}
} // namespace wavelift::signin
