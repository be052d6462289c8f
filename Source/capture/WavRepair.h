#pragma once

#include <cstdint>
#include <filesystem>

namespace wavelift::capture
{
struct RepairedWav
{
    std::int64_t frames = 0;
    int channels = 0;
    int bitsPerSample = 0;
    double sampleRate = 0;
    bool isRf64 = false;
};

/** Makes a WAV whose writer died mid-take whole again: the header's sizes are rebuilt from the data actually on
    disk (a trailing partial frame is cut off). Past 4 GiB the header becomes RF64, using the JUNK chunk JUCE's
    writer reserves for the ds64 chunk. Throws std::runtime_error when the file is not a repairable WAV. */
RepairedWav repairWavHeader (const std::filesystem::path& file);
} // namespace wavelift::capture
