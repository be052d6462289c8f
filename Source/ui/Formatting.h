#pragma once

#include <juce_core/juce_core.h>

#include <optional>

namespace wavelift::ui
{
/** "1:05" or "1:02:05". */
juce::String formatDuration (double seconds);
/** "-14.2 LUFS" or "-- LUFS" when there is no figure. */
juce::String formatLufs (std::optional<double> lufs);
/** "-0.3 dBTP", "-inf dBTP". */
juce::String formatTruePeak (double dbtp);
/** "1.4 MB/s". */
juce::String formatRate (double bytesPerSecond);
} // namespace wavelift::ui
