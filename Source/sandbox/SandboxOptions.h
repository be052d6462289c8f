#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace wavelift::sandbox
{
/** Segment container of the HLS renditions (the live service's choice is unconfirmed, so both are offered). */
enum class HlsContainer
{
    mpegTs,
    fragmentedMp4
};

struct Options
{
    /** Folder holding state.json, the uploaded assets and the transcoded media. Created when missing. */
    std::filesystem::path dataDir;

    /** Ports of the three listeners on 127.0.0.1; 0 picks a free port. */
    int apiPort = 0;
    int authPort = 0;
    int cdnPort = 0;

    /** Skips the sign-in form: GET /authorize answers 302 with a code for the seeded user. */
    bool autoApprove = false;

    int accessTokenLifetimeSeconds = 3599;
    int authorizationCodeLifetimeSeconds = 300;
    /** Lifetime of the signed CDN URLs the stream redirectors hand out (the live CDN's is about 5 min). */
    int cdnUrlLifetimeSeconds = 300;

    /** The one redirect URI registered for the sandbox app; /authorize and /oauth/token want it exactly. */
    std::string redirectUri = "http://127.0.0.1:8765/callback";

    /** Play/stream requests per client id in any 24 h window. */
    int playLimitPer24h = 15000;
    /** Client-credentials exchanges: per app in 12 h, per IP in 1 h. */
    int clientCredentialsLimitPerApp = 50;
    int clientCredentialsLimitPerIp = 30;

    HlsContainer hlsContainer = HlsContainer::mpegTs;
    int hlsSegmentSeconds = 6;

    /** Enables the /_sandbox/ admin endpoints (faults, request log, stats, clock) on the API host. */
    bool enableFaultInjection = false;

    /** Seeds users and tracks made from these FLAC samples the first time a data folder is used. */
    bool seedCatalogue = true;
    std::filesystem::path seedSamplesDir = "/usr/share/sonic-pi/samples";

    /** Largest accepted asset (the live limit is 4 GB per file). */
    std::uint64_t maxAssetBytes = 4ull * 1024 * 1024 * 1024;
    /** Upload seconds of the seeded user's plan; 0 means an unlimited quota. */
    std::int64_t uploadQuotaSeconds = 3 * 3600;

    /** Base of the permalink_url fields; /resolve accepts URLs under it and under soundcloud.com. */
    std::string permalinkBase = "https://soundcloud.com";

    std::string ffmpegPath = "ffmpeg";
    std::string ffprobePath = "ffprobe";
};

const char* toString (HlsContainer container);
} // namespace wavelift::sandbox
