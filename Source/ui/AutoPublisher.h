#pragma once

#include "capture/CaptureService.h"
#include "ui/Services.h"

#include <juce_events/juce_events.h>

#include <memory>
#include <string>

namespace wavelift::ui
{
/** "Publish when the take ends": when the producer switched it on, every take this instance's engine finishes goes
    to the outbox with the defaults (title pattern, tags, privacy), whether or not the editor is open — pressing play
    and stop in the DAW is the whole gesture. Polls the engine's finished-take count (an atomic) from a
    message-thread timer. Preferences and the library are read on workers; the shared services are only held while
    the option is on. */
class AutoPublisher final : private juce::Timer
{
public:
    explicit AutoPublisher (capture::CaptureService&);
    ~AutoPublisher() override;

    /** Takes this instance's engine finished since it was made, and how many of them went to the outbox. */
    int takesEnded() const noexcept { return (int) handled; }
    int takesSent() const noexcept { return sent; }

private:
    void timerCallback() override;
    void publishWhenStarted (std::vector<std::string> ids);
    void publishTakes (std::vector<std::string> ids);
    void send (const capture::TakeRecord&);

    capture::CaptureService& capture;
    capture::TakeLibrary library;       // a copy: just paths, safe on workers
    std::shared_ptr<Services> services; // held only while publishing on take end is switched on
    size_t handled = 0;
    int sent = 0;

    JUCE_DECLARE_WEAK_REFERENCEABLE (AutoPublisher)
    JUCE_DECLARE_NON_COPYABLE (AutoPublisher)
};
} // namespace wavelift::ui
