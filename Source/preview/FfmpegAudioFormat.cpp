#include "preview/FfmpegAudioFormat.h"

extern "C"
{
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <cstring>
#include <mutex>

namespace wavelift::preview
{
namespace
{
    std::string avErrorText (int code)
    {
        char text[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror (code, text, sizeof (text));
        return text;
    }

    /** A URL fit for an error message: CDN signatures live in the query, so it is left out. */
    std::string withoutQuery (const std::string& url) { return url.substr (0, url.find ('?')); }

    constexpr int ioBufferSize = 64 * 1024;

    /** One AVIOContext over one ByteSource; freed with closeIo. */
    struct IoHandle
    {
        std::unique_ptr<ByteSource> source;
        std::string error;
    };

    int readPacket (void* opaque, std::uint8_t* buffer, int size)
    {
        auto& handle = *static_cast<IoHandle*> (opaque);
        const int got = handle.source->read (buffer, size);
        if (got < 0)
        {
            handle.error = handle.source->error();
            return AVERROR (EIO);
        }
        return got == 0 ? AVERROR_EOF : got;
    }

    std::int64_t seekStream (void* opaque, std::int64_t offset, int whence)
    {
        auto& source = *static_cast<IoHandle*> (opaque)->source;
        whence &= ~AVSEEK_FORCE;
        if (whence == AVSEEK_SIZE)
            return source.size();

        std::int64_t target = offset;
        if (whence == SEEK_CUR)
            target += source.position();
        else if (whence == SEEK_END)
        {
            if (source.size() < 0)
                return -1;
            target += source.size();
        }
        return source.seek (target) ? target : -1;
    }

    AVIOContext* makeIo (std::unique_ptr<ByteSource> source)
    {
        auto* buffer = static_cast<std::uint8_t*> (av_malloc (ioBufferSize));
        auto* handle = new IoHandle{ std::move (source), {} };
        auto* io = avio_alloc_context (buffer, ioBufferSize, 0, handle, readPacket, nullptr, seekStream);
        if (io == nullptr)
        {
            av_free (buffer);
            delete handle;
            throw DecodeError ("out of memory opening an FFmpeg stream");
        }
        io->seekable = handle->source->size() >= 0 ? AVIO_SEEKABLE_NORMAL : 0;
        return io;
    }

    void closeIo (AVIOContext* io)
    {
        if (io == nullptr)
            return;
        delete static_cast<IoHandle*> (io->opaque);
        av_freep (&io->buffer);
        avio_context_free (&io);
    }
} // namespace

struct FfmpegAudioReader::State
{
    std::shared_ptr<ByteSourceOpener> opener;
    const std::atomic<bool>* cancelled = nullptr;
    std::string url;
    std::string openError; // the last nested open that failed (a segment, the init section)

    AVFormatContext* format = nullptr;
    AVIOContext* mainIo = nullptr;
    AVCodecContext* codec = nullptr;
    SwrContext* resampler = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* frame = nullptr;
    int streamIndex = -1;
    bool decoderDrained = false, endOfStream = false;

    // Decoded samples not yet handed out: pending[channel][pendingStart .. pendingStart + pendingCount).
    juce::AudioBuffer<float> pending;
    int pendingStart = 0, pendingCount = 0;
    juce::int64 pendingFirstSample = 0; // the file position of pending[pendingStart]

    ~State()
    {
        av_frame_free (&frame);
        av_packet_free (&packet);
        swr_free (&resampler);
        avcodec_free_context (&codec);
        if (format != nullptr)
            avformat_close_input (&format);
        closeIo (mainIo);
    }

    static int interrupt (void* opaque)
    {
        const auto* flag = static_cast<State*> (opaque)->cancelled;
        return flag != nullptr && flag->load() ? 1 : 0;
    }

    static int openNested (AVFormatContext* context, AVIOContext** io, const char* url, int, AVDictionary**)
    {
        auto& self = *static_cast<State*> (context->opaque);
        try
        {
            *io = makeIo (self.opener->open (url));
            return 0;
        }
        catch (const std::exception& e)
        {
            self.openError = e.what();
            return AVERROR (EIO);
        }
    }

    static int closeNested (AVFormatContext*, AVIOContext* io)
    {
        closeIo (io);
        return 0;
    }
};

std::unique_ptr<FfmpegAudioReader> FfmpegAudioReader::open (const std::string& url,
                                                            std::shared_ptr<ByteSourceOpener> opener,
                                                            const std::atomic<bool>* cancelled)
{
    // FFmpeg's chatter ("Skip ('#EXT-X-VERSION:3')") is noise on stderr; its errors reach the caller as DecodeError.
    static const bool quietened = []
    {
        if (av_log_get_level() == AV_LOG_INFO)
            av_log_set_level (AV_LOG_ERROR);
        return true;
    }();
    (void) quietened;

    auto state = std::make_unique<State>();
    state->opener = std::move (opener);
    state->cancelled = cancelled;
    state->url = url;

    const auto fail = [&] (const std::string& what, int code)
    {
        auto message = what + " " + withoutQuery (url) + ": " + avErrorText (code);
        if (!state->openError.empty())
            message += " (" + state->openError + ")";
        throw DecodeError (message);
    };

    try
    {
        state->mainIo = makeIo (state->opener->open (url));
    }
    catch (const DecodeError&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        throw DecodeError (std::string ("cannot open ") + withoutQuery (url) + ": " + e.what());
    }

    state->format = avformat_alloc_context();
    state->format->pb = state->mainIo;
    state->format->flags |= AVFMT_FLAG_CUSTOM_IO;
    state->format->opaque = state.get();
    state->format->io_open = State::openNested;
    state->format->io_close2 = State::closeNested;
    state->format->interrupt_callback = { State::interrupt, state.get() };

    AVDictionary* options = nullptr;
    // Our IO contexts are not FFmpeg's HTTP protocol: keep the HLS demuxer from trying to reuse them as such.
    av_dict_set (&options, "http_persistent", "0", 0);
    av_dict_set (&options, "http_multiple", "0", 0);
    av_dict_set (&options, "seg_max_retry", "1", 0);
    const int opened = avformat_open_input (&state->format, url.c_str(), nullptr, &options);
    av_dict_free (&options);
    if (opened < 0)
    {
        state->format = nullptr; // freed by avformat_open_input on failure
        fail ("cannot read", opened);
    }

    if (const int found = avformat_find_stream_info (state->format, nullptr); found < 0)
        fail ("cannot find streams in", found);

    const AVCodec* decoder = nullptr;
    state->streamIndex = av_find_best_stream (state->format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (state->streamIndex < 0 || decoder == nullptr)
        fail ("no decodable audio in", state->streamIndex < 0 ? state->streamIndex : AVERROR_DECODER_NOT_FOUND);

    state->codec = avcodec_alloc_context3 (decoder);
    avcodec_parameters_to_context (state->codec, state->format->streams[state->streamIndex]->codecpar);
    if (const int ready = avcodec_open2 (state->codec, decoder, nullptr); ready < 0)
        fail ("cannot open the decoder for", ready);

    auto layout = state->codec->ch_layout; // FFmpeg 5.1's swr_alloc_set_opts2 takes non-const layouts
    if (layout.nb_channels < 1 || state->codec->sample_rate <= 0)
        fail ("no channels or sample rate in", AVERROR_INVALIDDATA);

    if (swr_alloc_set_opts2 (&state->resampler, &layout, AV_SAMPLE_FMT_FLTP, state->codec->sample_rate, &layout,
                             state->codec->sample_fmt, state->codec->sample_rate, 0, nullptr)
            < 0
        || swr_init (state->resampler) < 0)
        fail ("cannot convert the samples of", AVERROR (EINVAL));

    state->packet = av_packet_alloc();
    state->frame = av_frame_alloc();
    return std::unique_ptr<FfmpegAudioReader> (new FfmpegAudioReader (std::move (state)));
}

FfmpegAudioReader::FfmpegAudioReader (std::unique_ptr<State> s)
    : AudioFormatReader (nullptr, "FFmpeg")
    , state (std::move (s))
{
    sampleRate = state->codec->sample_rate;
    numChannels = (unsigned int) state->codec->ch_layout.nb_channels;
    bitsPerSample = 32;
    usesFloatingPointData = true;
    const auto duration = state->format->duration;
    lengthInSamples = duration > 0 ? av_rescale (duration, state->codec->sample_rate, AV_TIME_BASE) : 0;
}

FfmpegAudioReader::~FfmpegAudioReader() = default;

std::string FfmpegAudioReader::codecName() const
{
    return state->codec->codec != nullptr ? state->codec->codec->name : "";
}

std::string FfmpegAudioReader::containerName() const
{
    return state->format->iformat != nullptr ? state->format->iformat->name : "";
}

bool FfmpegAudioReader::decodeNextFrame()
{
    auto& s = *state;
    while (!s.endOfStream)
    {
        const int received = avcodec_receive_frame (s.codec, s.frame);
        if (received == 0)
        {
            const int count = s.frame->nb_samples;
            if (s.pending.getNumSamples() < count || s.pending.getNumChannels() != (int) numChannels)
                s.pending.setSize ((int) numChannels, std::max (count, 8192), false, false, true);

            auto** outputs =
                reinterpret_cast<std::uint8_t**> (const_cast<float**> (s.pending.getArrayOfWritePointers()));
            const int converted = swr_convert (s.resampler, outputs, count,
                                               const_cast<const std::uint8_t**> (s.frame->extended_data), count);
            av_frame_unref (s.frame);
            if (converted < 0)
            {
                error = "sample conversion failed: " + avErrorText (converted);
                return false;
            }
            s.pendingStart = 0;
            s.pendingCount = converted;
            return true;
        }
        if (received == AVERROR_EOF)
        {
            s.endOfStream = true;
            break;
        }
        if (received != AVERROR (EAGAIN))
        {
            error = "decoding failed: " + avErrorText (received);
            return false;
        }

        const int read = av_read_frame (s.format, s.packet);
        if (!s.openError.empty())
        {
            // FFmpeg's HLS demuxer skips a segment it cannot open and plays on: a silent gap. Never accept that.
            error = "a part of " + withoutQuery (s.url) + " could not be fetched: " + s.openError;
            av_packet_unref (s.packet);
            return false;
        }
        if (read < 0)
        {
            if (read != AVERROR_EOF)
            {
                error = "reading " + withoutQuery (s.url) + " failed: " + avErrorText (read);
                if (!s.openError.empty())
                    error += " (" + s.openError + ")";
                return false;
            }
            if (!s.decoderDrained)
            {
                s.decoderDrained = true;
                avcodec_send_packet (s.codec, nullptr); // flush the decoder's last frames
                continue;
            }
            s.endOfStream = true;
            break;
        }
        if (s.packet->stream_index == s.streamIndex)
            avcodec_send_packet (s.codec, s.packet);
        av_packet_unref (s.packet);
    }
    return false;
}

bool FfmpegAudioReader::seekTo (juce::int64 sample)
{
    // Demuxer seeks are unreliable across HLS segment containers (and land on packets whose decode lacks pre-roll), so
    // a seek decodes: backwards means starting again from the top; forwards means decoding and discarding. AAC
    // decodes at hundreds of times real time, and the result is sample-identical to reading straight through.
    if (sample < state->pendingFirstSample)
    {
        try
        {
            auto reopened = open (state->url, state->opener, state->cancelled);
            state = std::move (reopened->state);
        }
        catch (const DecodeError& e)
        {
            error = e.what();
            return false;
        }
    }

    auto& s = *state;
    while (s.pendingFirstSample + s.pendingCount <= sample)
    {
        s.pendingFirstSample += s.pendingCount;
        s.pendingCount = 0;
        if (!decodeNextFrame())
            return error.empty(); // past the end: reads give silence
    }
    const auto skip = (int) (sample - s.pendingFirstSample);
    s.pendingStart += skip;
    s.pendingCount -= skip;
    s.pendingFirstSample += skip;
    return true;
}

bool FfmpegAudioReader::readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer,
                                     juce::int64 startSampleInFile, int numSamples)
{
    if (state->pendingFirstSample != startSampleInFile && !seekTo (startSampleInFile))
        return false;

    auto& s = *state; // only now: a backward seek replaces the state

    int written = 0;
    while (written < numSamples)
    {
        if (s.pendingCount == 0 && !decodeNextFrame())
        {
            if (!error.empty())
                return false;
            break; // the end: the rest is silence
        }

        const int count = std::min (numSamples - written, s.pendingCount);
        for (int ch = 0; ch < numDestChannels; ++ch)
        {
            if (destChannels[ch] == nullptr)
                continue;
            auto* destination = reinterpret_cast<float*> (destChannels[ch]) + startOffsetInDestBuffer + written;
            if (ch < (int) numChannels)
                std::memcpy (destination, s.pending.getReadPointer (ch, s.pendingStart),
                             sizeof (float) * (size_t) count);
            else
                std::memset (destination, 0, sizeof (float) * (size_t) count);
        }
        s.pendingStart += count;
        s.pendingCount -= count;
        s.pendingFirstSample += count;
        written += count;
    }

    for (int ch = 0; ch < numDestChannels; ++ch)
        if (destChannels[ch] != nullptr && written < numSamples)
            std::memset (reinterpret_cast<float*> (destChannels[ch]) + startOffsetInDestBuffer + written, 0,
                         sizeof (float) * (size_t) (numSamples - written));
    return true;
}

namespace
{
    /** A juce::InputStream as a ByteSource (owned or not). */
    class InputStreamByteSource final : public ByteSource
    {
    public:
        explicit InputStreamByteSource (juce::InputStream& in)
            : stream (in)
        {
        }

        int read (std::uint8_t* destination, int size) override { return stream.read (destination, size); }
        bool seek (std::int64_t position) override { return stream.setPosition (position); }
        std::int64_t position() const override { return stream.getPosition(); }
        std::int64_t size() const override { return stream.getTotalLength(); }

    private:
        juce::InputStream& stream;
    };

    /** Hands out the one stream JUCE gave us, once; any nested open (HLS) is refused. */
    class SingleStreamOpener final : public ByteSourceOpener
    {
    public:
        explicit SingleStreamOpener (std::unique_ptr<juce::InputStream> in)
            : stream (std::move (in))
        {
        }

        std::unique_ptr<ByteSource> open (const std::string& url) override
        {
            if (handedOut)
                throw std::runtime_error ("a single stream cannot open " + withoutQuery (url));
            handedOut = true;
            return std::make_unique<InputStreamByteSource> (*stream);
        }

        std::unique_ptr<juce::InputStream> stream;
        bool handedOut = false;
    };
} // namespace

FfmpegAudioFormat::FfmpegAudioFormat()
    : AudioFormat ("AAC (FFmpeg)", juce::StringArray (".aac", ".m4a", ".mp4", ".ts"))
{
}

juce::AudioFormatReader* FfmpegAudioFormat::createReaderFor (juce::InputStream* sourceStream,
                                                             bool deleteStreamIfOpeningFails)
{
    const auto start = sourceStream->getPosition();
    auto opener = std::make_shared<SingleStreamOpener> (std::unique_ptr<juce::InputStream> (sourceStream));
    try
    {
        return FfmpegAudioReader::open ("stream", opener).release();
    }
    catch (const DecodeError&)
    {
        auto* stream = opener->stream.release();
        if (deleteStreamIfOpeningFails)
            delete stream;
        else
            stream->setPosition (start);
        return nullptr;
    }
}
} // namespace wavelift::preview
