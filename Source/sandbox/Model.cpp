#include "sandbox/Model.h"

#include <algorithm>

namespace wavelift::sandbox
{
using nlohmann::json;

std::string UserRecord::fullName() const
{
    if (firstName.empty() || lastName.empty())
        return firstName + lastName;
    return firstName + " " + lastName;
}

const char* streamFieldName (Rendition rendition)
{
    switch (rendition)
    {
        case Rendition::hlsAac160: return "hls_aac_160";
        case Rendition::hlsAac96: return "hls_aac_96";
        case Rendition::previewMp3: return "preview_mp3_128";
    }
    return "";
}

const char* hlsFolderName (Rendition rendition)
{
    switch (rendition)
    {
        case Rendition::hlsAac160: return "aac_160k";
        case Rendition::hlsAac96: return "aac_96k";
        case Rendition::previewMp3: return "preview";
    }
    return "";
}

bool TrackRecord::transcodePending() const
{
    return std::any_of (renditions.begin(), renditions.end(),
                        [] (const auto& entry) { return !entry.second.ready && !entry.second.failed; });
}

UserRecord* State::findUser (std::int64_t id)
{
    const auto it = std::find_if (users.begin(), users.end(), [id] (const auto& user) { return user.id == id; });
    return it == users.end() ? nullptr : &*it;
}

const UserRecord* State::findUser (std::int64_t id) const { return const_cast<State*> (this)->findUser (id); }

const UserRecord* State::findUserByUsername (const std::string& username) const
{
    const auto it =
        std::find_if (users.begin(), users.end(), [&] (const auto& user) { return user.username == username; });
    return it == users.end() ? nullptr : &*it;
}

const UserRecord* State::findUserByPermalink (const std::string& permalink) const
{
    const auto it =
        std::find_if (users.begin(), users.end(), [&] (const auto& user) { return user.permalink == permalink; });
    return it == users.end() ? nullptr : &*it;
}

TrackRecord* State::findTrack (std::int64_t id)
{
    const auto it = std::find_if (tracks.begin(), tracks.end(), [id] (const auto& track) { return track.id == id; });
    return it == tracks.end() ? nullptr : &*it;
}

const TrackRecord* State::findTrack (std::int64_t id) const { return const_cast<State*> (this)->findTrack (id); }

namespace
{
    json userToJson (const UserRecord& user)
    {
        return { { "id", user.id },
                 { "username", user.username },
                 { "permalink", user.permalink },
                 { "first_name", user.firstName },
                 { "last_name", user.lastName },
                 { "city", user.city },
                 { "country", user.country },
                 { "description", user.description },
                 { "website", user.website },
                 { "plan", user.plan },
                 { "password_salt", user.passwordSalt },
                 { "password_hash", user.passwordHash },
                 { "created_at", user.createdAt },
                 { "upload_quota_seconds", user.uploadQuotaSeconds } };
    }

    UserRecord userFromJson (const json& j)
    {
        UserRecord user;
        user.id = j.at ("id").get<std::int64_t>();
        user.username = j.value ("username", "");
        user.permalink = j.value ("permalink", "");
        user.firstName = j.value ("first_name", "");
        user.lastName = j.value ("last_name", "");
        user.city = j.value ("city", "");
        user.country = j.value ("country", "");
        user.description = j.value ("description", "");
        user.website = j.value ("website", "");
        user.plan = j.value ("plan", "Free");
        user.passwordSalt = j.value ("password_salt", "");
        user.passwordHash = j.value ("password_hash", "");
        user.createdAt = j.value ("created_at", std::int64_t{ 0 });
        user.uploadQuotaSeconds = j.value ("upload_quota_seconds", std::int64_t{ 0 });
        return user;
    }

