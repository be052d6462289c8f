#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
/** The one registered app. */
struct AppRecord
{
    std::string clientId;
    std::string clientSecret;
    std::string redirectUri;
};

struct UserRecord
{
    std::int64_t id = 0;
    std::string username;
    std::string permalink;
    std::string firstName;
    std::string lastName;
    std::string city;
    std::string country;
    std::string description;
    std::string website;
    std::string plan = "Free";
    /** Salted SHA-256 of the password; empty for catalogue users nobody signs in as. */
    std::string passwordSalt;
    std::string passwordHash;
    std::int64_t createdAt = 0;
    /** Upload seconds allowed; 0 means unlimited. */
    std::int64_t uploadQuotaSeconds = 0;

    std::string urn() const { return "soundcloud:users:" + std::to_string (id); }
    std::string fullName() const;
};

/** The transcodings SoundCloud serves today: HLS AAC 160k and 96k, and the 30-second MP3 preview. */
enum class Rendition
{
    hlsAac160,
    hlsAac96,
    previewMp3
};
inline constexpr std::array<Rendition, 3> allRenditions{ Rendition::hlsAac160, Rendition::hlsAac96,
                                                         Rendition::previewMp3 };
/** "hls_aac_160" etc.: the /streams field name without its "_url" suffix. */
const char* streamFieldName (Rendition rendition);
/** Folder of an HLS rendition on the CDN ("aac_160k"). */
const char* hlsFolderName (Rendition rendition);

struct RenditionState
{
    /** The <uuid> in /tracks/{urn}/streams/<uuid>/hls. */
    std::string streamId;
    bool ready = false;
    bool failed = false;
};

struct TrackRecord
{
    std::int64_t id = 0;
    std::int64_t userId = 0;
    std::string title;
    std::string permalink;
    std::string description;
    std::string genre;
    std::string tagList;
    std::string sharing = "public";
    std::string embeddableBy = "all";
    std::string purchaseUrl;
    std::string purchaseTitle;
    std::string labelName;
    std::string release;
    std::string releaseDate;
    std::string isrc;
    std::string license = "all-rights-reserved";
    std::string metadataArtist;
    std::string keySignature;
    std::optional<double> bpm;
    bool streamable = true;
    bool downloadable = true;
    bool commentable = true;
    bool revealStats = true;
    bool revealComments = true;
    /** playable | preview | blocked */
    std::string access = "playable";
    /** Set while the track is private ("s-XXXXX"). */
    std::string secretToken;
    std::int64_t createdAt = 0;
    std::int64_t lastModified = 0;
    std::int64_t durationMs = 0;
    /** Random name of the track's media folders, so CDN paths don't reveal the track id. */
    std::string mediaKey;
    /** Uploaded asset, relative to the data folder. */
    std::string assetFile;
    /** The artwork set with PUT /tracks/{urn} (relative to the data folder; empty when none). */
    std::string artworkFile;
    std::string originalFormat;
    std::int64_t playbackCount = 0;
    std::int64_t downloadCount = 0;
    std::map<Rendition, RenditionState> renditions;

    std::string urn() const { return "soundcloud:tracks:" + std::to_string (id); }
    bool isPrivate() const { return sharing == "private"; }
    bool transcodePending() const;
};

struct AccessGrant
{
    std::string clientId;
    /** 0 for app-only (client_credentials) tokens. */
    std::int64_t userId = 0;
    std::int64_t expiresAt = 0;
    std::string refreshToken;
};

struct RefreshGrant
{
    std::string clientId;
    std::int64_t userId = 0;
};

struct AuthorizationCode
{
    std::string clientId;
    std::string redirectUri;
    std::string codeChallenge;
    std::int64_t userId = 0;
    std::int64_t expiresAt = 0;
};

/** One time slice of a sliding-window rate counter. */
struct RateBucket
{
    std::int64_t start = 0;
    int count = 0;
};

/** Everything the sandbox persists in state.json. */
struct State
{
    AppRecord app;
    std::string urlSigningKey;
    std::string tokenSigningKey;
    std::vector<UserRecord> users;
    std::vector<TrackRecord> tracks;
    std::map<std::string, AccessGrant> accessTokens;
    std::map<std::string, RefreshGrant> refreshTokens;
    std::map<std::string, AuthorizationCode> codes;
    std::map<std::string, std::vector<RateBucket>> rateWindows;
    std::map<std::string, std::int64_t> counters;
    std::int64_t nextTrackId = 1;
    std::int64_t nextUserId = 1;

    UserRecord* findUser (std::int64_t id);
    const UserRecord* findUser (std::int64_t id) const;
    const UserRecord* findUserByUsername (const std::string& username) const;
    const UserRecord* findUserByPermalink (const std::string& permalink) const;
    TrackRecord* findTrack (std::int64_t id);
    const TrackRecord* findTrack (std::int64_t id) const;
};

nlohmann::json toJson (const State& state);
State stateFromJson (const nlohmann::json& json);
} // namespace wavelift::sandbox
