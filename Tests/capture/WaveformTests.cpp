// The takes list's thumbnails: the waveform summary of a take file, bucket by bucket.
#include "CaptureTestSupport.h"

#include "capture/WaveformSummary.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <fstream>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

/** A 32-bit float stereo WAV: left rises 0, 1/1000, 2/1000...; right falls 0, -1/2000, -2/2000... */
std::filesystem::path writeRamps (const std::filesystem::path& file, int frames)
{
    juce::AudioBuffer<float> audio (2, frames);
    for (int i = 0; i < frames; ++i)
    {
        audio.setSample (0, i, (float) i / 1000.0f);
        audio.setSample (1, i, -(float) i / 2000.0f);
    }
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer (
        wav.createWriterFor (new juce::FileOutputStream (juce::File (file.string())), 48000.0, 2, 32, {}, 0));
    REQUIRE (writer != nullptr);
    REQUIRE (writer->writeFromAudioSampleBuffer (audio, 0, frames));
    return file;
}
} // namespace

TEST_CASE ("capture: a waveform summary holds each slice's lowest and highest sample", "[capture][waveform]")
{
    TempFolder folder;
    const auto file = writeRamps (folder / "ramps.wav", 1000);

    const auto summary = summariseWaveform (file, 10);
    REQUIRE (summary.has_value());
    REQUIRE (summary->buckets.size() == 10);
    for (int b = 0; b < 10; ++b)
    {
        const auto last = (float) (100 * b + 99); // each bucket is 100 frames; its extremes are at its last frame
        CHECK (summary->buckets[(size_t) b].high == Approx (last / 1000.0f).margin (1e-6));
        CHECK (summary->buckets[(size_t) b].low == Approx (-last / 2000.0f).margin (1e-6));
    }

    // A file shorter than the bucket count gives one bucket per frame.
    const auto tiny = summariseWaveform (writeRamps (folder / "tiny.wav", 5), 10);
    REQUIRE (tiny.has_value());
    REQUIRE (tiny->buckets.size() == 5);
    CHECK (tiny->buckets[4].high == Approx (0.004f).margin (1e-6));
    CHECK (tiny->buckets[4].low == Approx (-0.002f).margin (1e-6));
}

TEST_CASE ("capture: a waveform summary refuses what is not audio and stops when cancelled", "[capture][waveform]")
{
    TempFolder folder;
    std::ofstream (folder / "notes.wav") << "not audio";
    CHECK_THROWS_WITH (summariseWaveform (folder / "notes.wav", 10), Catch::Contains ("notes.wav"));

    const std::atomic<bool> cancelled{ true };
    CHECK_FALSE (summariseWaveform (writeRamps (folder / "ramps.wav", 1000), 10, &cancelled).has_value());
}
