// The test runner's main: JUCE's message manager must exist before any plugin is hosted or editor opened, and the
// main thread is its message thread.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "helpers/HostedPlugin.h"
#include "ui/X11Workarounds.h"

#include <juce_events/juce_events.h>

int main (int argc, char* argv[])
{
    wavelift::ui::ensureWindowManagerAtomsExist(); // the runner hosts editors under Xvfb, which has no window manager
    const juce::ScopedJuceInitialiser_GUI juce;
    const int failures = Catch::Session().run (argc, argv);
    wavelift::test::releaseHostingFormats();
    return failures;
}
