// `wavelift bounce`: the CLI pushes a file through the same engine a host feeds.
#include "CaptureTestSupport.h"

#include "cli/BounceCommand.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

/** A 24-bit WAV of the integers (so the expected output of a 24-bit bounce is exactly these integers). */
void writeWav24 (const std::filesystem::path& file, const Planar<std::int32_t>& integers, double rate)
{
    juce::WavAudioFormat wav;
    auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
    std::unique_ptr<juce::AudioFormatWriter> writer (
        wav.createWriterFor (stream.get(), rate, (unsigned) integers.size(), 24, {}, 0));
    stream.release();
    auto leftJustified = integers;
    std::vector<const int*> pointers;
    for (auto& channel : leftJustified)
    {
        for (auto& sample : channel)
            sample = (std::int32_t) ((std::uint32_t) sample << 8);
        pointers.push_back (channel.data());
    }
    writer->write (pointers.data(), (int) integers[0].size());
}

struct Run
{
    int exitCode;
    std::string out, err;
};

Run bounce (const std::vector<std::string>& arguments)
{
    std::ostringstream out, err;
    const auto command = wavelift::cli::bounceCommand();
    const int code = command.run ({ arguments, out, err });
    return { code, out.str(), err.str() };
}
} // namespace

TEST_CASE ("capture: wavelift bounce renders a file offline through the engine and prints its figures",
           "[capture][cli]")
{
    TempFolder folder;
    ::setenv ("WAVELIFT_DATA_DIR", (folder / "data").c_str(), 1);
    const auto integers = makeIntegers (2, 150000, 24, 31);
    writeWav24 (folder / "in.wav", integers, 44100.0);

    const auto run = bounce (
        { (folder / "in.wav").string(), "--out", (folder / "out.flac").string(), "--level", "8", "--seed", "7" });
    INFO (run.out << run.err);
    CHECK (run.exitCode == 0);
    CHECK (run.err.empty());
    CHECK (run.out.find ("FLAC 24-bit, level 8") != std::string::npos);
    CHECK (run.out.find ("frames           150000 of 150000") != std::string::npos);
    CHECK (run.out.find ("sample rate      44100 Hz") != std::string::npos);
    CHECK (run.out.find ("lost samples     0 frames") != std::string::npos);
    CHECK (run.out.find ("sanitised        0 samples") != std::string::npos);
    CHECK (run.out.find ("LUFS integrated") != std::string::npos);
    CHECK (run.out.find ("dBTP") != std::string::npos);
    CHECK (run.out.find ("seed 7, offline render") != std::string::npos);
    CHECK (readWithSndfile (folder / "out.flac", 24, false).integers == integers);
    // The crash journal lived in the data folder while the bounce ran, and is empty now.
    CHECK (std::filesystem::is_empty (folder / "data" / "takes" / ".journal"));
}

TEST_CASE ("capture: wavelift bounce --realtime paces like a live session and loses nothing", "[capture][cli]")
{
    TempFolder folder;
    ::setenv ("WAVELIFT_DATA_DIR", (folder / "data").c_str(), 1);
    const auto integers = makeIntegers (2, 24000, 16, 32);
    Planar<std::int32_t> as24 = integers;
    for (auto& channel : as24)
        for (auto& sample : channel)
            sample *= 256; // 16-bit values on the 24-bit grid
    writeWav24 (folder / "in.wav", as24, 48000.0);

    const auto started = std::chrono::steady_clock::now();
    const auto run = bounce ({ (folder / "in.wav").string(), "--out", (folder / "out.wav").string(), "--bits", "16",
                               "--dither", "off", "--realtime" });
    const auto elapsed = std::chrono::steady_clock::now() - started;
    INFO (run.out << run.err);
    CHECK (run.exitCode == 0);
    CHECK (run.out.find ("WAV 16-bit, no dither") != std::string::npos);
    CHECK (run.out.find ("realtime") != std::string::npos);
    CHECK (elapsed >= std::chrono::milliseconds (500)); // 0.5 s of audio cannot be paced in less
    CHECK (readWithJuce (folder / "out.wav", 16, false).integers == integers);
}

TEST_CASE ("capture: wavelift bounce explains bad arguments", "[capture][cli]")
{
    TempFolder folder;
    CHECK (bounce ({}).exitCode == 2);
    CHECK (bounce ({ "in.wav" }).err.find ("--out is missing") != std::string::npos);
    CHECK (bounce ({ "in.wav", "--out", "x.mp3" }).err.find ("must end in .wav or .flac") != std::string::npos);
    CHECK (bounce ({ "in.wav", "--out", "x.flac", "--bits", "32" }).err.find ("FLAC takes 16 or 24 bits")
           != std::string::npos);
    CHECK (bounce ({ "in.wav", "--out", "x.flac", "--level", "9" }).exitCode == 2);
    CHECK (bounce ({ "in.wav", "--out", "x.wav", "--dither", "maybe" }).exitCode == 2);

    const auto missing = bounce ({ (folder / "missing.wav").string(), "--out", (folder / "x.wav").string() });
    CHECK (missing.exitCode == 1);
    CHECK (missing.err.find ("cannot read") != std::string::npos);
}
