#include "capture/CaptureEngine.h"

#include "capture/BlockMath.h"
#include "capture/TakeSession.h"

#include <juce_core/juce_core.h>

#include <chrono>
#include <cmath>
#include <random>

namespace wavelift::capture
{
namespace
{
    constexpr int maxFramesPerWriterPass = 1 << 16;

    /** Keeps a file name to characters every file system accepts. */
    std::string safeFileName (std::string name)
    {
        for (auto& c : name)
            if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>'
                || c == '|' || (unsigned char) c < 32)
                c = '_';
        return name;
    }

    std::filesystem::path defaultTakeFile (const std::filesystem::path& folder, const TakeRecord& take)
    {
        const auto now = juce::Time::getCurrentTime();
        std::string stem = now.formatted ("%Y-%m-%d %H-%M-%S").toStdString();
        if (!take.metadata.projectName.empty())
            stem += " " + take.metadata.projectName;
        if (!take.metadata.trackName.empty())
            stem += " " + take.metadata.trackName;
        stem = safeFileName (stem);

        const std::string extension = fileExtension (take.settings.format);
        auto file = folder / (stem + extension);
        for (int n = 2; std::filesystem::exists (file); ++n)
            file = folder / (stem + " (" + std::to_string (n) + ")" + extension);
        return file;
    }

    TakeFiles filesFor (const std::filesystem::path& finalFile, FileFormat format)
    {
        const auto hidden = [&] (const char* suffix)
        { return finalFile.parent_path() / ("." + finalFile.filename().string() + suffix); };
        return { finalFile, hidden (".part"),
                 format == FileFormat::flac ? hidden (".spool") : std::filesystem::path() };
    }

    /** Unique across processes and engines (unlike anything derived from the dither seed, which may repeat). */
    std::string newTakeId (int index)
    {
        std::random_device entropy;
        return juce::Time::getCurrentTime().formatted ("%Y%m%d-%H%M%S-").toStdString()
               + juce::String::toHexString ((juce::int64) entropy()).paddedLeft ('0', 8).toStdString() + "-"
               + std::to_string (index);
    }
} // namespace

CaptureEngine::CaptureEngine (EngineOptions optionsToUse)
    : options (std::move (optionsToUse))
    , ditherSeed (options.ditherSeed != 0 ? options.ditherSeed : std::random_device()())
    , settingsWord (CaptureSettings().pack())
{
}

CaptureEngine::~CaptureEngine() { release(); }

//==============================================================================================================
void CaptureEngine::prepare (double newSampleRate, int channels, int maxBlockSize,
                             const juce::AudioChannelSet& channelLayout)
{
    release();
    if (channels < 1 || channels > maxChannels || !(newSampleRate > 0))
        return; // nothing we can capture: process() stays a no-op

    sampleRate = newSampleRate;
    numChannels = channels;
    layout = channelLayout.size() == channels ? channelLayout : defaultLayout (channels);
    ring.allocate (channels, (int) std::ceil (options.fifoSeconds * sampleRate) + std::max (0, maxBlockSize));
    events.clear();
    streamPosition = 0;
    expectedTime.reset();
    preparedRate.store (sampleRate);

    startWriter();
    prepared = true;
}

void CaptureEngine::release()
{
    if (!prepared)
        return;
    if (capturing)
        endTake (EndReason::prepared);
    stopWriter();
    prepared = false;
    recording.store (false);
}

void CaptureEngine::setSettings (const CaptureSettings& newSettings)
{
    if (newSettings.isValid()) // a take that cannot be written is refused here, not discovered by the writer
        settingsWord.store (newSettings.pack());
}

CaptureSettings CaptureEngine::settings() const noexcept { return CaptureSettings::unpack (settingsWord.load()); }

void CaptureEngine::arm() noexcept { armed.store (true); }

void CaptureEngine::stop() noexcept { armed.store (false); }

CaptureEngine::Status CaptureEngine::status() const noexcept
{
    return { recording.load(), takeFramesNow.load(), takeLostNow.load(),
             totalLost.load(), preparedRate.load(),  finishedTakes.load() };
}

float CaptureEngine::takePeak (int channel) noexcept
{
    return channel >= 0 && channel < maxChannels ? peaks[(size_t) channel].exchange (0.0f) : 0.0f;
}

