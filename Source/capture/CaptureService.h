#pragma once

#include "capture/CaptureEngine.h"
#include "capture/TakeAnalyser.h"
#include "capture/TakeLibrary.h"
#include "capture/TakeRecovery.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wavelift::capture
{
/** Capture as the plugin and the standalone app use it: the engine, the takes library it fills, the analyser that
    measures each finished take, and the recovery of takes a crash left behind (started at construction, in the
    background). */
class CaptureService
{
public:
    CaptureService (const std::filesystem::path& takesFolder, std::function<TakeMetadata()> metadata);

    CaptureEngine& engine() noexcept { return captureEngine; }
    TakeLibrary& library() noexcept { return takeLibrary; }

    /** Blocks until recovery has run and every finished take has been measured (tests, shutdown of tools). */
    void waitForBackgroundWork();

    /** The ids of the takes this engine finished (not recovered ones), oldest first, from `first` on. Each is in
        the library before its engine's finishedTakes count goes up. Any thread but the audio thread. */
    std::vector<std::string> finishedTakeIds (size_t first = 0) const;

private:
    void adopt (const TakeRecord&);
    void recordFinished (const TakeRecord&);

    mutable std::mutex finishedLock;
    std::vector<std::string> finished; // under finishedLock

    TakeLibrary takeLibrary;
    TakeAnalyser analyser;
    CaptureEngine captureEngine;
    BackgroundRecovery recovery;
};
} // namespace wavelift::capture
