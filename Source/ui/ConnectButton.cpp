#include "ui/ConnectButton.h"

namespace wavelift::ui
{
void drawSoundCloudMark (juce::Graphics& g, juce::Rectangle<float> area, juce::Colour colour)
{
    // The mark's proportions in a 100 x 46 box: eleven bars rising towards a cloud. Each piece is filled on its own
    // so overlapping shapes never cancel under a winding rule.
    constexpr float markWidth = 100.0f, markHeight = 46.0f;
    const float scale = juce::jmin (area.getWidth() / markWidth, area.getHeight() / markHeight);
    const auto box = juce::Rectangle<float> (markWidth * scale, markHeight * scale).withCentre (area.getCentre());
    const auto at = [&] (float x, float y) { return box.getTopLeft() + juce::Point<float> (x, y) * scale; };

    g.setColour (colour);
    constexpr int bars = 11;
    for (int bar = 0; bar < bars; ++bar)
    {
        const float x = 1.0f + (float) bar * 4.4f;
        const float height = 14.0f + 26.0f * (float) bar / (float) (bars - 1);
        const auto top = at (x, markHeight - height);
        g.fillRoundedRectangle (top.x, top.y, 2.2f * scale, height * scale, 1.1f * scale);
    }

    const auto circle = [&] (float cx, float cy, float r)
    {
        const auto centre = at (cx, cy);
        g.fillEllipse (centre.x - r * scale, centre.y - r * scale, 2.0f * r * scale, 2.0f * r * scale);
    };
    circle (70.0f, 24.0f, 22.0f); // the cloud's dome
    circle (87.0f, 33.0f, 13.0f); // its right shoulder
    const auto baseTop = at (50.0f, 24.0f);
    g.fillRect (baseTop.x, baseTop.y, 37.0f * scale, 22.0f * scale); // the flat underside
}

ConnectButton::ConnectButton()
    : juce::TextButton ("Connect with SoundCloud")
{
    setTitle ("Connect with SoundCloud");
}

void ConnectButton::setSignedIn (bool isSignedInNow)
{
    signedIn = isSignedInNow;
    setButtonText (signedIn ? "Sign out" : "Connect with SoundCloud");
    setTitle (getButtonText());
    repaint();
}

void ConnectButton::paintButton (juce::Graphics& g, bool highlighted, bool down)
{
    if (signedIn)
    {
        juce::TextButton::paintButton (g, highlighted, down);
        return;
    }

    auto bounds = getLocalBounds().toFloat().reduced (0.5f);
    auto fill = soundCloudOrange;
    if (!isEnabled())
        fill = fill.withMultipliedSaturation (0.35f).withMultipliedBrightness (0.6f);
    else if (down)
        fill = fill.darker (0.25f);
    else if (highlighted)
        fill = fill.brighter (0.12f);
    g.setColour (fill);
    g.fillRoundedRectangle (bounds, 4.0f);
    if (hasKeyboardFocus (false))
    {
        g.setColour (juce::Colours::white);
        g.drawRoundedRectangle (bounds.reduced (1.5f), 3.0f, 1.5f);
    }

    const auto ink = juce::Colours::white.withAlpha (isEnabled() ? 1.0f : 0.6f);
    auto content = bounds.reduced (10.0f, 0.0f);
    const float markHeight = juce::jmin (18.0f, bounds.getHeight() * 0.5f);
    drawSoundCloudMark (g, content.removeFromLeft (markHeight * 100.0f / 46.0f), ink);
    content.removeFromLeft (8.0f);

    g.setColour (ink);
    g.setFont (juce::Font (juce::jmin (15.0f, bounds.getHeight() * 0.5f), juce::Font::bold));
    g.drawFittedText (getButtonText(), content.toNearestInt(), juce::Justification::centredLeft, 1, 0.8f);
}
} // namespace wavelift::ui
