// The sign-in runner's main: JUCE's message manager exists (a plugin is hosted) and the main thread is its message
// thread; Xvfb has no window manager, so the atoms JUCE needs are interned first.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "helpers/HostedPlugin.h"
#include "ui/X11Workarounds.h"

#include <juce_events/juce_events.h>

int main (int argc, char* argv[])
{
    wavelift::ui::ensureWindowManagerAtomsExist();
    const juce::ScopedJuceInitialiser_GUI juce;
    const int failures = Catch::Session().run (argc, argv);
    wavelift::test::releaseHostingFormats();
    return failures;
}
