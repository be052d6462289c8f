#pragma once

#include "ui/EditorContext.h"
#include "ui/Services.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace wavelift::ui
{
/** The Settings tab: capture format, bit depth, FLAC level, dither, follow transport (saved with the project), the
    sign-in method, and the preview output mode and gain. */
class SettingsView final : public juce::Component
{
public:
    SettingsView (EditorContext&, std::shared_ptr<Services>);
    ~SettingsView() override;

    void paint (juce::Graphics&) override;
    void resized() override;

private:
    void showCaptureSettings();
    void applyCaptureSettings();

    EditorContext& context;
    std::shared_ptr<Services> services;

    juce::Label captureHeading, signInHeading, previewHeading, problemLabel, formatLabel, bitsLabel, flacLabel,
        signInLabel, outputLabel, gainLabel;
    juce::ComboBox formatBox, bitsBox, signInBox, outputBox;
    juce::Slider flacLevel{ juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight },
        gainSlider{ juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight };
    juce::ToggleButton ditherToggle{ "Dither when reducing to 16 bit" },
        followToggle{ "Takes follow the host transport" };
    std::unique_ptr<juce::AudioProcessorValueTreeState::SliderAttachment> gainAttachment;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SettingsView)
};
} // namespace wavelift::ui
