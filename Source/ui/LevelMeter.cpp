#include "ui/LevelMeter.h"

#include "ui/Theme.h"

#include <juce_audio_basics/juce_audio_basics.h>

namespace wavelift::ui
{
namespace
{
    constexpr float floorDb = -60.0f, fallPerUpdateDb = 1.5f;
}

LevelMeter::LevelMeter()
{
    setTitle ("Input level");
    setAccessible (true);
}

void LevelMeter::push (const std::vector<float>& peaks)
{
    decibels.resize (peaks.size(), floorDb);
    for (size_t ch = 0; ch < peaks.size(); ++ch)
    {
        const auto db = juce::jlimit (floorDb, 6.0f, juce::Decibels::gainToDecibels (peaks[ch], floorDb));
        decibels[ch] = std::max (db, decibels[ch] - fallPerUpdateDb);
    }
    repaint();
}

float LevelMeter::displayedDecibels (int channel) const
{
    return juce::isPositiveAndBelow (channel, (int) decibels.size()) ? decibels[(size_t) channel] : floorDb;
}

void LevelMeter::paint (juce::Graphics& g)
{
    g.setColour (palette::field);
    g.fillRoundedRectangle (getLocalBounds().toFloat(), 3.0f);
    if (decibels.empty())
        return;

    auto area = getLocalBounds().reduced (2);
    const int barHeight = area.getHeight() / (int) decibels.size();
    for (const auto db : decibels)
    {
        auto bar = area.removeFromTop (barHeight).reduced (0, 1);
        const auto proportion = (db - floorDb) / (0.0f - floorDb);
        const auto colour = db > -1.0f ? palette::bad : db > -9.0f ? palette::warning : palette::good;
        g.setColour (colour);
        g.fillRect (
            bar.removeFromLeft (juce::roundToInt ((float) bar.getWidth() * juce::jlimit (0.0f, 1.0f, proportion))));
    }
}
} // namespace wavelift::ui
