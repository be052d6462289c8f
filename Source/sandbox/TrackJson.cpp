#include "sandbox/TrackJson.h"

#include "sandbox/TimeFormat.h"

#include <algorithm>
#include <cstdio>

namespace wavelift::sandbox
{
using nlohmann::json;

namespace
{
    constexpr const char* defaultAvatar = "https://a1.sndcdn.com/images/default_avatar_large.png";

    std::int64_t countTracks (const State& state, std::int64_t userId, bool privateOnes)
    {
        return std::count_if (state.tracks.begin(), state.tracks.end(),
                              [&] (const TrackRecord& track)
                              { return track.userId == userId && track.isPrivate() == privateOnes; });
    }
} // namespace

std::string userPermalinkUrl (const UserRecord& user, const PublicUrls& urls)
{
    return urls.permalinkBase + "/" + user.permalink;
}

std::string trackPermalinkUrl (const TrackRecord& track, const UserRecord& owner, const PublicUrls& urls)
{
    return userPermalinkUrl (owner, urls) + "/" + track.permalink;
}

std::int64_t uploadSecondsUsed (const State& state, std::int64_t userId)
{
    std::int64_t milliseconds = 0;
    for (const auto& track : state.tracks)
        if (track.userId == userId)
            milliseconds += track.durationMs;
    return (milliseconds + 999) / 1000;
}

json userJson (const UserRecord& user, const State& state, const PublicUrls& urls)
{
    const auto created = formatApiTimestamp (user.createdAt);
    return { { "avatar_url", defaultAvatar },
             { "city", user.city },
             { "country", user.country },
             { "created_at", created },
             { "description", user.description },
             { "discogs_name", "" },
             { "first_name", user.firstName },
             { "followers_count", 0 },
             { "followings_count", 0 },
             { "full_name", user.fullName() },
             { "id", user.id },
             { "kind", "user" },
             { "last_modified", created },
             { "last_name", user.lastName },
             { "permalink", user.permalink },
             { "permalink_url", userPermalinkUrl (user, urls) },
             { "plan", user.plan },
             { "playlist_count", 0 },
             { "public_favorites_count", 0 },
             { "reposts_count", 0 },
             { "subscriptions", json::array() },
             { "track_count", countTracks (state, user.id, false) },
             { "uri", urls.api + "/users/" + user.urn() },
             { "urn", user.urn() },
             { "username", user.username },
             { "website", user.website },
             { "website_title", "" } };
}

json meJson (const UserRecord& user, const State& state, const PublicUrls& urls)
{
    auto me = userJson (user, state, urls);
    const auto used = uploadSecondsUsed (state, user.id);
    const bool unlimited = user.uploadQuotaSeconds == 0;
    const json left = unlimited ? json (nullptr) : json (std::max<std::int64_t> (0, user.uploadQuotaSeconds - used));
    me["comments_count"] = 0;
    me["likes_count"] = 0;
    me["locale"] = "";
    me["online"] = false;
    me["primary_email_confirmed"] = true;
    me["private_playlists_count"] = 0;
    me["private_tracks_count"] = countTracks (state, user.id, true);
    me["quota"] = { { "unlimited_upload_quota", unlimited },
                    { "upload_seconds_used", used },
                    { "upload_seconds_left", left } };
    me["upload_seconds_left"] = left;
    return me;
}

std::string artworkUrl (const TrackRecord& track, const std::string& cdnBase)
{
    if (track.artworkFile.empty() || cdnBase.empty())
        return {};
    const auto extension = std::filesystem::path (track.artworkFile).extension().string(); // ".jpg" or ".png"
    return cdnBase + "/artworks-" + track.mediaKey + "-large" + extension;
}

json trackJson (const TrackRecord& track, const State& state, const PublicUrls& urls, bool revealSecret)
{
    const auto* owner = state.findUser (track.userId);
    const auto trackUri = urls.api + "/tracks/" + track.urn();
    json j = { { "access", track.access },
               { "comment_count", 0 },
               { "commentable", track.commentable },
               { "created_at", formatApiTimestamp (track.createdAt) },
               { "description", track.description },
               { "download_count", track.downloadCount },
               { "downloadable", track.downloadable },
               { "duration", track.durationMs },
               { "embeddable_by", track.embeddableBy },
               { "favoritings_count", 0 },
               { "genre", track.genre },
               { "id", track.id },
               { "isrc", track.isrc },
               { "key_signature", track.keySignature },
               { "kind", "track" },
               { "label_name", track.labelName },
               { "license", track.license },
               { "metadata_artist", track.metadataArtist },
               { "playback_count", track.playbackCount },
               { "purchase_title", track.purchaseTitle },
               { "purchase_url", track.purchaseUrl },
               { "release", track.release },
               { "reposts_count", 0 },
               { "reveal_comments", track.revealComments },
               { "reveal_stats", track.revealStats },
               { "sharing", track.sharing },
               { "stream_url", trackUri + "/preview" },
               { "streamable", track.streamable },
               { "tag_list", track.tagList },
               { "title", track.title },
               { "uri", trackUri },
               { "urn", track.urn() },
               { "user_favorite", false },
               { "user_playback_count", 0 } };
    j["download_url"] = track.downloadable ? json (trackUri + "/download") : json (nullptr);
    // The spec's artwork_url is a non-null string: a track without artwork leaves it out.
    if (const auto artwork = artworkUrl (track, urls.cdn); !artwork.empty())
        j["artwork_url"] = artwork;
    if (track.bpm)
        j["bpm"] = *track.bpm;
    int year = 0, month = 0, day = 0;
    if (std::sscanf (track.releaseDate.c_str(), "%4d-%2d-%2d", &year, &month, &day) == 3)
    {
        j["release_year"] = year;
        j["release_month"] = month;
        j["release_day"] = day;
    }
    if (owner != nullptr)
    {
        j["user"] = userJson (*owner, state, urls);
        j["permalink_url"] = trackPermalinkUrl (track, *owner, urls);
    }
    if (track.isPrivate() && revealSecret && !track.secretToken.empty())
    {
        j["secret_uri"] = trackUri + "?secret_token=" + track.secretToken;
        if (owner != nullptr)
            j["permalink_url"] = trackPermalinkUrl (track, *owner, urls) + "/" + track.secretToken;
    }
    return j;
}
} // namespace wavelift::sandbox