    json trackToJson (const TrackRecord& track)
    {
        json renditions = json::object();
        for (const auto& [rendition, state] : track.renditions)
            renditions[streamFieldName (rendition)] = { { "stream_id", state.streamId },
                                                        { "ready", state.ready },
                                                        { "failed", state.failed } };
        json j = { { "id", track.id },
                   { "user_id", track.userId },
                   { "title", track.title },
                   { "permalink", track.permalink },
                   { "description", track.description },
                   { "genre", track.genre },
                   { "tag_list", track.tagList },
                   { "sharing", track.sharing },
                   { "embeddable_by", track.embeddableBy },
                   { "purchase_url", track.purchaseUrl },
                   { "purchase_title", track.purchaseTitle },
                   { "label_name", track.labelName },
                   { "release", track.release },
                   { "release_date", track.releaseDate },
                   { "isrc", track.isrc },
                   { "license", track.license },
                   { "metadata_artist", track.metadataArtist },
                   { "key_signature", track.keySignature },
                   { "streamable", track.streamable },
                   { "downloadable", track.downloadable },
                   { "commentable", track.commentable },
                   { "reveal_stats", track.revealStats },
                   { "reveal_comments", track.revealComments },
                   { "access", track.access },
                   { "secret_token", track.secretToken },
                   { "created_at", track.createdAt },
                   { "last_modified", track.lastModified },
                   { "duration_ms", track.durationMs },
                   { "media_key", track.mediaKey },
                   { "artwork_file", track.artworkFile },
                   { "asset_file", track.assetFile },
                   { "original_format", track.originalFormat },
                   { "playback_count", track.playbackCount },
                   { "download_count", track.downloadCount },
                   { "renditions", renditions } };
        j["bpm"] = track.bpm ? json (*track.bpm) : json (nullptr);
        return j;
    }

