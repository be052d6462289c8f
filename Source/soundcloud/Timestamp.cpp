#include "soundcloud/Timestamp.h"

#include <cstdio>

namespace wavelift::soundcloud
{
namespace
{
    bool validCivilTime (int y, int mo, int d, int h, int mi, int s)
    {
        using namespace std::chrono;
        const year_month_day date{ year{ y }, month{ (unsigned) mo }, day{ (unsigned) d } };
        return date.ok() && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s <= 60;
    }

    TimePoint toTimePoint (int y, int mo, int d, int h, int mi, int s, int offsetMinutes)
    {
        using namespace std::chrono;
        const sys_days day = year_month_day{ year{ y }, month{ (unsigned) mo }, std::chrono::day{ (unsigned) d } };
        return TimePoint{ day } + hours{ h } + minutes{ mi } + seconds{ s } - minutes{ offsetMinutes };
    }

    /** "+0000", "-0130", "+01:30", "Z" → minutes east of UTC. */
    std::optional<int> parseOffset (const std::string& text)
    {
        if (text == "Z" || text == "z")
            return 0;
        int hh = 0, mm = 0;
        char sign = 0;
        int consumed = 0;
        if ((std::sscanf (text.c_str(), "%c%2d%2d%n", &sign, &hh, &mm, &consumed) == 3
             || std::sscanf (text.c_str(), "%c%2d:%2d%n", &sign, &hh, &mm, &consumed) == 3)
            && consumed == (int) text.size() && (sign == '+' || sign == '-') && hh < 24 && mm < 60)
            return (sign == '-' ? -1 : 1) * (hh * 60 + mm);
        return std::nullopt;
    }
} // namespace

std::optional<TimePoint> parseTimestamp (const std::string& text)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;

    // SoundCloud: 2019/01/15 15:40:49 +0000
    if (std::sscanf (text.c_str(), "%4d/%2d/%2d %2d:%2d:%2d %n", &y, &mo, &d, &h, &mi, &s, &consumed) == 6)
    {
        const auto offset = parseOffset (text.substr ((size_t) consumed));
        if (offset && validCivilTime (y, mo, d, h, mi, s))
            return toTimePoint (y, mo, d, h, mi, s, *offset);
        return std::nullopt;
    }

    // ISO 8601: 2019-01-15T15:40:49Z, 2019-01-15T15:40:49.123+01:00
    if (std::sscanf (text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) == 6)
    {
        auto rest = text.substr ((size_t) consumed);
        if (!rest.empty() && rest[0] == '.')
        {
            const auto end = rest.find_first_not_of ("0123456789", 1);
            rest = end == std::string::npos ? std::string() : rest.substr (end);
        }
        const auto offset = parseOffset (rest);
        if (offset && validCivilTime (y, mo, d, h, mi, s))
            return toTimePoint (y, mo, d, h, mi, s, *offset);
    }
    return std::nullopt;
}

std::string formatTimestamp (TimePoint time)
{
    using namespace std::chrono;
    const auto day = floor<days> (time);
    const year_month_day date{ day };
    const hh_mm_ss clock{ time - day };
    char text[32];
    std::snprintf (text, sizeof (text), "%04d/%02u/%02u %02d:%02d:%02d +0000", (int) date.year(),
                   (unsigned) date.month(), (unsigned) date.day(), (int) clock.hours().count(),
                   (int) clock.minutes().count(), (int) clock.seconds().count());
    return text;
}
} // namespace wavelift::soundcloud