//==============================================================================================================
void CaptureEngine::process (const float* const* channels, int channelCount, int numFrames,
                             const BlockInfo& block) noexcept
{
    if (!prepared)
        return;

    const auto current = CaptureSettings::unpack (settingsWord.load (std::memory_order_relaxed));
    const bool wanted = current.followTransport ? (block.hasTransport ? block.isPlaying : block.nonRealtime)
                                                : armed.load (std::memory_order_relaxed);

    if (capturing)
    {
        const bool jumped =
            takeFollowsTransport && block.timeInSamples && expectedTime && *block.timeInSamples != *expectedTime;
        if (current.followTransport != takeFollowsTransport)
            endTake (EndReason::modeChanged);
        else if (!wanted)
            endTake (takeFollowsTransport ? EndReason::transportStopped : EndReason::stopped);
        else if (block.nonRealtime != takeOffline)
            endTake (EndReason::renderModeChanged);
        else if (jumped)
            endTake (EndReason::playheadJumped);
    }

    if (!capturing && wanted)
        startTake (current, block);

    if (capturing)
        captureBlock (channels, channelCount, numFrames, block.nonRealtime);
    else
    {
        if (wanted) // a take should be running but could not start (the writer is far behind): say so
            totalLost.fetch_add (numFrames, std::memory_order_relaxed);
        meter (channels, channelCount, numFrames);
    }

    expectedTime = block.timeInSamples ? std::optional<std::int64_t> (*block.timeInSamples + numFrames) : std::nullopt;
}

void CaptureEngine::startTake (const CaptureSettings& current, const BlockInfo& block) noexcept
{
    if (events.freeSpace() < 2) // room for this start and its end, or no take at all
        return;

    Event event;
    event.kind = Event::Kind::takeStarted;
    event.settings = current.pack();
    event.position = streamPosition;
    event.timelineStart = block.timeInSamples.value_or (-1);
    events.push (event);

    capturing = true;
    takeFollowsTransport = current.followTransport;
    takeOffline = block.nonRealtime;
    takeLost = 0;
    takeFrames = 0;
    takeFramesNow.store (0, std::memory_order_relaxed);
    takeLostNow.store (0, std::memory_order_relaxed);
    recording.store (true, std::memory_order_relaxed);
}

void CaptureEngine::endTake (EndReason reason) noexcept
{
    Event event;
    event.kind = Event::Kind::takeEnded;
    event.reason = reason;
    event.position = streamPosition;
    event.lostFrames = takeLost;
    events.push (event); // cannot fail: startTake reserved the room

    capturing = false;
    recording.store (false, std::memory_order_relaxed);
}

void CaptureEngine::captureBlock (const float* const* channels, int channelCount, int numFrames, bool offline) noexcept
{
    int written = ring.write (channels, channelCount, numFrames);

    if (written < numFrames && offline)
    {
        // Rendering faster than realtime: waiting costs nothing audible, losing a sample costs the export.
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::duration<double> (options.offlineWaitSeconds);
        std::array<const float*, maxChannels> rest{};
        for (int attempt = 0; written < numFrames; ++attempt)
        {
            // The writer usually frees room within microseconds; after that, sleep rather than spin so a waiting
            // render does not take the CPU the writer needs. (Neither allocates nor locks.)
            if (attempt < 64)
                std::this_thread::yield();
            else
                std::this_thread::sleep_for (std::chrono::microseconds (200));
            for (int ch = 0; ch < std::min (channelCount, maxChannels); ++ch)
                rest[(size_t) ch] = channels[ch] + written;
            written += ring.write (rest.data(), channelCount, numFrames - written);
            if (written < numFrames && std::chrono::steady_clock::now() > deadline)
                break;
        }
    }

    const int lost = numFrames - written;
    streamPosition += (std::uint64_t) written;
    takeFrames += numFrames;
    takeLost += lost;
    takeFramesNow.store (takeFrames, std::memory_order_relaxed);
    takeLostNow.store (takeLost, std::memory_order_relaxed);
    if (lost > 0)
        totalLost.fetch_add (lost, std::memory_order_relaxed);
    // While capturing, the writer thread meters what it reads: the audio thread only copies.
}

void CaptureEngine::meter (const float* const* channels, int channelCount, int numFrames) noexcept
{
    std::array<float, maxChannels> blockPeaks{};
    const int metered = std::min (channelCount, maxChannels);
    for (int ch = 0; ch < metered; ++ch)
        blockPeaks[(size_t) ch] = measurePeak (channels[ch], numFrames);
    publishPeaks (blockPeaks.data(), metered);
}

void CaptureEngine::publishPeaks (const float* blockPeaks, int channelCount) noexcept
{
    // A racing takePeak() may drop one block's peak: harmless for a meter, and keeps this lock-free.
    for (int ch = 0; ch < channelCount; ++ch)
        if (blockPeaks[ch] > peaks[(size_t) ch].load (std::memory_order_relaxed))
            peaks[(size_t) ch].store (blockPeaks[ch], std::memory_order_relaxed);
}

