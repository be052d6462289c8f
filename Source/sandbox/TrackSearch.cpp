#include "sandbox/TrackSearch.h"

#include "sandbox/Crypto.h"
#include "sandbox/TimeFormat.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace wavelift::sandbox
{
namespace
{
    std::string lowerCase (std::string text)
    {
        std::transform (text.begin(), text.end(), text.begin(),
                        [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
        return text;
    }

    std::string firstValue (const QueryParameters& query, const std::string& key)
    {
        const auto it = query.find (key);
        return it == query.end() ? std::string{} : it->second;
    }

    std::vector<std::string> splitList (const std::string& text, char separator)
    {
        std::vector<std::string> items;
        std::string current;
        for (const char c : text + separator)
        {
            if (c == separator)
            {
                const auto begin = current.find_first_not_of (' ');
                const auto end = current.find_last_not_of (' ');
                if (begin != std::string::npos)
                    items.push_back (lowerCase (current.substr (begin, end - begin + 1)));
                current.clear();
            }
            else
            {
                current += c;
            }
        }
        return items;
    }

    template <typename Number>
    std::optional<Number> parseNumber (const std::string& text)
    {
        Number value{};
        const auto* end = text.data() + text.size();
        const auto [pointer, error] = std::from_chars (text.data(), end, value);
        if (error != std::errc() || pointer != end)
            return std::nullopt;
        return value;
    }

    std::optional<std::int64_t> parsePrefixedId (const std::string& text, const std::string& prefix)
    {
        const auto digits = text.starts_with (prefix) ? text.substr (prefix.size()) : text;
        if (digits.empty()
            || !std::all_of (digits.begin(), digits.end(), [] (unsigned char c) { return std::isdigit (c); }))
            return std::nullopt;
        return parseNumber<std::int64_t> (digits);
    }

    /** Reads "name[from]" and "name[to]" as numbers or timestamps. */
    template <typename Value, typename Parse>
    std::optional<std::string> parseRange (const QueryParameters& query, const std::string& name, Parse parse,
                                           std::optional<Value>& from, std::optional<Value>& to)
    {
        for (auto [suffix, target] : { std::pair{ "[from]", &from }, std::pair{ "[to]", &to } })
        {
            const auto text = firstValue (query, name + suffix);
            if (text.empty())
                continue;
            *target = parse (text);
            if (!*target)
                return "invalid " + name + suffix;
        }
        return std::nullopt;
    }
} // namespace

std::vector<std::string> splitTagList (const std::string& tagList)
{
    std::vector<std::string> tags;
    std::string current;
    bool quoted = false;
    for (const char c : tagList)
    {
        if (c == '"')
        {
            quoted = !quoted;
        }
        else if (c == ' ' && !quoted)
        {
            if (!current.empty())
                tags.push_back (std::exchange (current, {}));
        }
        else
        {
            current += c;
        }
    }
    if (!current.empty())
        tags.push_back (current);
    return tags;
}

bool TrackFilter::matches (const TrackRecord& track, const UserRecord* owner) const
{
    if (access.count (track.access) == 0)
        return false;
    if (!ids.empty() && ids.count (track.id) == 0)
        return false;
    if (!genres.empty() && std::find (genres.begin(), genres.end(), lowerCase (track.genre)) == genres.end())
        return false;
    if (!tags.empty())
    {
        const auto trackTags = splitTagList (track.tagList);
        const bool anyTag = std::any_of (trackTags.begin(), trackTags.end(),
                                         [this] (const std::string& tag) {
                                             return std::find (tags.begin(), tags.end(), lowerCase (tag)) != tags.end();
                                         });
        if (!anyTag)
            return false;
    }
    if ((durationFrom && track.durationMs < *durationFrom) || (durationTo && track.durationMs > *durationTo))
        return false;
    if ((createdFrom && track.createdAt < *createdFrom) || (createdTo && track.createdAt > *createdTo))
        return false;
    if ((bpmFrom || bpmTo) && !track.bpm)
        return false;
    if ((bpmFrom && *track.bpm < *bpmFrom) || (bpmTo && *track.bpm > *bpmTo))
        return false;
    if (!words.empty())
    {
        const auto haystack = lowerCase (track.title + " " + track.tagList + " " + track.genre + " " + track.description
                                         + " " + track.metadataArtist + " "
                                         + (owner != nullptr ? owner->username + " " + owner->fullName() : ""));
        for (const auto& word : words)
            if (haystack.find (word) == std::string::npos)
                return false;
    }
    return true;
}

std::optional<std::string> parseTrackFilter (const QueryParameters& query, TrackFilter& filter)
{
    const auto q = lowerCase (firstValue (query, "q"));
    if (q != "*")
        for (const auto& word : splitList (q, ' '))
            filter.words.push_back (word);
    filter.tags = splitList (firstValue (query, "tags"), ',');
    filter.genres = splitList (firstValue (query, "genres"), ',');
    if (const auto access = firstValue (query, "access"); !access.empty())
    {
        const auto values = splitList (access, ',');
        filter.access = { values.begin(), values.end() };
        for (const auto& value : filter.access)
            if (value != "playable" && value != "preview" && value != "blocked")
                return "invalid access value '" + value + "'";
    }
    for (const auto* key : { "urns", "ids" })
        for (const auto& item : splitList (firstValue (query, key), ','))
        {
            const auto id = parseTrackUrn (item);
            if (!id)
                return std::string ("invalid ") + key;
            filter.ids.insert (*id);
        }
    if (auto error = parseRange<std::int64_t> (query, "duration", parseNumber<std::int64_t>, filter.durationFrom,
                                               filter.durationTo))
        return error;
    if (auto error =
            parseRange<std::int64_t> (query, "created_at", parseSearchTimestamp, filter.createdFrom, filter.createdTo))
        return error;
    if (auto error = parseRange<double> (query, "bpm", parseNumber<double>, filter.bpmFrom, filter.bpmTo))
        return error;
    return std::nullopt;
}

std::optional<std::string> parsePageRequest (const QueryParameters& query, PageRequest& page)
{
    if (const auto limit = firstValue (query, "limit"); !limit.empty())
    {
        const auto value = parseNumber<std::int64_t> (limit);
        if (!value)
            return "invalid limit";
        page.limit = static_cast<int> (std::clamp<std::int64_t> (*value, 1, 200));
    }
    if (const auto offset = firstValue (query, "offset"); !offset.empty())
    {
        const auto value = parseNumber<std::int64_t> (offset);
        if (!value || *value < 0)
            return "invalid offset";
        page.offset = *value;
    }
    if (const auto cursor = firstValue (query, "cursor"); !cursor.empty())
    {
        const auto value = decodeCursor (cursor);
        if (!value)
            return "invalid cursor";
        page.offset = *value;
    }
    const auto linked = lowerCase (firstValue (query, "linked_partitioning"));
    page.linkedPartitioning = linked == "true" || linked == "1";
    for (const auto* key : { "sort", "direction", "order" })
        if (const auto sort = lowerCase (firstValue (query, key)); !sort.empty())
        {
            if (sort != "asc" && sort != "desc")
                return std::string ("invalid ") + key;
            page.ascending = sort == "asc";
        }
    return std::nullopt;
}

std::string encodeCursor (std::int64_t offset)
{
    return crypto::base64UrlEncode ("wavelift-sandbox:" + std::to_string (offset));
}

std::optional<std::int64_t> decodeCursor (const std::string& cursor)
{
    const auto decoded = crypto::base64UrlDecode (cursor);
    const std::string prefix = "wavelift-sandbox:";
    if (!decoded || !decoded->starts_with (prefix))
        return std::nullopt;
    return parseNumber<std::int64_t> (decoded->substr (prefix.size()));
}

std::optional<std::int64_t> parseTrackUrn (const std::string& text)
{
    return parsePrefixedId (text, "soundcloud:tracks:");
}
std::optional<std::int64_t> parseUserUrn (const std::string& text)
{
    return parsePrefixedId (text, "soundcloud:users:");
}
} // namespace wavelift::sandbox
