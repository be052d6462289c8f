#pragma once

#include "sandbox/Model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
using QueryParameters = std::multimap<std::string, std::string>;

/** Filters of GET /tracks (and the access filter of the user track lists). */
struct TrackFilter
{
    std::vector<std::string> words;
    std::vector<std::string> tags;
    std::vector<std::string> genres;
    std::set<std::string> access{ "playable", "preview" };
    std::set<std::int64_t> ids;
    std::optional<std::int64_t> durationFrom, durationTo;
    std::optional<std::int64_t> createdFrom, createdTo;
    std::optional<double> bpmFrom, bpmTo;

    bool matches (const TrackRecord& track, const UserRecord* owner) const;
};

struct PageRequest
{
    int limit = 50;
    std::int64_t offset = 0;
    bool linkedPartitioning = false;
    bool ascending = false;
};

/** Parses the search filters; returns an error message for a malformed value. */
std::optional<std::string> parseTrackFilter (const QueryParameters& query, TrackFilter& filter);
/** Parses limit (default 50, clamped to 1…200), offset or cursor, linked_partitioning and sort. */
std::optional<std::string> parsePageRequest (const QueryParameters& query, PageRequest& page);

/** Splits a tag_list: spaces separate tags, double quotes group a multi-word tag. */
std::vector<std::string> splitTagList (const std::string& tagList);

/** Opaque cursor of the user track lists (live: "cursor=" there, "offset=" on search). */
std::string encodeCursor (std::int64_t offset);
std::optional<std::int64_t> decodeCursor (const std::string& cursor);

/** Parses a track reference: "soundcloud:tracks:123" or "123". */
std::optional<std::int64_t> parseTrackUrn (const std::string& text);
std::optional<std::int64_t> parseUserUrn (const std::string& text);
} // namespace wavelift::sandbox
