#include "preview/PreviewPlayer.h"

extern "C"
{
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include <cstring>

namespace wavelift::preview
{
namespace
{
    constexpr int decodeChunkFrames = 4096;
    constexpr double ringSeconds = 2.0;
} // namespace

/** libswresample from the reader's rate to the output rate, stereo float planar on both sides. */
struct PreviewPlayer::Resampler
{
    Resampler (double inputRate, double outputRate)
    {
        AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
        if (swr_alloc_set_opts2 (&context, &stereo, AV_SAMPLE_FMT_FLTP, (int) outputRate, &stereo, AV_SAMPLE_FMT_FLTP,
                                 (int) inputRate, 0, nullptr)
                < 0
            || swr_init (context) < 0)
            throw std::runtime_error ("cannot resample " + std::to_string ((int) inputRate) + " Hz to "
                                      + std::to_string ((int) outputRate) + " Hz");
    }

    ~Resampler() { swr_free (&context); }

    int maxOutputFor (int inputFrames) const { return swr_get_out_samples (context, inputFrames); }

    /** Converts; inputs null flushes what the filter still holds. Returns the frames written. */
    int convert (const float* const* inputs, int inputFrames, float* const* outputs, int capacity)
    {
        return swr_convert (context, reinterpret_cast<std::uint8_t**> (const_cast<float**> (outputs)), capacity,
                            reinterpret_cast<const std::uint8_t**> (const_cast<const float**> (inputs)),
                            inputs == nullptr ? 0 : inputFrames);
    }

    SwrContext* context = nullptr;
};

PreviewPlayer::PreviewPlayer() { prepare (44100.0, 512); }

PreviewPlayer::~PreviewPlayer() { stopFeeder(); }

void PreviewPlayer::startFeeder()
{
    {
        const std::lock_guard lock (mutex);
        quitting = false;
        feederRunning = true;
    }
    feeder = std::thread ([this] { feederLoop(); });
}

void PreviewPlayer::stopFeeder()
{
    {
        const std::lock_guard lock (mutex);
        if (!feederRunning)
            return;
        quitting = true;
    }
    wakeFeeder.notify_all();
    feeder.join();
    const std::lock_guard lock (mutex);
    feederRunning = false;
}

void PreviewPlayer::prepare (double outputSampleRate, int maximumBlockSize)
{
    stopFeeder(); // the feeder writes into the ring: keep it out while the ring changes

    const auto position = positionSeconds();
    const int capacity = std::max ((int) (outputSampleRate * ringSeconds), 4 * maximumBlockSize) + 1;
    withRingExclusive (
        [&]
        {
            ring.setSize (ringChannels, capacity);
            ring.clear();
            fifo.setTotalSize (capacity);
            fifo.reset();
        });
    outputRate = outputSampleRate;

    if (reader != nullptr)
    {
        resampler = std::make_unique<Resampler> (reader->sampleRate, outputRate);
        const std::lock_guard lock (mutex);
        seekPending = true; // resume from where playback was, at the new rate
        pendingSeekSeconds = position;
        ++commandsIssued;
    }
    startFeeder();
}

template <typename Fn>
void PreviewPlayer::withRingExclusive (Fn&& fn)
{
    bool expected = false;
    while (!ringInUse.compare_exchange_weak (expected, true, std::memory_order_acquire))
    {
        expected = false;
        std::this_thread::yield(); // the audio thread holds it for one block's copy at most
    }
    fn();
    ringInUse.store (false, std::memory_order_release);
}

std::uint64_t PreviewPlayer::load (ReaderFactory factory)
{
    const auto number = loads.fetch_add (1) + 1;
    {
        const std::lock_guard lock (mutex);
        pendingFactory = std::move (factory);
        loadPending = true;
        ++commandsIssued;
        seekPending = stopPending = false;
        errorText.clear();
    }
    playRequested.store (false);
    currentState.store (State::loading);
    wakeFeeder.notify_all();
    return number;
}

void PreviewPlayer::play()
{
    const auto state = currentState.load();
    if (state == State::idle || state == State::failed)
        return;
    if (state == State::ended)
        seek (0.0);
    playRequested.store (true);
    if (state != State::loading)
        currentState.store (State::buffering);
}

void PreviewPlayer::pause()
{
    playRequested.store (false);
    const auto state = currentState.load();
    if (state == State::playing || state == State::buffering)
        currentState.store (State::paused);
}

void PreviewPlayer::stop()
{
    playRequested.store (false);
    {
        const std::lock_guard lock (mutex);
        stopPending = true;
        loadPending = seekPending = false;
        ++commandsIssued;
    }
    wakeFeeder.notify_all();
}

void PreviewPlayer::seek (double seconds)
{
    {
        const std::lock_guard lock (mutex);
        seekPending = true;
        pendingSeekSeconds = std::max (0.0, seconds);
        ++commandsIssued;
    }
    wakeFeeder.notify_all();
}

double PreviewPlayer::positionSeconds() const noexcept
{
    return streamStartSeconds.load() + (double) framesPlayed.load() / outputRate;
}

std::string PreviewPlayer::lastError() const
{
    const std::lock_guard lock (mutex);
    return errorText;
}

bool PreviewPlayer::needsAudio() const noexcept
{
    return reader != nullptr && !feederFinishedStream.load() && fifo.getFreeSpace() >= decodeChunkFrames * 2;
}

void PreviewPlayer::restartStreamAt (double seconds)
{
    const auto limit = length.load();
    if (limit > 0.0)
        seconds = std::min (seconds, limit);
    readerPosition = reader != nullptr ? (juce::int64) (seconds * reader->sampleRate) : 0;
    if (reader != nullptr)
        resampler = std::make_unique<Resampler> (reader->sampleRate, outputRate);
    resamplerFlushed = false;

    withRingExclusive (
        [&]
        {
            fifo.reset();
            framesPlayed.store (0);
            streamStartSeconds.store (seconds);
            feederFinishedStream.store (reader == nullptr);
        });
    bufferedChanged.notify_all();
}

void PreviewPlayer::feederLoop()
{
    while (true)
    {
        std::unique_lock lock (mutex);
        // Polls the ring every few milliseconds: the audio thread must not signal (that would lock or syscall).
        wakeFeeder.wait_for (lock, std::chrono::milliseconds (5),
                             [this] { return quitting || loadPending || seekPending || stopPending || needsAudio(); });
        if (quitting)
            return;
        const auto serial = commandsIssued; // every command pending now is handled by this pass
        const auto carriedOut = [this, serial]
        {
            {
                const std::lock_guard done (mutex);
                if (!(loadPending || seekPending || stopPending)) // a later command still waits for its own pass
                    commandsCarriedOut = std::max (commandsCarriedOut, serial);
            }
            bufferedChanged.notify_all();
        };

        if (stopPending)
        {
            stopPending = false;
            lock.unlock();
            reader.reset();
            restartStreamAt (0.0);
            length.store (0.0);
            currentState.store (State::idle);
            carriedOut();
            continue;
        }

        if (loadPending)
        {
            auto factory = std::move (pendingFactory);
            loadPending = false;
            lock.unlock();

            reader.reset();
            restartStreamAt (0.0);
            try
            {
                reader = factory(); // may block on the network: only this thread waits
                if (reader == nullptr)
                    throw std::runtime_error ("the stream could not be opened");
                length.store (reader->sampleRate > 0 ? (double) reader->lengthInSamples / reader->sampleRate : 0.0);
                restartStreamAt (0.0);
                currentState.store (playRequested.load() ? State::buffering : State::paused);
            }
            catch (const std::exception& e)
            {
                reader.reset();
                const std::lock_guard errorLock (mutex);
                errorText = e.what();
                currentState.store (State::failed);
            }
            carriedOut();
            continue;
        }

        if (seekPending)
        {
            seekPending = false;
            const auto seconds = pendingSeekSeconds;
            lock.unlock();
            restartStreamAt (seconds);
            if (currentState.load() == State::ended)
                currentState.store (playRequested.load() ? State::buffering : State::paused);
            carriedOut();
            continue;
        }

        lock.unlock();
        while (needsAudio() && feedOnce())
            bufferedChanged.notify_all();
        bufferedChanged.notify_all();
    }
}

bool PreviewPlayer::feedOnce()
{
    const auto remaining = reader->lengthInSamples - readerPosition;
    const int inputFrames = (int) std::min<juce::int64> (decodeChunkFrames, std::max<juce::int64> (0, remaining));

    const float* inputs[ringChannels] = {};
    if (inputFrames > 0)
    {
        decodeBuffer.setSize (ringChannels, decodeChunkFrames, false, false, true);
        if (!reader->read (&decodeBuffer, 0, inputFrames, readerPosition, true, reader->numChannels > 1))
        {
            const std::lock_guard lock (mutex);
            errorText = "reading the stream failed";
            currentState.store (State::failed);
            feederFinishedStream.store (true);
            return false;
        }
        if (reader->numChannels == 1)
            decodeBuffer.copyFrom (1, 0, decodeBuffer, 0, 0, inputFrames);
        readerPosition += inputFrames;
        inputs[0] = decodeBuffer.getReadPointer (0);
        inputs[1] = decodeBuffer.getReadPointer (1);
    }

    const int capacity = resampler->maxOutputFor (std::max (inputFrames, 1)) + 64;
    resampledBuffer.setSize (ringChannels, capacity, false, false, true);
    const bool flushing = inputFrames == 0;
    const int produced = resampler->convert (flushing ? nullptr : inputs, inputFrames,
                                             resampledBuffer.getArrayOfWritePointers(), capacity);
    if (produced < 0)
    {
        feederFinishedStream.store (true);
        return false;
    }

    const int writable = std::min (produced, fifo.getFreeSpace());
    const auto scope = fifo.write (writable);
    for (int ch = 0; ch < ringChannels; ++ch)
    {
        if (scope.blockSize1 > 0)
            ring.copyFrom (ch, scope.startIndex1, resampledBuffer, ch, 0, scope.blockSize1);
        if (scope.blockSize2 > 0)
            ring.copyFrom (ch, scope.startIndex2, resampledBuffer, ch, scope.blockSize1, scope.blockSize2);
    }

    if (flushing)
    {
        feederFinishedStream.store (true); // everything the filter held is in the ring now
        return false;
    }
    return true;
}

bool PreviewPlayer::waitUntilBuffered (int frames, std::chrono::milliseconds timeout)
{
    std::unique_lock lock (mutex);
    return bufferedChanged.wait_for (lock, timeout,
                                     [&]
                                     {
                                         if (commandsCarriedOut < commandsIssued)
                                             return false;
                                         const auto state = currentState.load();
                                         return fifo.getNumReady() >= frames || state == State::failed
                                                || feederFinishedStream.load();
                                     })
           && fifo.getNumReady() >= frames;
}

void PreviewPlayer::render (juce::AudioBuffer<float>& buffer, int startSample, int numSamples) noexcept
{
    const int outputChannels = buffer.getNumChannels();
    const bool replace = outputMode.load() == OutputMode::replace;
    const auto silenceIfReplacing = [&] (int from, int count)
    {
        if (replace && count > 0)
            for (int ch = 0; ch < outputChannels; ++ch)
                buffer.clear (ch, startSample + from, count);
    };

    if (!playRequested.load() || currentState.load() == State::loading
        || ringInUse.exchange (true, std::memory_order_acquire))
    {
        silenceIfReplacing (0, numSamples); // paused, still opening, or the feeder is emptying the ring right now
        return;
    }

    const int available = fifo.getNumReady();
    const int count = std::min (available, numSamples);
    const float level = gain.load();

    if (count > 0)
    {
        const auto scope = fifo.read (count);
        const auto emit = [&] (int ringStart, int outputOffset, int size)
        {
            if (size <= 0)
                return;
            const float* left = ring.getReadPointer (0, ringStart);
            const float* right = ring.getReadPointer (1, ringStart);
            const int at = startSample + outputOffset;
            if (outputChannels == 1)
            {
                float* out = buffer.getWritePointer (0, at);
                for (int i = 0; i < size; ++i)
                    out[i] = (replace ? 0.0f : out[i]) + 0.5f * level * (left[i] + right[i]);
                return;
            }
            for (int ch = 0; ch < outputChannels; ++ch)
            {
                if (ch >= ringChannels)
                {
                    if (replace)
                        buffer.clear (ch, at, size);
                    continue;
                }
                if (replace)
                    buffer.copyFrom (ch, at, ch == 0 ? left : right, size, level);
                else
                    buffer.addFrom (ch, at, ch == 0 ? left : right, size, level);
            }
        };
        emit (scope.startIndex1, 0, scope.blockSize1);
        emit (scope.startIndex2, scope.blockSize1, scope.blockSize2);
        framesPlayed.fetch_add (count);
    }
    silenceIfReplacing (count, numSamples - count);

    const bool finished = feederFinishedStream.load() && available <= numSamples;
    ringInUse.store (false, std::memory_order_release);

    if (finished)
    {
        playRequested.store (false);
        currentState.store (State::ended);
    }
    else if (count < numSamples)
    {
        underrunCount.fetch_add (1);
        currentState.store (State::buffering);
    }
    else
        currentState.store (State::playing);
}

const char* PreviewPlayer::toString (State state)
{
    switch (state)
    {
        case State::idle: return "idle";
        case State::loading: return "loading";
        case State::buffering: return "buffering";
        case State::playing: return "playing";
        case State::paused: return "paused";
        case State::ended: return "ended";
        case State::failed: return "failed";
    }
    return "?";
}
} // namespace wavelift::preview
