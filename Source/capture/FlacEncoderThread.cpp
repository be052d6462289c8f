#include "capture/FlacEncoderThread.h"

#include <juce_core/juce_core.h>

#include <algorithm>
#include <cstring>

namespace wavelift::capture
{
FlacEncoderThread::FlacEncoderThread (std::unique_ptr<FlacEncoder> encoderToRun, int channels, int slotFrames,
                                      int slotCount)
    : encoder (std::move (encoderToRun))
    , slots ((size_t) slotCount)
{
    for (size_t i = 0; i < slots.size(); ++i)
    {
        auto& slot = slots[i];
        slot.channels.assign ((size_t) channels, std::vector<std::int32_t> ((size_t) slotFrames));
        for (auto& channel : slot.channels)
            slot.pointers.push_back (channel.data());
        idle.push_back (i);
    }
    thread = std::thread ([this] { run(); });
}

FlacEncoderThread::~FlacEncoderThread()
{
    {
        const std::lock_guard lock (mutex);
        quitting = true;
    }
    changed.notify_all();
    thread.join();
}

void FlacEncoderThread::rethrowIfFailed()
{
    if (failure)
        std::rethrow_exception (failure);
}

void FlacEncoderThread::write (const std::int32_t* const* channels, int frames)
{
    const auto slotFrames = (int) slots.front().channels.front().size();
    for (int done = 0; done < frames;)
    {
        const int n = std::min (slotFrames, frames - done);
        size_t index;
        {
            std::unique_lock lock (mutex);
            changed.wait (lock, [this] { return !idle.empty() || failure; });
            rethrowIfFailed();
            index = idle.front();
            idle.pop_front();
        }

        auto& slot = slots[index];
        for (size_t ch = 0; ch < slot.channels.size(); ++ch)
            std::memcpy (slot.channels[ch].data(), channels[ch] + done, sizeof (std::int32_t) * (size_t) n);
        slot.frames = n;
        {
            const std::lock_guard lock (mutex);
            queued.push_back (index);
        }
        changed.notify_all();
        done += n;
    }
}

void FlacEncoderThread::finish()
{
    {
        std::unique_lock lock (mutex);
        changed.wait (lock, [this] { return (queued.empty() && !busy) || failure; });
        rethrowIfFailed();
    }
    encoder->finish(); // the encoding thread is idle: nothing else touches the encoder now
}

void FlacEncoderThread::run()
{
    juce::Thread::setCurrentThreadName ("Wavelift FLAC");
    std::unique_lock lock (mutex);
    for (;;)
    {
        changed.wait (lock, [this] { return quitting || !queued.empty(); });
        if (quitting)
            return;
        const auto index = queued.front();
        queued.pop_front();
        busy = true;
        lock.unlock();

        std::exception_ptr error;
        try
        {
            encoder->write (slots[index].pointers.data(), slots[index].frames);
        }
        catch (...)
        {
            error = std::current_exception();
        }

        lock.lock();
        busy = false;
        idle.push_back (index);
        if (error && !failure)
            failure = error;
        changed.notify_all();
    }
}
} // namespace wavelift::capture
