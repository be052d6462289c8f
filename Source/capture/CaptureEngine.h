#pragma once

#include "capture/AudioRing.h"
#include "capture/CaptureSettings.h"
#include "capture/SpscQueue.h"
#include "capture/TakeRecord.h"

#include <juce_audio_basics/juce_audio_basics.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace wavelift::capture
{
/** What the host said about one block. */
struct BlockInfo
{
    bool nonRealtime = false;  // offline render: the block arrived faster than realtime
    bool hasTransport = false; // the host reported its transport at all
    bool isPlaying = false;
    std::optional<std::int64_t> timeInSamples; // the block's position on the host timeline
};

struct EngineOptions
{
    /** Where takes go; its ".journal" sub-folder holds the notes that make a crashed take recoverable. */
    std::filesystem::path takesFolder;

    /** The realtime FIFO holds this many seconds at the prepared rate and channel count. */
    double fifoSeconds = 4.0;

    /** In offline render the audio thread waits at most this long per block for room in the FIFO. */
    double offlineWaitSeconds = 10.0;

    /** Written audio is made crash-safe at least this often (in seconds of audio). */
    double checkpointSeconds = 0.5;

    /** Seeds the dither of each take (the n-th take uses seed + n); 0 picks a random seed. */
    std::uint64_t ditherSeed = 0;

    /** Names the file of a take about to start (on the writer thread); default: the takes folder, by date. */
    std::function<std::filesystem::path (const TakeRecord&)> nameTake;

    /** Host, project and track for a take about to start (on the writer thread). */
    std::function<TakeMetadata()> metadata;

    /** Receives each finished take (on the writer thread), before its journal is dropped. */
    std::function<void (const TakeRecord&)> onTakeFinished;

    /** Test seam: runs on the writer thread before each pass over the FIFO, so a test can stall the writer. */
    std::function<void()> beforeWriterPass;
};

/** The capture engine: the audio thread hands it each block; it decides where takes start and end, moves the audio
    through a lock-free FIFO to its writer thread, and the writer thread writes the files.

    Threads: process() on the audio thread only; prepare() and release() on a control thread while process() is not
    running (JUCE's contract for prepareToPlay and releaseResources); everything else from any thread. process()
    never allocates, locks, does I/O, logs or posts messages. */
class CaptureEngine
{
public:
    explicit CaptureEngine (EngineOptions);
    ~CaptureEngine();

    /** Ends any take (cleanly: the writer finishes it), sizes the FIFO for the new format and starts the writer. */
    void prepare (double sampleRate, int numChannels, int maxBlockSize, const juce::AudioChannelSet& layout = {});

    /** Ends any take and waits until the writer has finished every take's file. */
    void release();

    bool isPrepared() const noexcept { return prepared; }
    int fifoCapacityFrames() const noexcept { return ring.capacity(); }

    /** Applies from the next take (a mode switch ends the current one); invalid settings are ignored. Not on the
        audio thread. */
    void setSettings (const CaptureSettings&);
    CaptureSettings settings() const noexcept;

    /** Manual mode: start recording at the next block, and stop. */
    void arm() noexcept;
    void stop() noexcept;
    bool isArmed() const noexcept { return armed.load(); }

    /** The audio thread's entry point. The audio itself is only read. */
    void process (const float* const* channels, int numChannels, int numFrames, const BlockInfo&) noexcept;

    struct Status
    {
        bool recording = false;
        std::int64_t takeFrames = 0;      // frames the current take has received
        std::int64_t takeLostFrames = 0;  // of which lost (FIFO full)
        std::int64_t totalLostFrames = 0; // since the engine was made
        double sampleRate = 0;
        int finishedTakes = 0;
    };

    /** Atomics only: cheap enough to poll from a UI timer. */
    Status status() const noexcept;

    /** The largest magnitude seen on the channel since the previous call (for a level meter). */
    float takePeak (int channel) noexcept;

    /** Blocks until the writer has consumed this many frames since prepare() (or the timeout passed); for the CLI
        and for tests that must know the data reached the writer. */
    bool waitUntilWritten (std::uint64_t frames, std::chrono::milliseconds timeout);

private:
    struct Event
    {
        enum class Kind : std::uint8_t
        {
            takeStarted,
            takeEnded
        };
        Kind kind = Kind::takeStarted;
        EndReason reason = EndReason::stopped;
        std::uint32_t settings = 0;
        std::uint64_t position = 0; // FIFO stream position the event applies at
        std::int64_t timelineStart = -1;
        std::int64_t lostFrames = 0;
    };

    // Audio thread
    void startTake (const CaptureSettings&, const BlockInfo&) noexcept;
    void endTake (EndReason) noexcept;
    void captureBlock (const float* const* channels, int numChannels, int numFrames, bool offline) noexcept;
    void meter (const float* const* channels, int numChannels, int numFrames) noexcept;
    void publishPeaks (const float* peaks, int numChannels) noexcept;

    // Writer thread
    void startWriter();
    void stopWriter();
    void runWriter();

    const EngineOptions options;
    AudioRing ring;
    SpscQueue<Event, 256> events;

    // Control state, touched only while process() is not running.
    bool prepared = false;
    double sampleRate = 0;
    int numChannels = 0;
    juce::AudioChannelSet layout;
    std::uint64_t ditherSeed;
    int takesStarted = 0;

    // Audio-thread state
    bool capturing = false, takeFollowsTransport = false, takeOffline = false;
    std::optional<std::int64_t> expectedTime;
    std::uint64_t streamPosition = 0;
    std::int64_t takeLost = 0, takeFrames = 0;

    // Shared
    std::atomic<std::uint32_t> settingsWord;
    std::atomic<bool> armed{ false }, recording{ false };
    std::atomic<std::int64_t> takeFramesNow{ 0 }, takeLostNow{ 0 }, totalLost{ 0 };
    std::atomic<int> finishedTakes{ 0 };
    std::atomic<double> preparedRate{ 0 };
    std::array<std::atomic<float>, maxChannels> peaks{};

    // Writer thread
    std::thread writerThread;
    std::mutex writerMutex;
    std::condition_variable writerWake, writerProgress;
    bool stopRequested = false;
    std::uint64_t consumed = 0; // guarded by writerMutex for waiters; written by the writer thread
};
} // namespace wavelift::capture