    TrackRecord trackFromJson (const json& j)
    {
        TrackRecord track;
        track.id = j.at ("id").get<std::int64_t>();
        track.userId = j.at ("user_id").get<std::int64_t>();
        track.title = j.value ("title", "");
        track.permalink = j.value ("permalink", "");
        track.description = j.value ("description", "");
        track.genre = j.value ("genre", "");
        track.tagList = j.value ("tag_list", "");
        track.sharing = j.value ("sharing", "public");
        track.embeddableBy = j.value ("embeddable_by", "all");
        track.purchaseUrl = j.value ("purchase_url", "");
        track.purchaseTitle = j.value ("purchase_title", "");
        track.labelName = j.value ("label_name", "");
        track.release = j.value ("release", "");
        track.releaseDate = j.value ("release_date", "");
        track.isrc = j.value ("isrc", "");
        track.license = j.value ("license", "all-rights-reserved");
        track.metadataArtist = j.value ("metadata_artist", "");
        track.keySignature = j.value ("key_signature", "");
        track.streamable = j.value ("streamable", true);
        track.downloadable = j.value ("downloadable", true);
        track.commentable = j.value ("commentable", true);
        track.revealStats = j.value ("reveal_stats", true);
        track.revealComments = j.value ("reveal_comments", true);
        track.access = j.value ("access", "playable");
        track.secretToken = j.value ("secret_token", "");
        track.createdAt = j.value ("created_at", std::int64_t{ 0 });
        track.lastModified = j.value ("last_modified", std::int64_t{ 0 });
        track.durationMs = j.value ("duration_ms", std::int64_t{ 0 });
        track.mediaKey = j.value ("media_key", "");
        track.artworkFile = j.value ("artwork_file", "");
        track.assetFile = j.value ("asset_file", "");
        track.originalFormat = j.value ("original_format", "");
        track.playbackCount = j.value ("playback_count", std::int64_t{ 0 });
        track.downloadCount = j.value ("download_count", std::int64_t{ 0 });
        if (j.contains ("bpm") && j["bpm"].is_number())
            track.bpm = j["bpm"].get<double>();
        const auto renditions = j.value ("renditions", json::object());
        for (const auto rendition : allRenditions)
        {
            const auto it = renditions.find (streamFieldName (rendition));
            if (it == renditions.end())
                continue;
            track.renditions[rendition] =
                RenditionState{ it->value ("stream_id", ""), it->value ("ready", false), it->value ("failed", false) };
        }
        return track;
    }
} // namespace

json toJson (const State& state)
{
    json users = json::array();
    for (const auto& user : state.users)
        users.push_back (userToJson (user));
    json tracks = json::array();
    for (const auto& track : state.tracks)
        tracks.push_back (trackToJson (track));
    json accessTokens = json::object();
    for (const auto& [token, grant] : state.accessTokens)
        accessTokens[token] = { { "client_id", grant.clientId },
                                { "user_id", grant.userId },
                                { "expires_at", grant.expiresAt },
                                { "refresh_token", grant.refreshToken } };
    json refreshTokens = json::object();
    for (const auto& [token, grant] : state.refreshTokens)
        refreshTokens[token] = { { "client_id", grant.clientId }, { "user_id", grant.userId } };
    json codes = json::object();
    for (const auto& [code, grant] : state.codes)
        codes[code] = { { "client_id", grant.clientId },
                        { "redirect_uri", grant.redirectUri },
                        { "code_challenge", grant.codeChallenge },
                        { "user_id", grant.userId },
                        { "expires_at", grant.expiresAt } };
    json windows = json::object();
    for (const auto& [key, buckets] : state.rateWindows)
    {
        json list = json::array();
        for (const auto& bucket : buckets)
            list.push_back ({ bucket.start, bucket.count });
        windows[key] = list;
    }
    return { { "format", 1 },
             { "app",
               { { "client_id", state.app.clientId },
                 { "client_secret", state.app.clientSecret },
                 { "redirect_uri", state.app.redirectUri } } },
             { "url_signing_key", state.urlSigningKey },
             { "token_signing_key", state.tokenSigningKey },
             { "users", users },
             { "tracks", tracks },
             { "access_tokens", accessTokens },
             { "refresh_tokens", refreshTokens },
             { "authorization_codes", codes },
             { "rate_windows", windows },
             { "counters", state.counters },
             { "next_track_id", state.nextTrackId },
             { "next_user_id", state.nextUserId } };
}

State stateFromJson (const json& j)
{
    State state;
    const auto& app = j.at ("app");
    state.app = { app.value ("client_id", ""), app.value ("client_secret", ""), app.value ("redirect_uri", "") };
    state.urlSigningKey = j.value ("url_signing_key", "");
    state.tokenSigningKey = j.value ("token_signing_key", "");
    for (const auto& user : j.value ("users", json::array()))
        state.users.push_back (userFromJson (user));
    for (const auto& track : j.value ("tracks", json::array()))
        state.tracks.push_back (trackFromJson (track));
    // Named copies: iterating items() of a temporary would dangle.
    const auto accessTokensJson = j.value ("access_tokens", json::object());
    const auto refreshTokensJson = j.value ("refresh_tokens", json::object());
    const auto codesJson = j.value ("authorization_codes", json::object());
    const auto windowsJson = j.value ("rate_windows", json::object());
    for (const auto& [token, grant] : accessTokensJson.items())
        state.accessTokens[token] =
            AccessGrant{ grant.value ("client_id", ""), grant.value ("user_id", std::int64_t{}),
                         grant.value ("expires_at", std::int64_t{}), grant.value ("refresh_token", "") };
    for (const auto& [token, grant] : refreshTokensJson.items())
        state.refreshTokens[token] =
            RefreshGrant{ grant.value ("client_id", ""), grant.value ("user_id", std::int64_t{}) };
    for (const auto& [code, grant] : codesJson.items())
        state.codes[code] =
            AuthorizationCode{ grant.value ("client_id", ""), grant.value ("redirect_uri", ""),
                               grant.value ("code_challenge", ""), grant.value ("user_id", std::int64_t{}),
                               grant.value ("expires_at", std::int64_t{}) };
    for (const auto& [key, list] : windowsJson.items())
    {
        auto& buckets = state.rateWindows[key];
        for (const auto& bucket : list)
            buckets.push_back ({ bucket.at (0).get<std::int64_t>(), bucket.at (1).get<int>() });
    }
    state.counters = j.value ("counters", std::map<std::string, std::int64_t>{});
    state.nextTrackId = j.value ("next_track_id", std::int64_t{ 1 });
    state.nextUserId = j.value ("next_user_id", std::int64_t{ 1 });
    return state;
}
} // namespace wavelift::sandbox
