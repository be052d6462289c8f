#include "ui/AutoPublisher.h"

#include "core/Preferences.h"
#include "publish/TitlePattern.h"

namespace wavelift::ui
{
AutoPublisher::AutoPublisher (capture::CaptureService& c)
    : capture (c)
    , library (c.library())
    , handled (c.finishedTakeIds().size())
{
    startTimerHz (4);
}

AutoPublisher::~AutoPublisher() { stopTimer(); }

void AutoPublisher::timerCallback()
{
    auto ids = capture.finishedTakeIds (handled); // a short lock the writer thread also takes; no disk
    if (ids.empty())
        return;
    handled += ids.size();

    if (services != nullptr)
        return publishWhenStarted (std::move (ids));

    // Switched on? The preferences file says (read on a worker: no disk on the message thread), so no services are
    // built for nothing when it is off.
    juce::Thread::launch (
        [ids = std::move (ids), weak = juce::WeakReference<AutoPublisher> (this)]() mutable
        {
            const auto on = PreferencesFile::standard().load().preferences.publishWhenTakeEnds;
            juce::MessageManager::callAsync (
                [ids = std::move (ids), weak, on]() mutable
                {
                    auto* self = weak.get();
                    if (self == nullptr || !on)
                        return;
                    if (self->services == nullptr)
                        self->services = Services::shared();
                    self->publishWhenStarted (std::move (ids));
                });
        });
}

void AutoPublisher::publishWhenStarted (std::vector<std::string> ids)
{
    services->whenStarted (
        [ids = std::move (ids), weak = juce::WeakReference<AutoPublisher> (this)]() mutable
        {
            if (auto* self = weak.get(); self != nullptr && self->services != nullptr)
                self->publishTakes (std::move (ids));
        });
}

void AutoPublisher::publishTakes (std::vector<std::string> ids)
{
    if (!services->preferences().publishWhenTakeEnds)
    {
        services.reset(); // switched off since: let the services go when no editor needs them
        return;
    }
    services->runInBackground (
        [library = library, ids = std::move (ids),
         weak = juce::WeakReference<AutoPublisher> (this)] (std::stop_token) mutable
        {
            std::vector<capture::TakeRecord> takes;
            std::string problem;
            for (const auto& id : ids)
            {
                try
                {
                    if (auto take = library.find (id))
                        takes.push_back (std::move (*take));
                    else
                        problem = "a finished take is missing from the takes library (" + id + ")";
                }
                catch (const std::exception& e)
                {
                    problem = std::string ("the takes library could not be read: ") + e.what();
                }
            }
            juce::MessageManager::callAsync (
                [weak, takes = std::move (takes), problem]
                {
                    auto* self = weak.get();
                    if (self == nullptr || self->services == nullptr)
                        return;
                    if (!problem.empty())
                        self->services->reportProblem ("Publish when the take ends: " + problem);
                    for (const auto& take : takes)
                        self->send (take);
                });
        });
}

void AutoPublisher::send (const capture::TakeRecord& take)
{
    if (!take.publishedTrackUrn.empty())
        return;
    const auto& defaults = services->preferences();
    publish::UploadRequest request;
    request.audioFile = take.file;
    request.fields.title = publish::titleFromPattern (defaults.titlePattern, take);
    request.fields.tags = defaults.defaultTags;
    request.fields.sharing = defaults.defaultSharing;
    ++sent;
    // A refusal (an unreadable take, broken services) is kept by the services and shown by the Publish view, now or
    // when it next opens; a job that fails later shows in the outbox.
    services->publishInBackground (
        std::move (request), take.id,
        [weak = juce::WeakReference<AutoPublisher> (this),
         name = take.file.filename().string()] (const std::string&, const std::string& problem)
        {
            auto* self = weak.get();
            if (self != nullptr && self->services != nullptr && !problem.empty())
                self->services->reportProblem ("Publish when the take ends: " + name + " was not sent: " + problem);
        });
}
} // namespace wavelift::ui
