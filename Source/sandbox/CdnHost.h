#pragma once

#include "sandbox/Model.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace wavelift::sandbox
{
class HttpListener;
class StateStore;
class UrlSigner;

/** The CDN: serves transcodes and originals only on valid signed URLs, and refuses any request that carries an
    Authorization header (the live CDN rejects it). HLS playlists are rewritten so every segment URI carries the
    playlist's signature, as relative URIs would otherwise lose the query. */
class CdnHost
{
public:
    CdnHost (HttpListener& listener, std::filesystem::path dataDir, const StateStore& store, const UrlSigner& signer,
             std::function<std::int64_t()> epochNow);

    /** Signed URL of an HLS rendition's playlist; the signature covers the rendition's whole folder. */
    std::string signedPlaylistUrl (const TrackRecord& track, Rendition rendition, std::int64_t expiresAt) const;
    /** Signed URL of the 30-second MP3 preview (path shaped like cf-preview-media.sndcdn.com/preview/0/30/…). */
    std::string signedPreviewUrl (const TrackRecord& track, std::int64_t expiresAt) const;
    /** Signed URL of the original upload. */
    std::string signedOriginalUrl (const TrackRecord& track, std::int64_t expiresAt) const;
    std::string baseUrl() const;

private:
    void registerRoutes (HttpListener& listener);

    HttpListener& listener_;
    const std::filesystem::path dataDir_;
    const StateStore& store_;
    const UrlSigner& signer_;
    const std::function<std::int64_t()> epochNow_;
};
} // namespace wavelift::sandbox
