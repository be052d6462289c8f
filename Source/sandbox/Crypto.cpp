#include "sandbox/Crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>

namespace wavelift::sandbox::crypto
{
namespace
{
    constexpr std::string_view urlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    constexpr std::string_view standardAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    std::string encode (std::string_view data, std::string_view alphabet, bool pad)
    {
        std::string out;
        out.reserve ((data.size() + 2) / 3 * 4);
        std::size_t i = 0;
        for (; i + 2 < data.size(); i += 3)
        {
            const auto n = (static_cast<unsigned char> (data[i]) << 16)
                           | (static_cast<unsigned char> (data[i + 1]) << 8) | static_cast<unsigned char> (data[i + 2]);
            out += alphabet[(n >> 18) & 63];
            out += alphabet[(n >> 12) & 63];
            out += alphabet[(n >> 6) & 63];
            out += alphabet[n & 63];
        }
        const auto rest = data.size() - i;
        if (rest == 1)
        {
            const auto n = static_cast<unsigned char> (data[i]) << 16;
            out += alphabet[(n >> 18) & 63];
            out += alphabet[(n >> 12) & 63];
            if (pad)
                out += "==";
        }
        else if (rest == 2)
        {
            const auto n =
                (static_cast<unsigned char> (data[i]) << 16) | (static_cast<unsigned char> (data[i + 1]) << 8);
            out += alphabet[(n >> 18) & 63];
            out += alphabet[(n >> 12) & 63];
            out += alphabet[(n >> 6) & 63];
            if (pad)
                out += '=';
        }
        return out;
    }

    std::optional<std::string> decode (std::string_view text, std::string_view alphabet)
    {
        while (!text.empty() && text.back() == '=')
            text.remove_suffix (1);
        std::string out;
        unsigned int accumulator = 0;
        int bits = 0;
        for (const char c : text)
        {
            const auto index = alphabet.find (c);
            if (index == std::string_view::npos)
                return std::nullopt;
            accumulator = (accumulator << 6) | static_cast<unsigned int> (index);
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                out += static_cast<char> ((accumulator >> bits) & 0xff);
            }
        }
        if (bits >= 6)
            return std::nullopt;
        return out;
    }
} // namespace

std::string randomBytes (std::size_t count)
{
    std::string bytes (count, '\0');
    if (count > 0 && RAND_bytes (reinterpret_cast<unsigned char*> (bytes.data()), static_cast<int> (count)) != 1)
        throw std::runtime_error ("RAND_bytes failed");
    return bytes;
}

std::string randomToken (std::size_t entropyBytes) { return base64UrlEncode (randomBytes (entropyBytes)); }

std::string randomAlphanumeric (std::size_t length)
{
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve (length);
    while (out.size() < length)
    {
        // Rejection sampling keeps every character equally likely.
        for (const char byte : randomBytes (length))
        {
            const auto value = static_cast<unsigned char> (byte);
            if (value < 248 && out.size() < length)
                out += alphabet[value % alphabet.size()];
        }
    }
    return out;
}

std::string randomUuid()
{
    auto bytes = randomBytes (16);
    bytes[6] = static_cast<char> ((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<char> ((bytes[8] & 0x3f) | 0x80);
    constexpr std::string_view hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i)
    {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        const auto value = static_cast<unsigned char> (bytes[i]);
        out += hex[value >> 4];
        out += hex[value & 15];
    }
    return out;
}

std::string sha256 (std::string_view data)
{
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256 (reinterpret_cast<const unsigned char*> (data.data()), data.size(), digest.data());
    return { reinterpret_cast<const char*> (digest.data()), digest.size() };
}

std::string hmacSha256 (std::string_view key, std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    HMAC (EVP_sha256(), key.data(), static_cast<int> (key.size()), reinterpret_cast<const unsigned char*> (data.data()),
          data.size(), digest.data(), &length);
    return { reinterpret_cast<const char*> (digest.data()), length };
}

std::string base64UrlEncode (std::string_view data) { return encode (data, urlAlphabet, false); }
std::optional<std::string> base64UrlDecode (std::string_view text) { return decode (text, urlAlphabet); }
std::optional<std::string> base64Decode (std::string_view text) { return decode (text, standardAlphabet); }

bool constantTimeEquals (std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char> (a[i] ^ b[i]);
    return difference == 0;
}
} // namespace wavelift::sandbox::crypto
