#include "plugin/PluginEditor.h"

namespace wavelift
{
WaveliftEditor::WaveliftEditor (WaveliftProcessor& p)
    : AudioProcessorEditor (p)
    , processor (p)
{
    title.setText ("Wavelift", juce::dontSendNotification);
    title.setFont (juce::Font (28.0f, juce::Font::bold));
    title.setColour (juce::Label::textColourId, juce::Colours::white);
    addAndMakeVisible (title);

    status.setText ("Audio passes through untouched.", juce::dontSendNotification);
    status.setColour (juce::Label::textColourId, juce::Colour (0xffc8c8d0));
    addAndMakeVisible (status);

    setResizable (true, true);
    setResizeLimits (minimumWidth, minimumHeight, 4 * minimumWidth, 4 * minimumHeight);
    setSize (760, 500);
}

WaveliftEditor::~WaveliftEditor() = default;

void WaveliftEditor::paint (juce::Graphics& g) { g.fillAll (juce::Colour (0xff17171c)); }

void WaveliftEditor::resized()
{
    auto area = getLocalBounds().reduced (16);
    title.setBounds (area.removeFromTop (40));
    status.setBounds (area.removeFromTop (24));
}
} // namespace wavelift
