// Every format, bit depth and channel count through the engine and back, bit for bit, read by JUCE and by an
// independent decoder (libsndfile, and the flac tool for FLAC).
#include "CaptureTestSupport.h"

#include "capture/CaptureEngine.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

struct Case
{
    FileFormat format;
    int bits;
};

std::string describeCase (const Case& c, int channels, double rate)
{
    return std::string (formatName (c.format)) + " " + std::to_string (c.bits) + "-bit, " + std::to_string (channels)
           + " channels at " + std::to_string ((int) rate) + " Hz";
}

/** Records the signal as one manual take (offline, so nothing can be lost) and returns the finished take. */
TakeRecord record (const TempFolder& folder, const Planar<float>& signal, double rate, const CaptureSettings& settings)
{
    TakeCollector collector;
    EngineOptions options;
    options.takesFolder = folder.path();
    options.onTakeFinished = collector.callback();
    CaptureEngine engine (options);

    const auto channels = (int) signal.size();
    const auto frames = (std::int64_t) signal[0].size();
    engine.setSettings (settings);
    engine.prepare (rate, channels, 1024);
    engine.arm();
    HostSimulator host (engine, channels);
    host.play (signal, 0, frames, { 1024, 1, 333, 1000, 17 }, playing (true));
    engine.stop();
    host.tick (stopped (true));
    engine.release();

    const auto takes = collector.takes();
    REQUIRE (takes.size() == 1);
    return takes[0];
}
} // namespace

TEST_CASE ("capture: every format, bit depth and channel count round-trips bit-exactly", "[capture][roundtrip]")
{
    const auto testCase =
        GENERATE (Case{ FileFormat::wav, 16 }, Case{ FileFormat::wav, 24 }, Case{ FileFormat::wav, 32 },
                  Case{ FileFormat::flac, 16 }, Case{ FileFormat::flac, 24 });
    const auto channels = GENERATE (1, 2, 6, 8);
    const double rate = channels == 1 ? 44100.0 : channels == 2 ? 48000.0 : channels == 6 ? 96000.0 : 192000.0;
    const int frames = (int) rate / 2 + 1234;
    INFO (describeCase (testCase, channels, rate));

    TempFolder folder;
    CaptureSettings settings;
    settings.format = testCase.format;
    settings.bitDepth = testCase.bits;
    settings.dither = false; // the expected values are exact only without dither
    settings.followTransport = false;
    settings.flacLevel = 8;

    const bool isFloat = testCase.bits == 32;
    const auto expectedIntegers = isFloat ? Planar<std::int32_t>() : makeIntegers (channels, frames, testCase.bits, 11);
    const auto signal = isFloat ? makeFloats (channels, frames, 12) : toFloats (expectedIntegers, testCase.bits);

    const auto take = record (folder, signal, rate, settings);
    CHECK (take.frames == frames);
    CHECK (take.lostFrames == 0);
    CHECK (take.sanitisedSamples == 0);
    CHECK (take.error.empty());
    CHECK (take.channels == channels);
    CHECK (take.file.extension() == fileExtension (testCase.format));
    REQUIRE (std::filesystem::exists (take.file));
    // Nothing is left of the take in progress: no part file, no spool, no journal note.
    CHECK (std::distance (std::filesystem::directory_iterator (folder.path() / ".journal"),
                          std::filesystem::directory_iterator())
           == 0);
    CHECK (!std::filesystem::exists (take.file.parent_path() / ("." + take.file.filename().string() + ".part")));
    CHECK (!std::filesystem::exists (take.file.parent_path() / ("." + take.file.filename().string() + ".spool")));

    for (const auto& [reader, decoded] :
         { std::pair{ "JUCE", readWithJuce (take.file, testCase.bits, isFloat) },
           std::pair{ "libsndfile", readWithSndfile (take.file, testCase.bits, isFloat) } })
    {
        INFO ("read by " << reader);
        CHECK (decoded.sampleRate == rate);
        CHECK (decoded.channels == channels);
        CHECK (decoded.frames == frames);
        if (isFloat)
            CHECK (bitIdentical (decoded.floats, signal));
        else
            CHECK (decoded.integers == expectedIntegers);
    }

    if (testCase.format == FileFormat::flac)
    {
        // The reference decoder checks the stream and its MD5 signature, then decodes it for libsndfile to read.
        const auto decodedWav = folder / "decoded-by-flac.wav";
        const auto command = "flac --silent --test '" + take.file.string() + "' && flac --silent --decode --force -o '"
                             + decodedWav.string() + "' '" + take.file.string() + "'";
        REQUIRE (std::system (command.c_str()) == 0);
        const auto decoded = readWithSndfile (decodedWav, testCase.bits, false);
        CHECK (decoded.frames == frames);
        CHECK (decoded.integers == expectedIntegers);
    }
}

TEST_CASE ("capture: the FLAC level is the one chosen, 0 included", "[capture][flac]")
{
    // libFLAC's levels 0-2 use 1152-sample blocks and 3-8 use 4096 (STREAMINFO records them): level 0 really is
    // level 0, not JUCE's "quality 0 = libFLAC's default (5)".
    TempFolder folder;
    // Music-like (compressible) material: correlated channels, tones and a little noise.
    auto integers = makeIntegers (2, 48000, 4, 5);
    for (size_t ch = 0; ch < integers.size(); ++ch)
        for (size_t i = 0; i < integers[ch].size(); ++i)
            integers[ch][i] += (std::int32_t) std::lround (9000.0 * std::sin ((double) i * 0.031)
                                                           + 3000.0 * std::sin ((double) i * (0.0071 + 0.001 * ch)));
    const auto signal = toFloats (integers, 16);

    std::map<int, std::uintmax_t> sizes;
    for (const int level : { 0, 5, 8 })
    {
        CaptureSettings settings;
        settings.format = FileFormat::flac;
        settings.bitDepth = 16;
        settings.dither = false;
        settings.followTransport = false;
        settings.flacLevel = level;
        const auto take = record (folder, signal, 48000.0, settings);
        CHECK (take.settings.flacLevel == level);

        const auto info = folder / ("streaminfo-" + std::to_string (level) + ".txt");
        const auto command = "metaflac --show-max-blocksize '" + take.file.string() + "' > '" + info.string() + "'";
        REQUIRE (std::system (command.c_str()) == 0);
        std::ifstream in (info);
        int maxBlockSize = 0;
        in >> maxBlockSize;
        CHECK (maxBlockSize == (level <= 2 ? 1152 : 4096));
        sizes[level] = std::filesystem::file_size (take.file);
        CHECK (readWithSndfile (take.file, 16, false).integers == integers);
    }
    CHECK (sizes[8] <= sizes[5]);
    CHECK (sizes[5] < sizes[0]);
}
