#include "ui/SettingsView.h"

#include "ui/Theme.h"

#include <algorithm>

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
        { &captureHeading, "Capture" },   { &publishHeading, "Publishing defaults" },
        { &previewHeading, "Preview" },   { &formatLabel, "Format" },
        { &bitsLabel, "Bit depth" },      { &flacLabel, "FLAC level" },
        { &patternLabel, "Take naming" }, { &patternHelp, "{take} {track} {project} {host} {date} {time}" },
        { &tagsLabel, "Default tags" },   { &privacyLabel, "Default privacy" },
        { &signInLabel, "Sign in with" }, { &outputLabel, "Preview output" },
        { &gainLabel, "Preview gain" },   { &problemLabel, "" },
        { &preferencesProblemLabel, "" }
    };
    const auto headings = { &captureHeading, &publishHeading, &previewHeading };
    for (auto [label, text] : labels)
    {
        label->setText (text, juce::dontSendNotification);
        styleLabel (*label, std::find (headings.begin(), headings.end(), label) == headings.end());
        addAndMakeVisible (*label);
    }
    for (auto* heading : headings)
        heading->setFont (juce::Font (16.0f, juce::Font::bold));
    patternHelp.setFont (juce::Font (12.0f));
    preferencesProblemLabel.setColour (juce::Label::textColourId, palette::warning);
    preferencesProblemLabel.setComponentID ("preferencesProblem");
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

    patternEditor.setComponentID ("settingsTitlePattern");
    patternEditor.setTitle ("Take naming pattern");
    patternEditor.setTooltip ("How a take's title is made: {take} {track} {project} {host} {date} {time}");
    tagsEditor.setComponentID ("settingsDefaultTags");
    tagsEditor.setTitle ("Default tags");
    privacyBox.setComponentID ("settingsDefaultPrivacy");
    privacyBox.setTitle ("Default privacy");
    privacyBox.addItem ("Private", 1);
    privacyBox.addItem ("Public", 2);

    for (juce::Component* control : std::initializer_list<juce::Component*>{
             &formatBox, &bitsBox, &flacLevel, &ditherToggle, &followToggle, &outputBox, &gainSlider, &patternEditor,
             &tagsEditor, &privacyBox, &signInBox })
    {
        control->setExplicitFocusOrder (order++); // down the left column, then down the right one
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
    signInBox.onChange = [this] { applyPreferences(); };
    privacyBox.onChange = [this] { applyPreferences(); };
    patternEditor.onReturnKey = [this] { applyPreferences(); };
    patternEditor.onFocusLost = [this] { applyPreferences(); };
    tagsEditor.onChange = [this]
    {
        applyPreferences();
        resized(); // more chips may need a second row
    };
    showPreferences();
    services->preferencesChanged.addChangeListener (this);

    outputBox.setComponentID ("settingsPreviewOutput");
    outputBox.setTitle ("Preview output mode");
    outputBox.addItem ("Mix with the input", 1);
    outputBox.addItem ("Replace the input", 2);
    outputBox.setSelectedId (context.previewReplacesInput() ? 2 : 1, juce::dontSendNotification);
    outputBox.onChange = [this] { context.setPreviewReplacesInput (outputBox.getSelectedId() == 2); };

    gainSlider.setComponentID ("settingsPreviewGain");
    gainSlider.setTitle ("Preview gain");
    gainSlider.setTextValueSuffix (" dB");
    gainAttachment = std::make_unique<juce::AudioProcessorValueTreeState::SliderAttachment> (
        context.state, context.previewGainParameterId, gainSlider);
}

SettingsView::~SettingsView() { services->preferencesChanged.removeChangeListener (this); }

void SettingsView::changeListenerCallback (juce::ChangeBroadcaster*) { showPreferences(); }

void SettingsView::showPreferences()
{
    // Filling the controls must not read half-filled ones back as the producer's choice.
    const juce::ScopedValueSetter<bool> filling (showingPreferences, true);
    const auto& p = services->preferences();
    // Until the services have read preferences.json, an edit would be made to the built-in defaults.
    for (juce::Component* control :
         std::initializer_list<juce::Component*>{ &patternEditor, &tagsEditor, &privacyBox, &signInBox })
        control->setEnabled (services->isStarted());
    if (!patternEditor.hasKeyboardFocus (true))
        patternEditor.setText (juce::String (p.titlePattern), false);
    if (tagsEditor.tags() != p.defaultTags)
        tagsEditor.setTags (p.defaultTags);
    privacyBox.setSelectedId (p.defaultSharing == "public" ? 2 : 1, juce::dontSendNotification);
    signInBox.setSelectedId (1 + (int) services->browserChoice(), juce::dontSendNotification);
    preferencesProblemLabel.setText (juce::String (services->preferencesProblem()), juce::dontSendNotification);
}

void SettingsView::applyPreferences()
{
    if (showingPreferences || !services->isStarted())
        return;
    auto p = services->preferences();
    const auto pattern = patternEditor.getText().trim();
    p.titlePattern = pattern.isEmpty() ? std::string ("{take}") : pattern.toStdString();
    p.defaultTags = tagsEditor.tags();
    p.defaultSharing = privacyBox.getSelectedId() == 2 ? "public" : "private";
    p.signInMethod =
        signin::toString (static_cast<signin::BrowserChoice> (juce::jmax (0, signInBox.getSelectedId() - 1)));
    services->setPreferences (p);
}

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
    // Two columns: the project's settings on the left, the producer's defaults on the right.
    auto bounds = getLocalBounds().reduced (12);
    auto area = bounds.removeFromLeft (bounds.getWidth() / 2 - 8);
    auto row = [&area] (juce::Label* label, juce::Component* control, int height = 28)
    {
        auto r = area.removeFromTop (height);
        area.removeFromTop (6);
        if (label != nullptr)
            label->setBounds (r.removeFromLeft (juce::jmin (140, r.getWidth() * 2 / 5)));
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
    area.removeFromTop (4);
    row (&previewHeading, nullptr, 24);
    row (&outputLabel, &outputBox);
    row (&gainLabel, &gainSlider);

    area = bounds.withTrimmedLeft (16);
    row (&publishHeading, nullptr, 24);
    row (&patternLabel, &patternEditor);
    row (nullptr, &patternHelp, 18);
    patternHelp.setBounds (patternHelp.getBounds().withX (patternEditor.getX()).withWidth (patternEditor.getWidth()));
    const auto tagsWidth = juce::jmin (360, area.getWidth() - juce::jmin (140, area.getWidth() * 2 / 5));
    row (&tagsLabel, &tagsEditor, juce::jmin (58, tagsEditor.heightFor (tagsWidth)));
    row (&privacyLabel, &privacyBox);
    row (&signInLabel, &signInBox);
    preferencesProblemLabel.setBounds (area.removeFromTop (40));
}
} // namespace wavelift::ui