//==============================================================================================================
void CaptureEngine::startWriter()
{
    {
        const std::lock_guard lock (writerMutex);
        stopRequested = false;
        consumed = 0;
    }
    writerThread = std::thread ([this] { runWriter(); });
}

void CaptureEngine::stopWriter()
{
    if (!writerThread.joinable())
        return;
    {
        const std::lock_guard lock (writerMutex);
        stopRequested = true;
    }
    writerWake.notify_all();
    writerThread.join();
}

bool CaptureEngine::waitUntilWritten (std::uint64_t frames, std::chrono::milliseconds timeout)
{
    std::unique_lock lock (writerMutex);
    return writerProgress.wait_for (lock, timeout, [&] { return consumed >= frames; });
}

void CaptureEngine::runWriter()
{
    juce::Thread::setCurrentThreadName ("Wavelift writer");
    std::optional<TakeSession> session;
    std::uint64_t position = 0;

    const auto publish = [this] (const TakeRecord& take)
    {
        if (options.onTakeFinished)
            options.onTakeFinished (take);
    };

    const auto begin = [&] (const Event& event)
    {
        TakeRecord take;
        take.id = newTakeId (takesStarted);
        take.settings = CaptureSettings::unpack (event.settings);
        take.sampleRate = sampleRate;
        take.channels = numChannels;
        take.timelineStart = event.timelineStart;
        take.startedAt = juce::Time::getCurrentTime().toISO8601 (true).toStdString();
        std::filesystem::path file;
        try
        {
            if (options.metadata)
                take.metadata = options.metadata();
            std::filesystem::create_directories (options.takesFolder);
            file = options.nameTake ? options.nameTake (take) : defaultTakeFile (options.takesFolder, take);
        }
        catch (const std::exception&)
        {
            file = options.takesFolder / (take.id + fileExtension (take.settings.format));
        }
        take.file = file;

        TakeSession::Start start{ take,
                                  filesFor (file, take.settings.format),
                                  layout,
                                  TakeJournal::folderIn (options.takesFolder),
                                  ditherSeed + (std::uint64_t) takesStarted,
                                  (std::int64_t) std::llround (options.checkpointSeconds * sampleRate) };
        ++takesStarted;
        session.emplace (start);
    };

    for (;;)
    {
        if (options.beforeWriterPass)
            options.beforeWriterPass();

        bool stopping;
        {
            const std::lock_guard lock (writerMutex);
            stopping = stopRequested;
        }

        // Read the FIFO's fill level first: every event that applies within it is then visible too.
        const auto ready = (std::uint64_t) ring.readyFrames();
        bool worked = false;

        while (const auto event = events.peek())
        {
            if (event->position > position)
                break;
            events.pop();
            worked = true;
            if (event->kind == Event::Kind::takeStarted)
            {
                try
                {
                    begin (*event);
                }
                catch (const std::exception&) // out of memory: this take's frames are dropped, the writer lives on
                {
                    session.reset();
                }
            }
            else if (session)
            {
                session->finish (event->reason, event->lostFrames, publish);
                session.reset();
                finishedTakes.fetch_add (1);
            }
        }

        auto limit = std::min<std::uint64_t> (ready, maxFramesPerWriterPass);
        if (const auto next = events.peek())
            limit = std::min (limit, next->position - position);

        if (limit > 0)
        {
            ring.read ((int) limit,
                       [&] (const float* const* channels, int frames)
                       {
                           std::array<float, maxChannels> blockPeaks{};
                           for (int ch = 0; ch < numChannels; ++ch)
                               blockPeaks[(size_t) ch] = measurePeak (channels[ch], frames);
                           publishPeaks (blockPeaks.data(), numChannels);
                           if (session)
                               session->write (channels, frames);
                           else // the take could not begin (see above): its frames are lost, and counted
                               totalLost.fetch_add (frames);
                       });
            position += limit;
            worked = true;
            {
                const std::lock_guard lock (writerMutex);
                consumed = position;
            }
            writerProgress.notify_all();
        }

        if (!worked)
        {
            if (stopping)
                break;
            // Nothing to do: nap, shorter while a take is open so the FIFO never gets close to full.
            std::unique_lock lock (writerMutex);
            writerWake.wait_for (lock, session ? std::chrono::milliseconds (2) : std::chrono::milliseconds (20),
                                 [this] { return stopRequested; });
        }
    }

    if (session) // cannot happen: release() ends the take before stopping the writer
        session->finish (EndReason::prepared, 0, publish);
}
} // namespace wavelift::capture
