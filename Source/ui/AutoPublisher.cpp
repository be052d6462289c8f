#include "ui/AutoPublisher.h"

#include "publish/TitlePattern.h"

#include <algorithm>

namespace wavelift::ui
{
AutoPublisher::AutoPublisher (capture::CaptureEngine& e, capture::TakeLibrary takes)
    : engine (e)
    , library (std::move (takes))
    , knownFinishedTakes (e.status().finishedTakes)
{
    startTimerHz (4);
}

AutoPublisher::~AutoPublisher() { stopTimer(); }

void AutoPublisher::timerCallback()
{
    const auto finished = engine.status().finishedTakes;
    if (finished == knownFinishedTakes)
        return;
    ended += juce::jmax (0, finished - knownFinishedTakes);
    knownFinishedTakes = finished;

    if (services == nullptr)
        services = Services::shared(); // the editor's, when it is open
    if (!services->preferences().publishWhenTakeEnds)
    {
        services.reset(); // switched off: let the services go when no editor needs them
        return;
    }
    services->runInBackground (
        [library = library, weak = juce::WeakReference<AutoPublisher> (this)] (std::stop_token) mutable
        {
            auto found = library.takes();
            std::reverse (found.begin(), found.end()); // newest first
            juce::MessageManager::callAsync (
                [weak, found = std::move (found)]() mutable
                {
                    if (auto* self = weak.get())
                        self->sendNewest (std::move (found));
                });
        });
}

void AutoPublisher::sendNewest (std::vector<capture::TakeRecord> takesNewestFirst)
{
    if (services == nullptr || takesNewestFirst.empty())
        return;
    const auto& take = takesNewestFirst.front();
    if (!take.publishedTrackUrn.empty() || !handled.insert (take.id).second)
        return;

    const auto& defaults = services->preferences();
    publish::UploadRequest request;
    request.audioFile = take.file;
    request.fields.title = publish::titleFromPattern (defaults.titlePattern, take);
    request.fields.tags = defaults.defaultTags;
    request.fields.sharing = defaults.defaultSharing;
    ++sent;
    // A refusal (an unreadable take, no account) shows in the outbox's place in the editor: nothing is dropped
    // silently, the job or its refusal is reported there.
    services->publishInBackground (std::move (request), take.id,
                                   [keep = services] (const std::string&, const std::string& problem)
                                   {
                                       if (!problem.empty())
                                           keep->reportProblem ("A finished take was not sent: " + problem);
                                   });
}
} // namespace wavelift::ui
