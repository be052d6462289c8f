// The account button follows SoundCloud's connect-button look while signed out: SoundCloud orange, the white mark on
// the left, white text; signed in, it is a plain theme button reading "Sign out".
#include "UiTestSupport.h"
#include "ui/ConnectButton.h"
#include "ui/Theme.h"

#include <catch2/catch.hpp>

using wavelift::ui::ConnectButton;

namespace
{
struct Counts
{
    int white = 0, orange = 0, total = 0;
};

Counts countColours (const juce::Image& image, juce::Rectangle<int> area)
{
    Counts counts;
    const juce::Image::BitmapData pixels (image, juce::Image::BitmapData::readOnly);
    for (int y = area.getY(); y < area.getBottom(); ++y)
        for (int x = area.getX(); x < area.getRight(); ++x)
        {
            const auto colour = pixels.getPixelColour (x, y);
            ++counts.total;
            if (colour.getRed() > 235 && colour.getGreen() > 235 && colour.getBlue() > 235)
                ++counts.white;
            if (std::abs (colour.getRed() - 0xff) < 12 && std::abs (colour.getGreen() - 0x55) < 12
                && colour.getBlue() < 12)
                ++counts.orange;
        }
    return counts;
}
} // namespace

TEST_CASE ("connect button: SoundCloud orange with the white mark and text, plain once signed in", "[ui][connect]")
{
    wavelift::ui::DarkTheme theme;
    ConnectButton button;
    button.setLookAndFeel (&theme);
    button.setBounds (0, 0, 250, 30);
    constexpr float scale = 2.0f; // crisp at 2x: measured on a HiDPI snapshot
    const auto snapshot = [&] { return button.createComponentSnapshot (button.getLocalBounds(), true, scale); };

    SECTION ("signed out")
    {
        CHECK (button.getButtonText() == "Connect with SoundCloud");
        CHECK (button.getTitle() == "Connect with SoundCloud");
        const auto image = snapshot();
        REQUIRE (image.getWidth() == 500);
        REQUIRE (image.getHeight() == 60);
        wavelift::test::saveImage (image, juce::File (WAVELIFT_UI_ARTIFACTS).getChildFile ("connect-button.png"));

        const auto whole = countColours (image, image.getBounds());
        CHECK (whole.orange > whole.total / 2); // the fill is SoundCloud's orange

        // The mark (a 15 px high box 10 px in, at 2x: x 21-86, y 15-45): white bars with orange gaps between them on
        // the left, the dome of the cloud solid white at its centre.
        const auto markBox = countColours (image, { 21, 15, 65, 30 });
        CHECK (markBox.white > markBox.total / 3);
        CHECK (markBox.orange > markBox.total / 10);
        CHECK (countColours (image, { 64, 28, 6, 6 }).white == 36);
        // The text: white glyphs right of the mark, orange between them.
        const auto textStrip = countColours (image, { 110, 10, 360, 40 });
        CHECK (textStrip.white > 200);
        CHECK (textStrip.orange > textStrip.white);

        button.setEnabled (false);
        const auto disabled = countColours (snapshot(), image.getBounds());
        CHECK (disabled.orange == 0); // a disabled button never looks pressable
    }

    SECTION ("signed in")
    {
        button.setSignedIn (true);
        CHECK (button.getButtonText() == "Sign out");
        CHECK (button.getTitle() == "Sign out");
        const auto counts = countColours (snapshot(), { 0, 0, 500, 60 });
        CHECK (counts.orange == 0);

        button.setSignedIn (false);
        CHECK (button.getButtonText() == "Connect with SoundCloud");
        CHECK (countColours (snapshot(), { 0, 0, 500, 60 }).orange > 500 * 60 / 2);
    }
    button.setLookAndFeel (nullptr);
}

TEST_CASE ("SoundCloud mark keeps its proportions in any box", "[ui][connect]")
{
    juce::Image image (juce::Image::ARGB, 300, 46, true);
    {
        juce::Graphics g (image);
        wavelift::ui::drawSoundCloudMark (g, { 0.0f, 0.0f, 300.0f, 46.0f }, juce::Colours::white);
    }
    // 100 x 46 centred in a 300 x 46 box: columns 0-99 and 201-299 stay empty, the dome's centre is filled.
    const auto column = [&] (int x)
    {
        int filled = 0;
        for (int y = 0; y < 46; ++y)
            filled += image.getPixelAt (x, y).getAlpha() > 128 ? 1 : 0;
        return filled;
    };
    CHECK (column (95) == 0);
    CHECK (column (205) == 0);
    CHECK (image.getPixelAt (170, 24).getAlpha() == 255); // inside the dome
    CHECK (image.getPixelAt (170, 1).getAlpha() < 128);   // above the dome's top (y = 2)
    CHECK (column (101) > 0);                             // the first, shortest bar
    CHECK (column (101) < column (145));                  // bars rise towards the cloud
}
