#include "publish/TitlePattern.h"

#include <cctype>
#include <map>

namespace wavelift::publish
{
namespace
{
    std::string collapseWhiteSpace (const std::string& text)
    {
        std::string out;
        for (const char c : text)
        {
            const bool space = std::isspace ((unsigned char) c) != 0;
            if (space && (out.empty() || out.back() == ' '))
                continue;
            out += space ? ' ' : c;
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out;
    }
} // namespace

std::string titleFromPattern (const std::string& pattern, const capture::TakeRecord& take)
{
    const auto takeName = take.file.stem().string();
    // startedAt is ISO 8601 ("2026-12-03T19:40:12.000+01:00"): the producer's local date and time as written.
    const auto& started = take.startedAt;
    const std::map<std::string, std::string> tokens{
        { "take", takeName },
        { "track", take.metadata.trackName },
        { "project", take.metadata.projectName },
        { "host", take.metadata.hostName },
        { "date", started.size() >= 10 ? started.substr (0, 10) : std::string() },
        { "time", started.size() >= 16 ? started.substr (11, 5) : std::string() },
    };

    std::string out;
    for (size_t i = 0; i < pattern.size();)
    {
        if (pattern[i] == '{')
            if (const auto close = pattern.find ('}', i); close != std::string::npos)
                if (const auto it = tokens.find (pattern.substr (i + 1, close - i - 1)); it != tokens.end())
                {
                    out += it->second;
                    i = close + 1;
                    continue;
                }
        out += pattern[i++];
    }
    const auto title = collapseWhiteSpace (out);
    return title.empty() ? takeName : title;
}
} // namespace wavelift::publish
