#pragma once

#include <juce_audio_formats/juce_audio_formats.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace wavelift::preview
{
/** Plays a preview (any AudioFormatReader: HLS AAC, an MP3 preview, a take) through the plugin's output or the
    standalone's device. A feeder thread opens the reader (which may mean network), decodes, resamples to the output
    rate with libswresample and fills a lock-free ring; the audio thread only copies out of the ring, so it never
    waits on the network, never allocates and never locks. When the ring runs dry the output is silent and the
    underrun is counted, never waited for.

    Threads: load/play/pause/stop/seek/prepare and the setters from one control thread (the message thread);
    render() from the audio thread. */
class PreviewPlayer
{
public:
    enum class State
    {
        idle,      // nothing loaded
        loading,   // opening the reader (connecting, probing)
        buffering, // playing, waiting for audio
        playing,
        paused,
        ended,
        failed
    };

    enum class OutputMode
    {
        mix,    // preview added to the input
        replace // preview instead of the input
    };

    /** Opens the reader; runs on the feeder thread (so it may block on the network) and throws on failure. */
    using ReaderFactory = std::function<std::unique_ptr<juce::AudioFormatReader>()>;

    PreviewPlayer();
    ~PreviewPlayer();

    /** Allocates the ring for the output rate. Call from prepareToPlay or the device's start, not the audio thread. */
    void prepare (double outputSampleRate, int maximumBlockSize);

    /** Replaces whatever was loaded. Returns this load's number: views sharing the player (a take on Capture, a
        track on Browse) compare it with loadNumber() to know whether what plays is still theirs. */
    std::uint64_t load (ReaderFactory factory);
    std::uint64_t loadNumber() const noexcept { return loads.load(); }
    void play();
    void pause();
    void stop();
    void seek (double seconds);

    void setGain (float linearGain) noexcept { gain.store (linearGain); }
    void setOutputMode (OutputMode mode) noexcept { outputMode.store (mode); }

    State state() const noexcept { return currentState.load(); }
    double positionSeconds() const noexcept;
    double lengthSeconds() const noexcept { return length.load(); }
    std::uint64_t underruns() const noexcept { return underrunCount.load(); }
    /** Why the state is `failed` (control thread). */
    std::string lastError() const;

    /** Audio thread: renders into buffer[startSample, startSample + numSamples) according to the output mode. */
    void render (juce::AudioBuffer<float>& buffer, int startSample, int numSamples) noexcept;

    /** Blocks the calling (non-audio) thread until every load, seek and stop issued so far has been carried out and
        at least `frames` are buffered (or the stream ended or failed), or the timeout passed; for offline rendering and
        tests. Returns true when the frames are there. */
    bool waitUntilBuffered (int frames, std::chrono::milliseconds timeout);

    static const char* toString (State);

private:
    void startFeeder();
    void stopFeeder();
    void feederLoop();
    void restartStreamAt (double seconds);
    bool feedOnce();
    bool needsAudio() const noexcept;

    /** Takes the ring from the audio thread for a moment (the audio thread never waits: it plays silence for a block
        instead), so the feeder can empty it. */
    template <typename Fn>
    void withRingExclusive (Fn&& fn);

    static constexpr int ringChannels = 2;

    // Shared with the audio thread.
    juce::AbstractFifo fifo{ 1 };
    juce::AudioBuffer<float> ring;
    std::atomic<State> currentState{ State::idle };
    std::atomic<bool> playRequested{ false };
    std::atomic<bool> feederFinishedStream{ false };
    std::atomic<bool> ringInUse{ false };
    std::atomic<std::int64_t> framesPlayed{ 0 }; // output frames since streamStartSeconds
    std::atomic<double> streamStartSeconds{ 0.0 }, length{ 0.0 };
    std::atomic<std::uint64_t> underrunCount{ 0 };
    std::atomic<float> gain{ 1.0f };
    std::atomic<OutputMode> outputMode{ OutputMode::mix };
    double outputRate = 44100.0;

    // Control thread <-> feeder thread.
    mutable std::mutex mutex;
    std::condition_variable wakeFeeder, bufferedChanged;
    ReaderFactory pendingFactory;
    bool loadPending = false, seekPending = false, stopPending = false, quitting = false, feederRunning = false;
    std::uint64_t commandsIssued = 0, commandsCarriedOut = 0;
    std::atomic<std::uint64_t> loads{ 0 };
    double pendingSeekSeconds = 0.0;
    std::string errorText;

    // Feeder thread only.
    std::unique_ptr<juce::AudioFormatReader> reader;
    struct Resampler;
    std::unique_ptr<Resampler> resampler;
    juce::int64 readerPosition = 0;
    juce::AudioBuffer<float> decodeBuffer, resampledBuffer;
    bool resamplerFlushed = false;

    std::thread feeder;
};
} // namespace wavelift::preview
