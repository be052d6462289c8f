#include "capture/CaptureService.h"

namespace wavelift::capture
{
namespace
{
    EngineOptions engineOptions (const std::filesystem::path& folder, std::function<TakeMetadata()> metadata,
                                 std::function<void (const TakeRecord&)> onFinished)
    {
        EngineOptions options;
        options.takesFolder = folder;
        options.metadata = std::move (metadata);
        options.onTakeFinished = std::move (onFinished);
        return options;
    }
} // namespace

CaptureService::CaptureService (const std::filesystem::path& takesFolder, std::function<TakeMetadata()> metadata)
    : takeLibrary (takesFolder)
    , analyser (takeLibrary)
    , captureEngine (
          engineOptions (takesFolder, std::move (metadata), [this] (const TakeRecord& take) { recordFinished (take); }))
    , recovery (takesFolder, [this] (const TakeRecord& take) { adopt (take); })
{
}

void CaptureService::adopt (const TakeRecord& take)
{
    try
    {
        takeLibrary.add (take);
    }
    catch (const std::exception&)
    {
        // The take's file exists either way; an index that cannot be written must not stop the writer.
    }
    analyser.enqueue (take);
}

void CaptureService::recordFinished (const TakeRecord& take)
{
    adopt (take); // on the writer thread, never the audio thread: it may lock
    const std::lock_guard lock (finishedLock);
    finished.push_back (take.id);
}

std::vector<std::string> CaptureService::finishedTakeIds (size_t first) const
{
    const std::lock_guard lock (finishedLock);
    return first < finished.size()
               ? std::vector<std::string> (finished.begin() + (std::ptrdiff_t) first, finished.end())
               : std::vector<std::string>{};
}

void CaptureService::waitForBackgroundWork()
{
    recovery.wait();
    analyser.waitUntilIdle();
}
} // namespace wavelift::capture
