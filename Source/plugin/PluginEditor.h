#pragma once

#include "plugin/PluginProcessor.h"
#include "ui/MainComponent.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace wavelift
{
/** The plugin window (and the standalone's): the shared UI in a resizable frame. Cheap to open: it only reads the
    processor's atomics and the takes library (on a worker); the audio thread never notices it. */
class WaveliftEditor final : public juce::AudioProcessorEditor
{
public:
    explicit WaveliftEditor (WaveliftProcessor&);
    ~WaveliftEditor() override;

    void paint (juce::Graphics&) override;
    void resized() override;

    ui::MainComponent& content() noexcept { return main; }

    static constexpr int minimumWidth = 720, minimumHeight = 480;

private:
    static ui::EditorContext contextFor (WaveliftProcessor&);

    ui::MainComponent main;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WaveliftEditor)
};
} // namespace wavelift
