// `wavelift compare`: the main job's last gate. It must fail (exit 1) when a preview is not close enough to its take,
// not only print the figures.
#include "cli/CatalogueCommands.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

namespace
{
struct Run
{
    int exitCode;
    std::string out, err;
};

Run compare (const std::vector<std::string>& arguments)
{
    std::ostringstream out, err;
    const int code = wavelift::cli::compareCommand().run ({ arguments, out, err });
    return { code, out.str(), err.str() };
}

/** Two seconds of a 441 Hz stereo tone at 44.1 kHz, plus white noise at `noiseLevel` (its own RMS). */
void writeTone (const juce::File& file, float noiseLevel)
{
    constexpr int frames = 88200;
    juce::AudioBuffer<float> audio (2, frames);
    juce::Random random (7);
    for (int ch = 0; ch < 2; ++ch)
        for (int i = 0; i < frames; ++i)
            audio.setSample (ch, i,
                             0.5f * std::sin (2.0f * juce::MathConstants<float>::pi * 441.0f * (float) i / 44100.0f)
                                 + noiseLevel * std::sqrt (3.0f) * (2.0f * random.nextFloat() - 1.0f));
    file.deleteFile();
    juce::WavAudioFormat wav;
    auto stream = std::make_unique<juce::FileOutputStream> (file);
    std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (stream.get(), 44100.0, 2, 24, {}, 0));
    REQUIRE (writer != nullptr);
    stream.release();
    REQUIRE (writer->writeFromAudioSampleBuffer (audio, 0, frames));
}
} // namespace

TEST_CASE ("compare: fails below the required correlation or SNR, passes above", "[preview][cli]")
{
    const juce::TemporaryFile referenceFile (".wav"), noisyFile (".wav");
    const auto reference = referenceFile.getFile(), noisy = noisyFile.getFile();
    writeTone (reference, 0.0f);
    writeTone (noisy, 0.05f); // signal RMS 0.354, noise RMS 0.05: SNR 17.0 dB, correlation 0.990

    const auto measured =
        compare ({ reference.getFullPathName().toStdString(), noisy.getFullPathName().toStdString() });
    CHECK (measured.exitCode == 0); // without thresholds it only measures
    const auto snrAt = measured.out.find ("snr: ");
    REQUIRE (snrAt != std::string::npos);
    CHECK (std::stod (measured.out.substr (snrAt + 5)) == Approx (17.0).margin (0.2));
    CHECK (measured.out.find ("close enough") == std::string::npos);

    const auto passes = compare ({ reference.getFullPathName().toStdString(), noisy.getFullPathName().toStdString(),
                                   "--min-correlation", "0.98", "--min-snr", "15" });
    CHECK (passes.exitCode == 0);
    CHECK (passes.out.find ("close enough: yes") != std::string::npos);

    const auto lowSnr = compare ({ reference.getFullPathName().toStdString(), noisy.getFullPathName().toStdString(),
                                   "--min-correlation", "0.98", "--min-snr", "20" });
    CHECK (lowSnr.exitCode == 1);
    CHECK (lowSnr.out.find ("snr below the required 20.00 dB") != std::string::npos);
    CHECK (lowSnr.out.find ("close enough: no") != std::string::npos);

    const auto lowCorrelation = compare ({ reference.getFullPathName().toStdString(),
                                           noisy.getFullPathName().toStdString(), "--min-correlation", "0.999" });
    CHECK (lowCorrelation.exitCode == 1);
    CHECK (lowCorrelation.out.find ("correlation below the required 0.9990") != std::string::npos);

    const auto nonsense = compare (
        { reference.getFullPathName().toStdString(), noisy.getFullPathName().toStdString(), "--min-correlation", "2" });
    CHECK (nonsense.exitCode == 2); // outside [-1, 1]: a usage error
}
