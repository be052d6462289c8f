#pragma once

#include "preview/ByteSource.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace wavelift::preview
{
/** A decode failure, with FFmpeg's own words (and the URL without its query, which may hold a CDN signature). */
struct DecodeError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/** An AudioFormatReader on FFmpeg's libraries: libavformat for HLS playlists with MPEG-TS or fragmented-MP4 segments
    (and single AAC/MP4/TS files), libavcodec for AAC, libswresample for float output at the source rate.
    Every byte (playlist, init section, segments) is pulled through the given ByteSourceOpener, so decoding starts as
    soon as the first segment arrives and the whole track is never downloaded up front. Seeking works (by
    decoding up to the position: sample-identical to reading straight through). Use from one thread at a time, never the
   audio thread. */
class FfmpegAudioReader final : public juce::AudioFormatReader
{
public:
    /** Opens and probes the resource. `cancelled`, when given, aborts blocking reads as soon as it turns true. */
    static std::unique_ptr<FfmpegAudioReader> open (const std::string& url, std::shared_ptr<ByteSourceOpener> opener,
                                                    const std::atomic<bool>* cancelled = nullptr);

    ~FfmpegAudioReader() override;

    bool readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer,
                      juce::int64 startSampleInFile, int numSamples) override;

    /** e.g. "aac" or "mp3", and the container, e.g. "hls" */
    std::string codecName() const;
    std::string containerName() const;

    /** The last error FFmpeg or the opener reported (empty when none). */
    const std::string& lastError() const noexcept { return error; }

private:
    struct State;
    explicit FfmpegAudioReader (std::unique_ptr<State>);

    bool decodeNextFrame();
    bool seekTo (juce::int64 sample);

    std::unique_ptr<State> state;
    std::string error;
};

/** JUCE's AudioFormat face of the same decoder, for files and streams JUCE hands over (AAC, M4A, TS; no HLS, which
    needs FfmpegAudioReader::open with an opener for its segments). */
class FfmpegAudioFormat final : public juce::AudioFormat
{
public:
    FfmpegAudioFormat();

    juce::Array<int> getPossibleSampleRates() override { return {}; }
    juce::Array<int> getPossibleBitDepths() override { return {}; }
    bool canDoStereo() override { return true; }
    bool canDoMono() override { return true; }

    juce::AudioFormatReader* createReaderFor (juce::InputStream* sourceStream,
                                              bool deleteStreamIfOpeningFails) override;
    juce::AudioFormatWriter* createWriterFor (juce::OutputStream*, double, unsigned int, int,
                                              const juce::StringPairArray&, int) override
    {
        return nullptr; // decode only
    }
    using juce::AudioFormat::createWriterFor;
};
} // namespace wavelift::preview
