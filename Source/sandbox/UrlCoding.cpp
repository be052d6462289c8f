#include "sandbox/UrlCoding.h"

#include <cctype>

namespace wavelift::sandbox
{
std::string urlEncode (std::string_view text)
{
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char> (c);
        if (std::isalnum (byte) || c == '-' || c == '_' || c == '.' || c == '~')
        {
            out += c;
        }
        else
        {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        }
    }
    return out;
}

std::string urlDecode (std::string_view text, bool plusIsSpace)
{
    const auto hexValue = [] (char c) -> int
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '%' && i + 2 < text.size())
        {
            const auto high = hexValue (text[i + 1]);
            const auto low = hexValue (text[i + 2]);
            if (high >= 0 && low >= 0)
            {
                out += static_cast<char> (high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += (plusIsSpace && text[i] == '+') ? ' ' : text[i];
    }
    return out;
}

std::map<std::string, std::string> parseFormEncoded (std::string_view body)
{
    std::map<std::string, std::string> fields;
    while (!body.empty())
    {
        const auto end = body.find ('&');
        const auto pair = body.substr (0, end);
        body = end == std::string_view::npos ? std::string_view{} : body.substr (end + 1);
        if (pair.empty())
            continue;
        const auto equals = pair.find ('=');
        auto key = urlDecode (pair.substr (0, equals));
        auto value = equals == std::string_view::npos ? std::string{} : urlDecode (pair.substr (equals + 1));
        fields.emplace (std::move (key), std::move (value));
    }
    return fields;
}

std::string buildQuery (const std::vector<std::pair<std::string, std::string>>& pairs)
{
    std::string out;
    for (const auto& [key, value] : pairs)
    {
        if (!out.empty())
            out += '&';
        out += urlEncode (key) + '=' + urlEncode (value);
    }
    return out;
}

std::string htmlEscape (std::string_view text)
{
    std::string out;
    for (const char c : text)
    {
        switch (c)
        {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}
} // namespace wavelift::sandbox
