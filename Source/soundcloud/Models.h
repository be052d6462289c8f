#pragma once

#include "soundcloud/Timestamp.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::soundcloud
{
/** What the API lets this client play of a track. Treat it as a hint: a "playable" track's full stream can still
    answer 403, and then only the preview plays. */
enum class Access
{
    playable,
    preview,
    blocked,
    unknown
};

Access parseAccess (const std::string& text);
const char* toString (Access access);

struct User
{
    std::string urn;
    std::string username;
    std::string permalinkUrl;
    std::string avatarUrl;
};

/** The signed-in user, from GET /me. */
struct Me
{
    User user;
    std::string plan;
    bool unlimitedUploadQuota = false;
    std::optional<std::int64_t> uploadSecondsLeft; // null when the API does not report it
};

struct Track
{
    std::string urn;
    std::string title;
    std::int64_t durationMs = 0;
    Access access = Access::unknown;
    bool streamable = false;
    bool downloadable = false;
    std::string sharing; // "public" or "private"
    std::string tagList;
    std::vector<std::string> tags;
    std::string genre;
    std::string description;
    std::string license;
    std::string permalinkUrl;
    std::string secretUri;
    std::string artworkUrl;
    std::optional<TimePoint> createdAt;
    User user;
};

/** GET /tracks/{urn}/streams. Any subset of the fields may be present: the MP3 and Opus fields were removed at the
    end of 2025, and the client never needs them. */
struct Streams
{
    std::string hlsAac160Url;
    std::string hlsAac96Url;
    std::string previewMp3128Url;
};

/** Thrown for a body that is not the JSON shape the endpoint documents; names what was wrong. */
struct MalformedResponse : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

User parseUser (const nlohmann::json&);
Me parseMe (const nlohmann::json&);
Track parseTrack (const nlohmann::json&);
Streams parseStreams (const nlohmann::json&);

/** Parses text as JSON, throwing MalformedResponse (with the first bytes of the body) when it is not. */
nlohmann::json parseJsonBody (const std::string& body, const std::string& what);
} // namespace wavelift::soundcloud
