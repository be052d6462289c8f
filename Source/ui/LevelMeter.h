#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace wavelift::ui
{
/** A horizontal peak meter per channel with a falling hold; fed by its owner's timer (never the audio thread). */
class LevelMeter final : public juce::Component
{
public:
    LevelMeter();

    /** Linear peaks since the previous call, one per channel. */
    void push (const std::vector<float>& peaks);
    float displayedDecibels (int channel) const;

    void paint (juce::Graphics&) override;

private:
    std::vector<float> decibels;
};
} // namespace wavelift::ui
