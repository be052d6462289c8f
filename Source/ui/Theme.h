#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

namespace wavelift::ui
{
/** The dark theme: near-black panels, light text (contrast above 7:1) and one accent colour. */
namespace palette
{
    inline const juce::Colour background{ 0xff17171c };
    inline const juce::Colour panel{ 0xff22222a };
    inline const juce::Colour field{ 0xff2c2c36 };
    inline const juce::Colour text{ 0xffececf1 };
    inline const juce::Colour dimText{ 0xffa9a9b6 };
    inline const juce::Colour accent{ 0xffff5500 }; // SoundCloud orange
    inline const juce::Colour good{ 0xff3ecf6e };
    inline const juce::Colour warning{ 0xffffc04d };
    inline const juce::Colour bad{ 0xffff5c5c };
} // namespace palette

class DarkTheme final : public juce::LookAndFeel_V4
{
public:
    DarkTheme();

    /** The slider's value box is where keyboard users type a value: it carries the slider's name. */
    juce::Label* createSliderTextBox (juce::Slider&) override;
};

/** A label in the theme's colours. */
void styleLabel (juce::Label&, bool dim = false);
} // namespace wavelift::ui
