#pragma once

#include "capture/CaptureEngine.h"
#include "capture/TakeLibrary.h"
#include "ui/Services.h"

#include <juce_events/juce_events.h>

#include <memory>
#include <set>
#include <string>

namespace wavelift::ui
{
/** "Publish when the take ends": when the producer switched it on, every take that ends goes to the outbox with the
    defaults (title pattern, tags, privacy), whether or not the editor is open — pressing play and stop in the DAW is
    the whole gesture. Polls the engine's finished-take count (an atomic) from a message-thread timer; the library
    is read on a worker. One per plugin instance: each sends its own takes. */
class AutoPublisher final : private juce::Timer
{
public:
    AutoPublisher (capture::CaptureEngine&, capture::TakeLibrary);
    ~AutoPublisher() override;

    /** Takes that ended since this instance was made, and how many of them it sent to the outbox. */
    int takesEnded() const noexcept { return ended; }
    int takesSent() const noexcept { return sent; }

private:
    void timerCallback() override;
    void sendNewest (std::vector<capture::TakeRecord> takesNewestFirst);

    capture::CaptureEngine& engine;
    capture::TakeLibrary library;       // a copy: just paths, safe on workers
    std::shared_ptr<Services> services; // held only while publishing on take end is switched on
    int knownFinishedTakes;
    int ended = 0, sent = 0;
    std::set<std::string> handled; // take ids already sent (or refused) by this instance

    JUCE_DECLARE_WEAK_REFERENCEABLE (AutoPublisher)
    JUCE_DECLARE_NON_COPYABLE (AutoPublisher)
};
} // namespace wavelift::ui
