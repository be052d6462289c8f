#pragma once

#include "preview/ByteSource.h"
#include "soundcloud/ApiClient.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace wavelift::preview
{
/** Which of /streams' URLs is playing. */
enum class StreamKind
{
    hlsAac160,
    hlsAac96,
    previewMp3 // the 30-second preview: shown as "30 s preview"
};

const char* toString (StreamKind);

/** Fetches CDN resources (HLS playlists, init sections, segments, the MP3 preview) WITHOUT any Authorization header:
    the CDN refuses tokens, and a token must never leave the API host. A 403 (an expired signature) gets one fresh
    URL from `refresh`, which re-resolves the stream and finds the same resource in it. */
class CdnByteSourceOpener final : public ByteSourceOpener
{
public:
    /** Given the URL that got a 403, returns a freshly signed URL for the same resource, or throws. */
    using Refresher = std::function<std::string (const std::string& expiredUrl)>;

    CdnByteSourceOpener (const net::HttpClient& http, Refresher refresh, std::stop_token stop = {});

    std::unique_ptr<ByteSource> open (const std::string& url) override;

    int refreshes() const noexcept { return refreshCount; }

private:
    const net::HttpClient& http;
    Refresher refresh;
    std::stop_token stop;
    int refreshCount = 0;
};

/** The track has no stream this account may play yet: SoundCloud may still be transcoding a fresh upload (the API
    gives no readiness signal, so callers poll), or the track is blocked. */
struct NoStreamAvailable : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/** A track's stream, opened and ready to decode. */
struct OpenedStream
{
    std::unique_ptr<juce::AudioFormatReader> reader;
    StreamKind kind = StreamKind::previewMp3;
    std::string label; // "AAC 160 kbit/s", "30 s preview"
};

/** Picks and opens the best stream of a track: hls_aac_160_url, then hls_aac_96_url, then preview_mp3_128_url.
    The API-host redirector is resolved with the token and no redirect-following; the CDN URL is then fetched with
    no token. A 403 on a full stream falls back to the preview and is remembered for that track. */
class TrackStreamOpener
{
public:
    explicit TrackStreamOpener (soundcloud::ApiClient& api);

    /** Blocking (network): call from a worker or the preview player's feeder thread. Throws on failure. */
    OpenedStream open (const std::string& trackUrn, std::stop_token stop = {},
                       std::optional<StreamKind> only = std::nullopt);

    bool fullStreamForbidden (const std::string& trackUrn) const;

private:
    OpenedStream openKind (StreamKind kind, const std::string& redirector, std::stop_token stop);

    soundcloud::ApiClient& api;
    mutable std::mutex mutex;
    std::set<std::string> forbiddenFullStreams;
};
} // namespace wavelift::preview
