#pragma once

#include "capture/TakeLibrary.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace wavelift::capture
{
/** Measures finished takes on its own thread (loudness analysis can take seconds: never on the audio or writer
    thread) and stores the figures in the library. */
class TakeAnalyser
{
public:
    explicit TakeAnalyser (TakeLibrary&);
    ~TakeAnalyser(); // abandons the queue; unmeasured takes simply have no figures

    void enqueue (const TakeRecord&);

    /** Blocks until every take queued so far has been measured. */
    void waitUntilIdle();

private:
    void run();

    TakeLibrary& library;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<TakeRecord> queue;
    bool busy = false, quitting = false;
    std::atomic<bool> cancel{ false };
    std::thread thread;
};
} // namespace wavelift::capture
