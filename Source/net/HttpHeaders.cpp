#include "net/HttpHeaders.h"

#include <algorithm>

namespace wavelift::net
{
namespace
{
    std::string_view trim (std::string_view text)
    {
        const auto isSpace = [] (char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
        while (!text.empty() && isSpace (text.front()))
            text.remove_prefix (1);
        while (!text.empty() && isSpace (text.back()))
            text.remove_suffix (1);
        return text;
    }

    char lower (char c) noexcept { return (c >= 'A' && c <= 'Z') ? char (c - 'A' + 'a') : c; }
} // namespace

HttpHeaders::HttpHeaders (std::initializer_list<Field> fields)
    : fields_ (fields)
{
}

bool HttpHeaders::namesEqual (std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size()
           && std::equal (a.begin(), a.end(), b.begin(), [] (char x, char y) { return lower (x) == lower (y); });
}

void HttpHeaders::add (std::string name, std::string value)
{
    fields_.push_back ({ std::move (name), std::move (value) });
}

void HttpHeaders::set (std::string name, std::string value)
{
    remove (name);
    add (std::move (name), std::move (value));
}

std::size_t HttpHeaders::remove (std::string_view name)
{
    return std::erase_if (fields_, [&] (const Field& f) { return namesEqual (f.name, name); });
}

std::optional<std::string> HttpHeaders::get (std::string_view name) const
{
    for (const auto& field : fields_)
        if (namesEqual (field.name, name))
            return field.value;
    return std::nullopt;
}

std::vector<std::string> HttpHeaders::getAll (std::string_view name) const
{
    std::vector<std::string> values;
    for (const auto& field : fields_)
        if (namesEqual (field.name, name))
            values.push_back (field.value);
    return values;
}

bool HttpHeaders::addReceivedLine (std::string_view line)
{
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
    {
        const auto continuation = trim (line);
        if (fields_.empty() || continuation.empty())
            return false;
        fields_.back().value += ' ';
        fields_.back().value += continuation;
        return true;
    }

    const auto colon = line.find (':');
    if (colon == std::string_view::npos || colon == 0)
        return false;
    add (std::string (trim (line.substr (0, colon))), std::string (trim (line.substr (colon + 1))));
    return true;
}
} // namespace wavelift::net
