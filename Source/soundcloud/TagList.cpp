#include "soundcloud/TagList.h"

#include <algorithm>
#include <cctype>

namespace wavelift::soundcloud
{
namespace
{
    std::string cleanTag (const std::string& raw)
    {
        std::string cleaned;
        bool pendingSpace = false;
        for (const char character : raw)
        {
            const auto c = static_cast<unsigned char> (character);
            if (c == '"')
                continue;
            if (std::isspace (c) != 0)
            {
                pendingSpace = !cleaned.empty();
                continue;
            }
            if (pendingSpace)
                cleaned += ' ';
            pendingSpace = false;
            cleaned += character;
        }
        return cleaned;
    }

    std::string lowered (std::string text)
    {
        std::transform (text.begin(), text.end(), text.begin(),
                        [] (unsigned char c) { return (char) std::tolower (c); });
        return text;
    }
} // namespace

std::string buildTagList (const std::vector<std::string>& tags)
{
    std::string list;
    std::vector<std::string> seen;
    for (const auto& raw : tags)
    {
        const auto tag = cleanTag (raw);
        if (tag.empty() || std::find (seen.begin(), seen.end(), lowered (tag)) != seen.end())
            continue;
        seen.push_back (lowered (tag));

        if (!list.empty())
            list += ' ';
        list += tag.find (' ') != std::string::npos ? '"' + tag + '"' : tag;
    }
    return list;
}

std::vector<std::string> parseTagList (const std::string& tagList)
{
    std::vector<std::string> tags;
    std::string current;
    bool quoted = false;
    const auto finish = [&]
    {
        if (!current.empty())
            tags.push_back (current);
        current.clear();
    };

    for (const char c : tagList)
    {
        if (c == '"')
        {
            quoted = !quoted;
            if (!quoted)
                finish();
        }
        else if (c == ' ' && !quoted)
            finish();
        else
            current += c;
    }
    finish();
    return tags;
}
} // namespace wavelift::soundcloud
