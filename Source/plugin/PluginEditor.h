#pragma once

#include "plugin/PluginProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace wavelift
{
/** The plugin window. Resizable, dark, and cheap to open: it only reads the processor's state. */
class WaveliftEditor final : public juce::AudioProcessorEditor
{
public:
    explicit WaveliftEditor (WaveliftProcessor&);
    ~WaveliftEditor() override;

    void paint (juce::Graphics&) override;
    void resized() override;

    static constexpr int minimumWidth = 640, minimumHeight = 420;

private:
    WaveliftProcessor& processor;
    juce::Label title, status;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WaveliftEditor)
};
} // namespace wavelift
