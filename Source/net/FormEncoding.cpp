#include "net/FormEncoding.h"

namespace wavelift::net
{
namespace
{
    int hexValue (char c) noexcept
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool isUnreserved (unsigned char c) noexcept
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
               || c == '_' || c == '~';
    }
} // namespace

std::string percentEncode (std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve (text.size() * 3);
    for (const char ch : text)
    {
        const auto c = static_cast<unsigned char> (ch);
        if (isUnreserved (c))
            out += ch;
        else
        {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string percentDecode (std::string_view text, bool plusIsSpace)
{
    std::string out;
    out.reserve (text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size())
        {
            const int high = hexValue (text[i + 1]), low = hexValue (text[i + 2]);
            if (high >= 0 && low >= 0)
            {
                out += static_cast<char> ((high << 4) | low);
                i += 2;
                continue;
            }
        }
        out += (plusIsSpace && c == '+') ? ' ' : c;
    }
    return out;
}

std::string formUrlEncode (const FormFields& fields)
{
    std::string out;
    for (const auto& [name, value] : fields)
    {
        if (!out.empty())
            out += '&';
        out += percentEncode (name);
        out += '=';
        out += percentEncode (value);
    }
    return out;
}

FormFields parseForm (std::string_view encoded)
{
    FormFields fields;
    while (!encoded.empty())
    {
        const auto amp = encoded.find ('&');
        const auto pair = encoded.substr (0, amp);
        if (!pair.empty())
        {
            const auto equals = pair.find ('=');
            fields.emplace_back (percentDecode (pair.substr (0, equals)),
                                 equals == std::string_view::npos ? std::string()
                                                                  : percentDecode (pair.substr (equals + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        encoded.remove_prefix (amp + 1);
    }
    return fields;
}

std::optional<std::string> formValue (const FormFields& fields, std::string_view name)
{
    for (const auto& [key, value] : fields)
        if (key == name)
            return value;
    return std::nullopt;
}
} // namespace wavelift::net
