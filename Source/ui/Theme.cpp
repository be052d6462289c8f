#include "ui/Theme.h"

namespace wavelift::ui
{
DarkTheme::DarkTheme()
    : juce::LookAndFeel_V4 ({ palette::background, palette::panel, palette::field, palette::dimText.darker (0.6f),
                              palette::text, palette::accent, palette::text, palette::accent.darker (0.2f),
                              palette::text })
{
    setColour (juce::ResizableWindow::backgroundColourId, palette::background);
    setColour (juce::TextEditor::backgroundColourId, palette::field);
    setColour (juce::TextEditor::textColourId, palette::text);
    setColour (juce::TextEditor::focusedOutlineColourId, palette::accent);
    setColour (juce::ListBox::backgroundColourId, palette::panel);
    setColour (juce::Label::textColourId, palette::text);
    setColour (juce::TextButton::buttonColourId, palette::field);
    setColour (juce::TextButton::buttonOnColourId, palette::accent);
    setColour (juce::ComboBox::backgroundColourId, palette::field);
    setColour (juce::ProgressBar::foregroundColourId, palette::accent);
    setColour (juce::TabbedButtonBar::tabTextColourId, palette::dimText);
    setColour (juce::TabbedButtonBar::frontTextColourId, palette::text);
    setColour (juce::TabbedComponent::backgroundColourId, palette::background);
    setColour (juce::TabbedComponent::outlineColourId, palette::panel);
}

juce::Label* DarkTheme::createSliderTextBox (juce::Slider& slider)
{
    auto* box = juce::LookAndFeel_V4::createSliderTextBox (slider);
    box->setTitle (slider.getTitle());
    return box;
}

void styleLabel (juce::Label& label, bool dim)
{
    label.setColour (juce::Label::textColourId, dim ? palette::dimText : palette::text);
    label.setMinimumHorizontalScale (0.8f);
}
} // namespace wavelift::ui
