#include "sandbox/TimeFormat.h"

#include <cstdio>
#include <ctime>

namespace wavelift::sandbox
{
std::int64_t toEpochSeconds (TimePoint time)
{
    return std::chrono::duration_cast<std::chrono::seconds> (time.time_since_epoch()).count();
}

TimePoint fromEpochSeconds (std::int64_t seconds) { return TimePoint{ std::chrono::seconds{ seconds } }; }

std::string formatApiTimestamp (std::int64_t epochSeconds)
{
    const auto time = static_cast<std::time_t> (epochSeconds);
    std::tm utc{};
    gmtime_r (&time, &utc);
    char text[32];
    std::strftime (text, sizeof (text), "%Y/%m/%d %H:%M:%S +0000", &utc);
    return text;
}

std::optional<std::int64_t> parseSearchTimestamp (std::string_view text)
{
    std::tm utc{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    const std::string copy (text);
    const auto fields =
        std::sscanf (copy.c_str(), "%4d-%2d-%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second);
    if (fields != 3 && fields != 6)
        return std::nullopt;
    utc.tm_year = year - 1900;
    utc.tm_mon = month - 1;
    utc.tm_mday = day;
    utc.tm_hour = hour;
    utc.tm_min = minute;
    utc.tm_sec = second;
    return static_cast<std::int64_t> (timegm (&utc));
}
} // namespace wavelift::sandbox
