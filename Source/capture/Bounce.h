#pragma once

#include "capture/CaptureSettings.h"
#include "capture/TakeRecord.h"

#include <cstdint>
#include <filesystem>

namespace wavelift::capture
{
struct BounceOptions
{
    std::filesystem::path input;  // any file JUCE reads
    std::filesystem::path output; // .wav or .flac
    CaptureSettings settings;     // the format follows the output's extension
    bool realtime = false;        // pace blocks like a live session instead of rendering offline
    std::uint64_t seed = 1;       // block sizes and dither
    int maxBlockSize = 4096;
    std::filesystem::path takesFolder; // where the crash journal goes (the takes library's folder)
    bool analyse = true;               // measure loudness and peaks of the result
};

struct BounceResult
{
    TakeRecord take;
    std::int64_t inputFrames = 0;
    std::int64_t blocks = 0;
};

/** Pushes a file through the capture engine exactly as a host would: random block sizes, the transport started at
    the first block and stopped after the last, offline render unless realtime. Throws std::runtime_error when the
    input cannot be read or the settings cannot be written. */
BounceResult bounce (const BounceOptions&);
} // namespace wavelift::capture
