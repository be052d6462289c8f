#include "soundcloud/Urn.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace wavelift::soundcloud
{
std::string urnPrefix (UrnKind kind)
{
    switch (kind)
    {
        case UrnKind::tracks: return "soundcloud:tracks:";
        case UrnKind::users: return "soundcloud:users:";
        case UrnKind::playlists: return "soundcloud:playlists:";
    }
    return {};
}

namespace
{
    bool isDecimal (const std::string& text)
    {
        return !text.empty() && text.size() <= 32
               && std::all_of (text.begin(), text.end(), [] (unsigned char c) { return std::isdigit (c) != 0; });
    }
} // namespace

std::optional<std::string> normaliseUrn (const std::string& text, UrnKind kind)
{
    const auto prefix = urnPrefix (kind);
    if (text.rfind (prefix, 0) == 0)
        return text.size() > prefix.size() ? std::optional<std::string> (text) : std::nullopt;
    if (isDecimal (text))
        return prefix + text;
    return std::nullopt;
}

std::optional<std::string> normaliseUrn (const nlohmann::json& value, UrnKind kind)
{
    if (value.is_string())
        return normaliseUrn (value.get<std::string>(), kind);
    if (value.is_number_unsigned())
        return urnPrefix (kind) + std::to_string (value.get<std::uint64_t>());
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
        return urnPrefix (kind) + std::to_string (value.get<std::int64_t>());
    return std::nullopt;
}
} // namespace wavelift::soundcloud
