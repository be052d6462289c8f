#include "preview/TrackStream.h"

#include "preview/FfmpegAudioFormat.h"
#include "soundcloud/ApiError.h"

#include <cstring>
#include <sstream>

namespace wavelift::preview
{
namespace
{
    std::string withoutQuery (const std::string& url) { return url.substr (0, url.find ('?')); }

    /** A fetched resource, served from memory (segments are a few hundred kilobytes). */
    class MemoryByteSource final : public ByteSource
    {
    public:
        explicit MemoryByteSource (std::string bytesToServe)
            : bytes (std::move (bytesToServe))
        {
        }

        int read (std::uint8_t* destination, int size) override
        {
            const auto count = (int) std::min<std::int64_t> (size, (std::int64_t) bytes.size() - offset);
            std::memcpy (destination, bytes.data() + offset, (size_t) std::max (0, count));
            offset += std::max (0, count);
            return std::max (0, count);
        }

        bool seek (std::int64_t position) override
        {
            if (position < 0 || position > (std::int64_t) bytes.size())
                return false;
            offset = position;
            return true;
        }

        std::int64_t position() const override { return offset; }
        std::int64_t size() const override { return (std::int64_t) bytes.size(); }

    private:
        std::string bytes;
        std::int64_t offset = 0;
    };

    /** A playlist entry (absolute, host-relative or relative) against the playlist's own URL. */
    std::string resolveReference (const std::string& base, const std::string& reference)
    {
        if (reference.find ("://") != std::string::npos)
            return reference;
        const auto path = withoutQuery (base);
        if (!reference.empty() && reference[0] == '/')
        {
            const auto hostEnd = path.find ('/', path.find ("://") + 3);
            return path.substr (0, hostEnd) + reference;
        }
        return path.substr (0, path.rfind ('/') + 1) + reference;
    }

    /** The MP3 preview through JUCE's MP3AudioFormat, reading from memory (seekable, unlike a live HTTP stream). */
    std::unique_ptr<juce::AudioFormatReader> mp3ReaderFor (ByteSourceOpener& opener, const std::string& url)
    {
        auto source = opener.open (url);
        juce::MemoryBlock bytes ((size_t) source->size());
        source->read (static_cast<std::uint8_t*> (bytes.getData()), (int) bytes.getSize());
        juce::MP3AudioFormat mp3;
        std::unique_ptr<juce::AudioFormatReader> reader (
            mp3.createReaderFor (new juce::MemoryInputStream (std::move (bytes)), true));
        if (reader == nullptr)
            throw DecodeError ("the 30 s preview is not a readable MP3: " + withoutQuery (url));
        return reader;
    }
} // namespace

const char* toString (StreamKind kind)
{
    switch (kind)
    {
        case StreamKind::hlsAac160: return "AAC 160 kbit/s";
        case StreamKind::hlsAac96: return "AAC 96 kbit/s";
        case StreamKind::previewMp3: return "30 s preview";
    }
    return "?";
}

CdnByteSourceOpener::CdnByteSourceOpener (const net::HttpClient& client, Refresher refresher, std::stop_token s)
    : http (client)
    , refresh (std::move (refresher))
    , stop (std::move (s))
{
}

std::unique_ptr<ByteSource> CdnByteSourceOpener::open (const std::string& url)
{
    auto target = url;
    for (int attempt = 0;; ++attempt)
    {
        auto request = net::Request::get (juce::URL (juce::String (target)));
        request.redirects.follow = true; // CDNs redirect between edges; our client never carries a token here
        request.timeouts.stall = std::chrono::seconds (20);
        const auto result = http.perform (request, stop);
        if (!result.ok())
            throw std::runtime_error ("fetching " + withoutQuery (target) + " failed: " + result.failure().describe());

        const auto& response = result.response();
        if (response.isSuccess())
            return std::make_unique<MemoryByteSource> (response.body);
        if (response.status == 403 && attempt == 0 && refresh)
        {
            target = refresh (target); // an expired signature: re-resolve once
            ++refreshCount;
            continue;
        }
        throw soundcloud::classifyErrorResponse (response.status, response.headers.get ("Content-Type").value_or (""),
                                                 response.body);
    }
}

TrackStreamOpener::TrackStreamOpener (soundcloud::ApiClient& client)
    : api (client)
{
}

bool TrackStreamOpener::fullStreamForbidden (const std::string& trackUrn) const
{
    const std::lock_guard lock (mutex);
    return forbiddenFullStreams.count (trackUrn) > 0;
}

OpenedStream TrackStreamOpener::openKind (StreamKind kind, const std::string& redirector, std::stop_token stop)
{
    const auto cdnUrl = api.resolveStreamUrl (redirector, stop).toString (true).toStdString();

    // On a 403 (expired signature) resolve the redirector again; for a segment, find the same file in the fresh
    // playlist so it carries a fresh signature too.
    auto refresher = [this, redirector, stop, cdnUrl] (const std::string& expired) -> std::string
    {
        const auto freshPlaylist = api.resolveStreamUrl (redirector, stop).toString (true).toStdString();
        if (withoutQuery (expired) == withoutQuery (cdnUrl))
            return freshPlaylist;

        const auto result = api.http().perform (net::Request::get (juce::URL (juce::String (freshPlaylist))), stop);
        if (!result.ok() || !result.response().isSuccess())
            throw std::runtime_error ("re-resolving the stream failed");
        const auto wanted = juce::URL (juce::String (withoutQuery (expired))).getFileName().toStdString();
        std::istringstream lines (result.response().body);
        for (std::string line; std::getline (lines, line);)
        {
            if (line.empty() || line[0] == '#')
                continue;
            const auto path = withoutQuery (line);
            if (path == wanted || path.ends_with ("/" + wanted))
                return resolveReference (freshPlaylist, line);
        }
        throw std::runtime_error ("the re-resolved stream has no " + wanted);
    };

    auto opener = std::make_shared<CdnByteSourceOpener> (api.http(), refresher, stop);
    OpenedStream stream;
    stream.kind = kind;
    stream.label = toString (kind);
    if (kind == StreamKind::previewMp3)
        stream.reader = mp3ReaderFor (*opener, cdnUrl);
    else
        stream.reader = FfmpegAudioReader::open (cdnUrl, opener);
    return stream;
}

OpenedStream TrackStreamOpener::open (const std::string& trackUrn, std::stop_token stop, std::optional<StreamKind> only)
{
    const auto urls = api.streams (trackUrn, stop);
    const std::pair<StreamKind, std::string> candidates[] = { { StreamKind::hlsAac160, urls.hlsAac160Url },
                                                              { StreamKind::hlsAac96, urls.hlsAac96Url },
                                                              { StreamKind::previewMp3, urls.previewMp3128Url } };
    std::string lastProblem = "the track has no stream this account may play";
    for (const auto& [kind, url] : candidates)
    {
        if (url.empty() || (only && *only != kind))
            continue;
        if (kind != StreamKind::previewMp3 && fullStreamForbidden (trackUrn))
            continue;
        try
        {
            return openKind (kind, url, stop);
        }
        catch (const soundcloud::ApiError& e)
        {
            if (e.status() != 403 || kind == StreamKind::previewMp3)
                throw;
            // "playable" is a hint: a full stream can still be refused. Remember it and play the preview.
            const std::lock_guard lock (mutex);
            forbiddenFullStreams.insert (trackUrn);
            lastProblem = e.what();
        }
    }
    throw NoStreamAvailable (lastProblem);
}
} // namespace wavelift::preview
