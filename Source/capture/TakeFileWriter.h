#pragma once

#include "capture/CaptureSettings.h"
#include "capture/TakeRecord.h"

#include <juce_audio_basics/juce_audio_basics.h>

#include <cstdint>
#include <filesystem>
#include <memory>

namespace wavelift::capture
{
/** Where a take's bytes go while it is written and when it is done. */
struct TakeFiles
{
    std::filesystem::path finalFile; // appears only once the take is complete
    std::filesystem::path partFile;  // the file being written, next to the final one
    std::filesystem::path spoolFile; // FLAC only: raw samples a crash can be recovered from
};

/** Writes one take's file on the writer thread. Every method throws std::runtime_error on an I/O failure. */
class TakeFileWriter
{
public:
    virtual ~TakeFileWriter() = default;

    /** Right-justified integers (16 or 24-bit takes), one array per channel. */
    virtual void writeIntegers (const std::int32_t* const* channels, int frames) = 0;

    /** Float samples (32-bit float WAV takes), one array per channel. */
    virtual void writeFloats (const float* const* channels, int frames) = 0;

    /** Makes everything written so far survive the process dying (not the machine). */
    virtual void checkpoint() = 0;

    /** Completes the file and moves it to its final name. */
    virtual void finish() = 0;
};

struct TakeFormat
{
    CaptureSettings settings;
    double sampleRate = 0;
    juce::AudioChannelSet layout;
};

/** The writer for the take's format (WAV through JUCE's WavAudioFormat, FLAC through libFLAC plus a spool). */
std::unique_ptr<TakeFileWriter> createTakeFileWriter (const TakeFiles&, const TakeFormat&, const TakeRecord& take);

/** The channel layout a file of n channels gets when the host's layout is not known. */
juce::AudioChannelSet defaultLayout (int numChannels);
} // namespace wavelift::capture
