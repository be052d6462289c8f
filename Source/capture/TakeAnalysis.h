#pragma once

#include "capture/TakeRecord.h"

#include <atomic>
#include <filesystem>
#include <optional>

namespace wavelift::capture
{
/** Measures a finished take file (any format JUCE reads): sample peak, true peak and integrated loudness per
    EBU R128 / ITU-R BS.1770 (libebur128), with the LFE of 5.1 and 7.1 left out. Never runs on the audio thread.
    Returns nothing when cancelled; throws std::runtime_error when the file cannot be read. */
std::optional<TakeFigures> analyseTake (const std::filesystem::path& file, const std::atomic<bool>* cancel = nullptr);
} // namespace wavelift::capture
