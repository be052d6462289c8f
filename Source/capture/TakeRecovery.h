#pragma once

#include "capture/TakeRecord.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace wavelift::capture
{
/** Finishes the takes whose process died while writing them (found through the journal in the takes folder; a
    take still being written by a living process is left alone): a WAV gets its header rebuilt from the data on
    disk, a FLAC is re-encoded from its raw spool. What was not yet checkpointed (at most checkpointSeconds, 0.5 s
    by default) is lost. */
class TakeRecovery
{
public:
    struct Report
    {
        std::vector<TakeRecord> recovered;
        std::vector<std::string> problems; // one line per take that could not be recovered
    };

    /** Recovers every abandoned take; each recovered take goes to onRecovered before its journal is dropped.
        Stops early (leaving the rest for next time) when cancel becomes true. */
    static Report run (const std::filesystem::path& takesFolder,
                       const std::function<void (const TakeRecord&)>& onRecovered,
                       const std::atomic<bool>* cancel = nullptr);
};

/** TakeRecovery::run on a background thread, started at construction; destruction cancels and joins it. */
class BackgroundRecovery
{
public:
    BackgroundRecovery (std::filesystem::path takesFolder, std::function<void (const TakeRecord&)> onRecovered);
    ~BackgroundRecovery();

    /** Blocks until the recovery has finished; returns its report. */
    const TakeRecovery::Report& wait();

private:
    std::atomic<bool> cancelled{ false };
    TakeRecovery::Report report;
    std::thread thread;
};
} // namespace wavelift::capture
