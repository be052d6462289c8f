#pragma once

#include "publish/UploadRequest.h"
#include "soundcloud/ApiClient.h"

#include <functional>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace wavelift::publish
{
struct UploadProgress
{
    std::uint64_t bytesSent = 0;
    std::uint64_t bytesTotal = 0;
    double bytesPerSecond = 0.0;
    std::optional<double> secondsLeft;
    /** Every byte of the body is out; SoundCloud is processing it. */
    bool bodyComplete = false;
};

struct PublishedTrack
{
    std::string urn;
    std::string title;
    std::string permalinkUrl;
    std::string secretUri; // private tracks: the secret link to share
    std::string sharing;
    /** Why the artwork could not be set (the track itself is published); empty when it was set or there was none. */
    std::string artworkProblem;
};

/** Upload refused before any byte was sent: the producer can act on the words. */
struct UploadRefused : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/** One POST /tracks, streamed from disk through our HTTP layer, with progress (bytes, rate, time left) and cancel.
    Artwork follows in a PUT /tracks/{urn}: the live API answers 500 to an upload that carries track[artwork_data]
    (soundcloud-api.md, #409). */
class Uploader
{
public:
    explicit Uploader (soundcloud::ApiClient& api);

    /** Blocks until SoundCloud answered. Throws UploadRefused (app-only token, bad artwork), soundcloud::ApiError
        (422, 401 after a refresh, 5xx, HTML pages, 429) or soundcloud::NetworkError (including cancelled).
        `bodyFullySent` tells the caller afterwards whether the server may have acted on a failed request. */
    PublishedTrack upload (const UploadRequest& request, const std::function<void (const UploadProgress&)>& onProgress,
                           std::stop_token stop, bool* bodyFullySent = nullptr, const std::string& boundary = {});

private:
    /** PUT /tracks/{urn} with the artwork; returns why it failed (empty on success). */
    std::string setArtwork (const std::string& trackUrn, const std::filesystem::path& artwork, std::stop_token stop);

    soundcloud::ApiClient& api;
};

PublishedTrack publishedTrackFrom (const soundcloud::Track& track);
} // namespace wavelift::publish
