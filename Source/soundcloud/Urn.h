#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace wavelift::soundcloud
{
/** SoundCloud identifies everything by URN strings ("soundcloud:tracks:123"). Older fields and /resolve's Location
    still carry bare numeric ids, which can pass the 32-bit range: never store them in an int. */
enum class UrnKind
{
    tracks,
    users,
    playlists
};

/** The URN for a JSON value that may be a URN string, a numeric string or a JSON number; nullopt when it is none of
    these. Numeric ids and URNs of the same object normalise to the same string. */
std::optional<std::string> normaliseUrn (const nlohmann::json& value, UrnKind kind);

/** The same for text (a URN, or a decimal id). */
std::optional<std::string> normaliseUrn (const std::string& text, UrnKind kind);

/** The prefix for a kind, "soundcloud:tracks:". */
std::string urnPrefix (UrnKind kind);
} // namespace wavelift::soundcloud
