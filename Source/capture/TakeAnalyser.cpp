#include "capture/TakeAnalyser.h"

#include "capture/TakeAnalysis.h"

#include <juce_core/juce_core.h>

namespace wavelift::capture
{
TakeAnalyser::TakeAnalyser (TakeLibrary& libraryToUpdate)
    : library (libraryToUpdate)
    , thread ([this] { run(); })
{
}

TakeAnalyser::~TakeAnalyser()
{
    {
        const std::lock_guard lock (mutex);
        quitting = true;
    }
    cancel.store (true);
    changed.notify_all();
    thread.join();
}

void TakeAnalyser::enqueue (const TakeRecord& take)
{
    if (take.file.empty())
        return;
    {
        const std::lock_guard lock (mutex);
        queue.push_back (take);
    }
    changed.notify_all();
}

void TakeAnalyser::waitUntilIdle()
{
    std::unique_lock lock (mutex);
    changed.wait (lock, [this] { return quitting || (queue.empty() && !busy); });
}

void TakeAnalyser::run()
{
    juce::Thread::setCurrentThreadName ("Wavelift analysis");
    std::unique_lock lock (mutex);
    for (;;)
    {
        changed.wait (lock, [this] { return quitting || !queue.empty(); });
        if (quitting)
            return;

        const auto take = queue.front();
        queue.pop_front();
        busy = true;
        lock.unlock();
        try
        {
            if (const auto figures = analyseTake (take.file, &cancel))
                library.setFigures (take.id, *figures);
        }
        catch (const std::exception&)
        {
            // An unreadable or removed file: the take keeps no figures, and the library says so.
        }
        lock.lock();
        busy = false;
        changed.notify_all();
    }
}
} // namespace wavelift::capture
