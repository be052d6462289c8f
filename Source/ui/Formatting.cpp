#include "ui/Formatting.h"

#include <cmath>

namespace wavelift::ui
{
juce::String formatDuration (double seconds)
{
    const auto total = (juce::int64) std::max (0.0, std::floor (seconds));
    const auto hours = total / 3600, minutes = (total / 60) % 60, secs = total % 60;
    if (hours > 0)
        return juce::String (hours) + ":" + juce::String (minutes).paddedLeft ('0', 2) + ":"
               + juce::String (secs).paddedLeft ('0', 2);
    return juce::String (minutes) + ":" + juce::String (secs).paddedLeft ('0', 2);
}

juce::String formatLufs (std::optional<double> lufs)
{
    return lufs ? juce::String (*lufs, 1) + " LUFS" : juce::String ("-- LUFS");
}

juce::String formatTruePeak (double dbtp)
{
    return std::isfinite (dbtp) ? juce::String (dbtp, 1) + " dBTP" : juce::String ("-inf dBTP");
}

juce::String formatRate (double bytesPerSecond)
{
    if (bytesPerSecond >= 1024.0 * 1024.0)
        return juce::String (bytesPerSecond / (1024.0 * 1024.0), 1) + " MB/s";
    return juce::String (bytesPerSecond / 1024.0, 0) + " kB/s";
}
} // namespace wavelift::ui
