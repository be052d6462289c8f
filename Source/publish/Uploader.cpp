#include "publish/Uploader.h"

#include "net/FormEncoding.h"
#include "soundcloud/Models.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>

namespace wavelift::publish
{
namespace
{
    /** Rate over a sliding window of a few seconds, so the time left follows the connection as it changes. */
    class RateMeter
    {
    public:
        UploadProgress update (std::uint64_t sent, std::uint64_t total)
        {
            const auto now = std::chrono::steady_clock::now();
            if (!started)
            {
                windowStart = now;
                windowBytes = sent;
                started = true;
            }
            const double seconds = std::chrono::duration<double> (now - windowStart).count();
            if (seconds >= 0.25)
                rate = (double) (sent - windowBytes) / seconds;
            if (seconds >= 3.0)
            {
                windowStart = now;
                windowBytes = sent;
            }

            UploadProgress progress{ sent, total, rate, std::nullopt, total > 0 && sent >= total };
            if (rate > 0.0 && total >= sent)
                progress.secondsLeft = (double) (total - sent) / rate;
            return progress;
        }

    private:
        bool started = false;
        std::chrono::steady_clock::time_point windowStart;
        std::uint64_t windowBytes = 0;
        double rate = 0.0;
    };
} // namespace

PublishedTrack publishedTrackFrom (const soundcloud::Track& track)
{
    return { track.urn, track.title, track.permalinkUrl, track.secretUri, track.sharing, {} };
}

Uploader::Uploader (soundcloud::ApiClient& client)
    : api (client)
{
}

PublishedTrack Uploader::upload (const UploadRequest& request,
                                 const std::function<void (const UploadProgress&)>& onProgress, std::stop_token stop,
                                 bool* bodyFullySent, const std::string& boundary)
{
    if (!api.tokens().actsForUser())
        throw UploadRefused ("uploading needs a signed-in SoundCloud account: app-only access can search and "
                             "preview, but SoundCloud refuses its uploads. Sign in first.");

    std::shared_ptr<net::MultipartBody> body;
    try
    {
        body = buildUploadBody (request, boundary);
    }
    catch (const std::exception& e)
    {
        throw UploadRefused (e.what());
    }

    auto httpRequest = net::Request::post (api.endpoint ("/tracks"), body);
    httpRequest.timeouts.stall = std::chrono::seconds (120); // SoundCloud may think a while after the last byte

    RateMeter meter;
    std::atomic<bool> complete{ false };
    const auto total = body->size();
    httpRequest.onProgress = [&] (const net::Progress& progress)
    {
        if (progress.uploaded >= total)
            complete.store (true);
        if (onProgress)
            onProgress (meter.update (progress.uploaded, total));
    };

    try
    {
        const auto response = api.send (std::move (httpRequest), stop);
        if (bodyFullySent != nullptr)
            *bodyFullySent = true;
        auto published =
            publishedTrackFrom (soundcloud::parseTrack (soundcloud::parseJsonBody (response.body, "the new track")));
        if (request.fields.artwork)
            published.artworkProblem = setArtwork (published.urn, *request.fields.artwork, stop);
        return published;
    }
    catch (...)
    {
        if (bodyFullySent != nullptr)
            *bodyFullySent = complete.load();
        throw;
    }
}

std::string Uploader::setArtwork (const std::string& trackUrn, const std::filesystem::path& artwork,
                                  std::stop_token stop)
{
    // The track exists by now: a failure here must not fail the job (a retry would publish it twice). It is
    // reported with the result instead.
    try
    {
        auto put =
            net::Request::post (api.endpoint ("/tracks/" + net::percentEncode (trackUrn)), buildArtworkBody (artwork));
        put.method = "PUT";
        api.send (std::move (put), stop);
        return {};
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
}
} // namespace wavelift::publish
