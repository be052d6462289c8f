#pragma once

#include "capture/FlacEncoder.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace wavelift::capture
{
/** Runs a FlacEncoder on a thread of its own, so encoding overlaps the writer thread's other work (draining the
    FIFO, converting, spooling): libFLAC 1.4 encodes on one thread only. Blocks are copied into a few pre-allocated
    slots; write() waits when all are in use. Encoder errors come back from the next write() or finish(). */
class FlacEncoderThread
{
public:
    FlacEncoderThread (std::unique_ptr<FlacEncoder>, int channels, int slotFrames, int slotCount = 4);
    ~FlacEncoderThread(); // abandons whatever is queued

    void write (const std::int32_t* const* channels, int frames);
    void finish();

    const FlacEncoder& encoderInUse() const noexcept { return *encoder; }

private:
    struct Slot
    {
        std::vector<std::vector<std::int32_t>> channels;
        std::vector<const std::int32_t*> pointers;
        int frames = 0;
    };

    void run();
    void rethrowIfFailed(); // with the mutex held

    std::unique_ptr<FlacEncoder> encoder;
    std::vector<Slot> slots;
    std::deque<size_t> queued, idle;
    std::mutex mutex;
    std::condition_variable changed;
    std::exception_ptr failure;
    bool draining = false, quitting = false, busy = false;
    std::thread thread;
};
} // namespace wavelift::capture
