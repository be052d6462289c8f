#pragma once

#include "ui/EditorContext.h"
#include "ui/Services.h"
#include "ui/TagEditor.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace wavelift::ui
{
/** The Settings tab: capture format, bit depth, FLAC level, dither, follow transport, preview output and gain (saved
    with the project), and the producer's own defaults (preferences.json): the take-naming pattern, default tags and
    privacy, and the sign-in method. */
class SettingsView final
    : public juce::Component
    , private juce::ChangeListener
{
public:
    SettingsView (EditorContext&, std::shared_ptr<Services>);
    ~SettingsView() override;

    void paint (juce::Graphics&) override;
    void resized() override;

    TagEditor& defaultTags() noexcept { return tagsEditor; }

private:
    void changeListenerCallback (juce::ChangeBroadcaster*) override;
    void showCaptureSettings();
    void applyCaptureSettings();
    void showPreferences();
    void applyPreferences();

    EditorContext& context;
    std::shared_ptr<Services> services;

    juce::Label captureHeading, publishHeading, previewHeading, problemLabel, formatLabel, bitsLabel, flacLabel,
        patternLabel, patternHelp, tagsLabel, privacyLabel, signInLabel, outputLabel, gainLabel,
        preferencesProblemLabel;
    juce::ComboBox formatBox, bitsBox, privacyBox, signInBox, outputBox;
    juce::TextEditor patternEditor;
    TagEditor tagsEditor;
    juce::Slider flacLevel{ juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight },
        gainSlider{ juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight };
    juce::ToggleButton ditherToggle{ "Dither when reducing to 16 bit" },
        followToggle{ "Takes follow the host transport" };
    std::unique_ptr<juce::AudioProcessorValueTreeState::SliderAttachment> gainAttachment;
    bool showingPreferences = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SettingsView)
};
} // namespace wavelift::ui
