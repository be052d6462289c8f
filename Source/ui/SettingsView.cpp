#include "ui/SettingsView.h"

#include "ui/Theme.h"

namespace wavelift::ui
{
SettingsView::SettingsView (EditorContext& c, std::shared_ptr<Services> s)
    : context (c)
    , services (std::move (s))
{
    setComponentID ("settingsView");
    setTitle ("Settings");
    setFocusContainerType (FocusContainerType::keyboardFocusContainer);

    const std::initializer_list<std::pair<juce::Label*, const char*>> labels{
        { &captureHeading, "Capture" },   { &signInHeading, "Sign-in" },
        { &previewHeading, "Preview" },   { &formatLabel, "Format" },
        { &bitsLabel, "Bit depth" },      { &flacLabel, "FLAC level" },
        { &signInLabel, "Sign in with" }, { &outputLabel, "Preview output" },
        { &gainLabel, "Preview gain" },   { &problemLabel, "" }
    };
    for (auto [label, text] : labels)
    {
        label->setText (text, juce::dontSendNotification);
        styleLabel (*label, label != &captureHeading && label != &signInHeading && label != &previewHeading);
        addAndMakeVisible (*label);
    }
    for (auto* heading : { &captureHeading, &signInHeading, &previewHeading })
        heading->setFont (juce::Font (16.0f, juce::Font::bold));
    problemLabel.setColour (juce::Label::textColourId, palette::warning);
    problemLabel.setComponentID ("settingsProblem");

    int order = 1;
    formatBox.setComponentID ("settingsFormat");
    formatBox.setTitle ("Capture format");
    formatBox.addItem ("WAV", 1);
    formatBox.addItem ("FLAC", 2);
    bitsBox.setComponentID ("settingsBits");
    bitsBox.setTitle ("Bit depth");
    bitsBox.addItem ("16 bit", 16);
    bitsBox.addItem ("24 bit", 24);
    bitsBox.addItem ("32 bit float", 32);
    flacLevel.setComponentID ("settingsFlacLevel");
    flacLevel.setTitle ("FLAC compression level");
    flacLevel.setRange (0, 8, 1);
    ditherToggle.setComponentID ("settingsDither");
    followToggle.setComponentID ("settingsFollowTransport");

    for (juce::Component* control : std::initializer_list<juce::Component*>{
             &formatBox, &bitsBox, &flacLevel, &ditherToggle, &followToggle, &signInBox, &outputBox, &gainSlider })
    {
        control->setExplicitFocusOrder (order++);
        addAndMakeVisible (*control);
    }

    showCaptureSettings();
    formatBox.onChange = [this] { applyCaptureSettings(); };
    bitsBox.onChange = [this] { applyCaptureSettings(); };
    flacLevel.onDragEnd = [this] { applyCaptureSettings(); };
    flacLevel.onValueChange = [this]
    {
        if (!flacLevel.isMouseButtonDown())
            applyCaptureSettings();
    };
    ditherToggle.onClick = [this] { applyCaptureSettings(); };
    followToggle.onClick = [this] { applyCaptureSettings(); };

    signInBox.setComponentID ("settingsSignIn");
    signInBox.setTitle ("Sign-in method");
    signInBox.addItem ("Automatic", 1);
    signInBox.addItem ("Embedded window", 2);
    signInBox.addItem ("System browser", 3);
    signInBox.setSelectedId (1 + (int) services->browserChoice.load(), juce::dontSendNotification);
    signInBox.onChange = [this]
    { services->browserChoice = static_cast<signin::BrowserChoice> (signInBox.getSelectedId() - 1); };

    outputBox.setComponentID ("settingsPreviewOutput");
    outputBox.setTitle ("Preview output mode");
    outputBox.addItem ("Mix with the input", 1);
    outputBox.addItem ("Replace the input", 2);
    outputBox.setSelectedId (1, juce::dontSendNotification);
    outputBox.onChange = [this]
    {
        context.player.setOutputMode (outputBox.getSelectedId() == 2 ? preview::PreviewPlayer::OutputMode::replace
                                                                     : preview::PreviewPlayer::OutputMode::mix);
    };

    gainSlider.setComponentID ("settingsPreviewGain");
    gainSlider.setTitle ("Preview gain");
    gainSlider.setTextValueSuffix (" dB");
    gainAttachment = std::make_unique<juce::AudioProcessorValueTreeState::SliderAttachment> (
        context.state, context.previewGainParameterId, gainSlider);
}

SettingsView::~SettingsView() = default;

void SettingsView::showCaptureSettings()
{
    const auto settings = context.captureSettings();
    formatBox.setSelectedId (settings.format == capture::FileFormat::flac ? 2 : 1, juce::dontSendNotification);
    bitsBox.setSelectedId (settings.bitDepth, juce::dontSendNotification);
    flacLevel.setValue (settings.flacLevel, juce::dontSendNotification);
    ditherToggle.setToggleState (settings.dither, juce::dontSendNotification);
    followToggle.setToggleState (settings.followTransport, juce::dontSendNotification);
    flacLevel.setEnabled (settings.format == capture::FileFormat::flac);
    ditherToggle.setEnabled (settings.bitDepth == 16);
}

void SettingsView::applyCaptureSettings()
{
    capture::CaptureSettings settings;
    settings.format = formatBox.getSelectedId() == 2 ? capture::FileFormat::flac : capture::FileFormat::wav;
    settings.bitDepth = bitsBox.getSelectedId();
    settings.flacLevel = (int) flacLevel.getValue();
    settings.dither = ditherToggle.getToggleState();
    settings.followTransport = followToggle.getToggleState();

    // Invalid combinations (FLAC at 32 bit) are explained and not applied.
    if (const auto problem = settings.problem(); !problem.empty())
    {
        problemLabel.setText (juce::String (problem), juce::dontSendNotification);
        return;
    }
    problemLabel.setText ({}, juce::dontSendNotification);
    context.setCaptureSettings (settings);
    showCaptureSettings();
}

void SettingsView::paint (juce::Graphics& g) { g.fillAll (palette::background); }

void SettingsView::resized()
{
    auto area = getLocalBounds().reduced (12);
    auto row = [&area] (juce::Label* label, juce::Component* control, int height = 28)
    {
        auto r = area.removeFromTop (height);
        area.removeFromTop (6);
        if (label != nullptr)
            label->setBounds (r.removeFromLeft (140));
        if (control != nullptr)
            control->setBounds (r.removeFromLeft (juce::jmin (r.getWidth(), 360)));
    };
    row (&captureHeading, nullptr, 24);
    row (&formatLabel, &formatBox);
    row (&bitsLabel, &bitsBox);
    row (&flacLabel, &flacLevel);
    row (nullptr, &ditherToggle, 24);
    row (nullptr, &followToggle, 24);
    problemLabel.setBounds (area.removeFromTop (22));
    area.removeFromTop (8);
    row (&signInHeading, nullptr, 24);
    row (&signInLabel, &signInBox);
    area.removeFromTop (8);
    row (&previewHeading, nullptr, 24);
    row (&outputLabel, &outputBox);
    row (&gainLabel, &gainSlider);
}
} // namespace wavelift::ui
