#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wavelift::sandbox
{
using TimePoint = std::chrono::system_clock::time_point;

std::int64_t toEpochSeconds (TimePoint time);
TimePoint fromEpochSeconds (std::int64_t seconds);

/** The API's timestamp format, e.g. "2019/01/15 15:40:49 +0000" (not ISO 8601). */
std::string formatApiTimestamp (std::int64_t epochSeconds);

/** Parses "yyyy-mm-dd hh:mm:ss" or "yyyy-mm-dd" (the search filters' format) as UTC. */
std::optional<std::int64_t> parseSearchTimestamp (std::string_view text);
} // namespace wavelift::sandbox
