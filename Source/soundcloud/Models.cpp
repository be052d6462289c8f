#include "soundcloud/Models.h"

#include "soundcloud/TagList.h"
#include "soundcloud/Urn.h"

#include <nlohmann/json.hpp>

namespace wavelift::soundcloud
{
namespace
{
    std::string stringOr (const nlohmann::json& object, const char* key, std::string fallback = {})
    {
        const auto found = object.find (key);
        return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
    }

    bool boolOr (const nlohmann::json& object, const char* key, bool fallback)
    {
        const auto found = object.find (key);
        return found != object.end() && found->is_boolean() ? found->get<bool>() : fallback;
    }

    std::optional<std::int64_t> integer (const nlohmann::json& object, const char* key)
    {
        const auto found = object.find (key);
        if (found != object.end() && found->is_number_integer())
            return found->get<std::int64_t>();
        return std::nullopt;
    }

    void requireObject (const nlohmann::json& value, const char* what)
    {
        if (!value.is_object())
            throw MalformedResponse (std::string (what) + " is not a JSON object");
    }

    /** The object's URN from "urn", falling back to the legacy numeric "id". */
    std::string urnOf (const nlohmann::json& object, UrnKind kind, const char* what)
    {
        for (const char* key : { "urn", "id" })
            if (const auto found = object.find (key); found != object.end())
                if (auto urn = normaliseUrn (*found, kind))
                    return *urn;
        throw MalformedResponse (std::string (what) + " has neither a urn nor a numeric id");
    }
} // namespace

Access parseAccess (const std::string& text)
{
    if (text == "playable")
        return Access::playable;
    if (text == "preview")
        return Access::preview;
    if (text == "blocked")
        return Access::blocked;
    return Access::unknown;
}

const char* toString (Access access)
{
    switch (access)
    {
        case Access::playable: return "playable";
        case Access::preview: return "preview";
        case Access::blocked: return "blocked";
        case Access::unknown: return "unknown";
    }
    return "unknown";
}

User parseUser (const nlohmann::json& json)
{
    requireObject (json, "user");
    return { urnOf (json, UrnKind::users, "user"), stringOr (json, "username"), stringOr (json, "permalink_url"),
             stringOr (json, "avatar_url") };
}

Me parseMe (const nlohmann::json& json)
{
    Me me;
    me.user = parseUser (json);
    me.plan = stringOr (json, "plan");
    me.uploadSecondsLeft = integer (json, "upload_seconds_left");
    if (const auto quota = json.find ("quota"); quota != json.end() && quota->is_object())
    {
        me.unlimitedUploadQuota = boolOr (*quota, "unlimited_upload_quota", false);
        if (!me.uploadSecondsLeft)
            me.uploadSecondsLeft = integer (*quota, "upload_seconds_left");
    }
    return me;
}

Track parseTrack (const nlohmann::json& json)
{
    requireObject (json, "track");
    Track track;
    track.urn = urnOf (json, UrnKind::tracks, "track");
    track.title = stringOr (json, "title");
    track.durationMs = integer (json, "duration").value_or (0);
    track.access = parseAccess (stringOr (json, "access"));
    track.streamable = boolOr (json, "streamable", false);
    track.downloadable = boolOr (json, "downloadable", false);
    track.sharing = stringOr (json, "sharing");
    track.tagList = stringOr (json, "tag_list");
    track.tags = parseTagList (track.tagList);
    track.genre = stringOr (json, "genre");
    track.description = stringOr (json, "description");
    track.license = stringOr (json, "license");
    track.permalinkUrl = stringOr (json, "permalink_url");
    track.secretUri = stringOr (json, "secret_uri");
    track.artworkUrl = stringOr (json, "artwork_url");
    track.createdAt = parseTimestamp (stringOr (json, "created_at"));
    if (const auto user = json.find ("user"); user != json.end() && user->is_object())
        track.user = parseUser (*user);
    return track;
}

Streams parseStreams (const nlohmann::json& json)
{
    requireObject (json, "streams");
    return { stringOr (json, "hls_aac_160_url"), stringOr (json, "hls_aac_96_url"),
             stringOr (json, "preview_mp3_128_url") };
}

nlohmann::json parseJsonBody (const std::string& body, const std::string& what)
{
    try
    {
        return nlohmann::json::parse (body);
    }
    catch (const nlohmann::json::parse_error&)
    {
        const auto start = body.substr (0, 80);
        throw MalformedResponse (what + " is not JSON: \"" + start + (body.size() > 80 ? "...\"" : "\""));
    }
}
} // namespace wavelift::soundcloud
