#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace wavelift::sandbox
{
/** Lets long waits (stall faults) end early when the server stops. */
class StopSignal
{
public:
    /** Returns true when the signal fired before the duration elapsed. */
    template <typename Rep, typename Period>
    bool waitFor (std::chrono::duration<Rep, Period> duration) const
    {
        std::unique_lock lock (mutex_);
        return changed_.wait_for (lock, duration, [this] { return stopped_; });
    }

    void trigger()
    {
        {
            std::lock_guard lock (mutex_);
            stopped_ = true;
        }
        changed_.notify_all();
    }

    void reset()
    {
        std::lock_guard lock (mutex_);
        stopped_ = false;
    }

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    bool stopped_ = false;
};
} // namespace wavelift::sandbox
