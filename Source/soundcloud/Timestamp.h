#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace wavelift::soundcloud
{
using TimePoint = std::chrono::sys_seconds;

/** Parses SoundCloud's "yyyy/MM/dd HH:mm:ss +0000" (any +hhmm/-hhmm offset), and ISO 8601
    ("2019-01-15T15:40:49Z", with an optional offset or fraction) which some fields use. nullopt when malformed. */
std::optional<TimePoint> parseTimestamp (const std::string& text);

/** Formats as SoundCloud does: "yyyy/MM/dd HH:mm:ss +0000" (UTC). */
std::string formatTimestamp (TimePoint time);
} // namespace wavelift::soundcloud
