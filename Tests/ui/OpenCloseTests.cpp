// Opening and closing the built VST3's editor 50 times in one host, as a DAW does when a producer toggles the
// window; run under valgrind by the ctest entry "ui:editor open/close under valgrind" for leaks.
#include "UiTestSupport.h"
#include "helpers/HostedPlugin.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE ("hosted VST3: the editor opens and closes 50 times", "[ui][hosted]")
{
    juce::String error;
    auto plugin = wavelift::test::HostedPlugin::load (wavelift::test::HostedPlugin::Format::vst3, 44100.0, 512, error);
    INFO (error);
    REQUIRE (plugin != nullptr);
    plugin->prepareToPlay (44100.0, 512);
    REQUIRE (plugin->hasEditor());

    juce::AudioBuffer<float> buffer (2, 512);
    juce::MidiBuffer midi;
    int opened = 0;
    for (int i = 0; i < 50; ++i)
    {
        std::unique_ptr<juce::AudioProcessorEditor> editor (plugin->createEditorIfNeeded());
        REQUIRE (editor != nullptr);
        editor->addToDesktop (0);
        editor->setVisible (true);
        CHECK (editor->getWidth() >= 720);
        CHECK (editor->getHeight() >= 480);
        // A few turns of the message loop with audio running: the window's timers and workers get going.
        wavelift::test::pumpUntil ([] { return false; }, 30ms);
        buffer.clear();
        plugin->processBlock (buffer, midi);
        editor.reset();
        ++opened;
    }
    CHECK (opened == 50);
    CHECK (plugin->getActiveEditor() == nullptr);
    plugin->releaseResources();
    plugin.reset();
}
