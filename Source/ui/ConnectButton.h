#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

namespace wavelift::ui
{
/** SoundCloud's white cloud-and-bars mark, fitted into `area` (aspect kept, centred). */
void drawSoundCloudMark (juce::Graphics&, juce::Rectangle<float> area, juce::Colour);

/** The account button: "Connect with SoundCloud" drawn as SoundCloud's connect buttons are (orange, white mark on
    the left, white text) while signed out, and a plain theme button reading "Sign out" while signed in. */
class ConnectButton final : public juce::TextButton
{
public:
    ConnectButton();

    void setSignedIn (bool);
    bool isSignedIn() const noexcept { return signedIn; }

    /** The orange of SoundCloud's brand, which the connect button is filled with. */
    static inline const juce::Colour soundCloudOrange{ 0xffff5500 };

    void paintButton (juce::Graphics&, bool highlighted, bool down) override;

private:
    bool signedIn = false;
};
} // namespace wavelift::ui
