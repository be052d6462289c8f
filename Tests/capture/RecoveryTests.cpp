// Crash safety: a process killed mid-take, WAV header repair (RIFF and RF64) and FLAC re-encoding from the spool.
#include "CaptureTestSupport.h"

#include "capture/CaptureService.h"
#include "capture/TakeJournal.h"
#include "capture/TakeRecovery.h"
#include "capture/WavRepair.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

constexpr double rate = 48000.0;

size_t filesIn (const std::filesystem::path& folder)
{
    return (size_t) std::distance (std::filesystem::directory_iterator (folder), std::filesystem::directory_iterator());
}

/** In a forked child: records the signal as one manual take, waits until the writer has every frame, then dies by
    SIGKILL mid-take, the way a crashing host would (no destructors, no flushing). Never returns. */
[[noreturn]] void recordThenGetKilled (const std::filesystem::path& folder, const Planar<float>& signal,
                                       const CaptureSettings& settings)
{
    EngineOptions options;
    options.takesFolder = folder;
    options.ditherSeed = 3;
    CaptureEngine engine (options);
    engine.setSettings (settings);
    engine.prepare (rate, (int) signal.size(), 512);
    engine.arm();
    HostSimulator host (engine, (int) signal.size());
    host.play (signal, 0, (std::int64_t) signal[0].size(), { 512, 100 }, playing (true));
    if (!engine.waitUntilWritten (signal[0].size(), std::chrono::seconds (60)))
        ::_exit (3);
    ::kill (::getpid(), SIGKILL);
    ::_exit (4); // unreachable
}

void killChildMidTake (const std::filesystem::path& folder, const Planar<float>& signal,
                       const CaptureSettings& settings)
{
    const pid_t child = ::fork();
    REQUIRE (child >= 0);
    if (child == 0)
        recordThenGetKilled (folder, signal, settings);

    int status = 0;
    REQUIRE (::waitpid (child, &status, 0) == child);
    REQUIRE (WIFSIGNALED (status));
    REQUIRE (WTERMSIG (status) == SIGKILL);
}
} // namespace

TEST_CASE ("capture: a take whose process was killed mid-take is recovered at the next start", "[capture][recovery]")
{
    const auto format = GENERATE (FileFormat::wav, FileFormat::flac);
    const int bits = GENERATE (16, 24);
    INFO (formatName (format) << " " << bits << "-bit");

    TempFolder folder;
    constexpr int frames = 3 * 48000 + 12345; // 3.26 s; checkpoints come every 0.5 s
    const auto integers = makeIntegers (2, frames, bits, 21);
    CaptureSettings settings;
    settings.format = format;
    settings.bitDepth = bits;
    settings.dither = false;
    settings.followTransport = false;

    killChildMidTake (folder.path(), toFloats (integers, bits), settings);

    // What the crash left: a journal note, the file in progress (and the spool for FLAC), no finished take.
    REQUIRE (filesIn (folder / ".journal") == 1);
    CHECK (filesIn (folder.path()) == (format == FileFormat::flac ? 3u : 2u)); // .journal, .part (, .spool)

    // The next start of the plugin (or standalone, or CLI) recovers it in the background.
    std::vector<TakeRecord> takes;
    {
        CaptureService service (folder.path(), [] { return TakeMetadata{}; });
        service.waitForBackgroundWork();
        takes = service.library().takes();
    }
    REQUIRE (takes.size() == 1);
    const auto& take = takes[0];
    CHECK (take.recovered);
    CHECK (take.endReason == EndReason::interrupted);
    CHECK (take.file.extension() == fileExtension (format));
    CHECK (take.figures.has_value()); // measured after recovery like any other take

    // At most the last second is missing; everything present is bit-exact.
    INFO ("recovered " << take.frames << " of " << frames << " frames");
    CHECK (take.frames >= frames - (std::int64_t) rate);
    CHECK (take.frames <= frames);
    for (const auto& decoded : { readWithJuce (take.file, bits, false), readWithSndfile (take.file, bits, false) })
    {
        REQUIRE (decoded.frames == take.frames);
        for (size_t ch = 0; ch < 2; ++ch)
            CHECK (decoded.integers[ch]
                   == std::vector<std::int32_t> (integers[ch].begin(), integers[ch].begin() + take.frames));
    }
    if (format == FileFormat::flac)
        CHECK (std::system (("flac --silent --test '" + take.file.string() + "'").c_str()) == 0);

    // Nothing is left behind: the note, the part file and the spool are gone; the take and the index remain.
    CHECK (filesIn (folder / ".journal") == 0);
    CHECK (filesIn (folder.path()) == 4u); // .journal, the take, index.json, .index.lock
}

TEST_CASE ("capture: recovery leaves a take that is still being written alone", "[capture][recovery]")
{
    TempFolder folder;
    TakeCollector collector;
    EngineOptions options;
    options.takesFolder = folder.path();
    options.onTakeFinished = collector.callback();
    CaptureEngine engine (options);
    CaptureSettings settings;
    settings.followTransport = false;
    engine.setSettings (settings);
    engine.prepare (rate, 2, 512);
    engine.arm();
    const auto signal = toFloats (makeIntegers (2, 20000, 24, 22), 24);
    HostSimulator host (engine, 2);
    host.play (signal, 0, 20000, { 512 }, playing());
    REQUIRE (engine.waitUntilWritten (20000, std::chrono::seconds (30)));

    const auto report = TakeRecovery::run (folder.path(), {});
    CHECK (report.recovered.empty());
    CHECK (report.problems.empty());
    CHECK (filesIn (folder / ".journal") == 1);

    engine.stop();
    host.tick (playing());
    engine.release();
    REQUIRE (collector.takes().size() == 1);
    CHECK (collector.takes()[0].frames == 20000);
    CHECK (!collector.takes()[0].recovered);
}

TEST_CASE ("capture: a WAV header is rebuilt from the data on disk", "[capture][recovery][wav]")
{
    TempFolder folder;
    const auto file = folder / "take.wav";
    const auto integers = makeIntegers (6, 10000, 24, 23);
    {
        // A writer that flushed its header after 4000 frames, then wrote 6000 more and half a frame before dying.
        auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
        juce::WavAudioFormat wav;
        std::unique_ptr<juce::AudioFormatWriter> writer (
            wav.createWriterFor (stream.get(), rate, juce::AudioChannelSet::create5point1(), 24, {}, 0));
        REQUIRE (writer != nullptr);
        auto* rawStream = stream.release();
        auto leftJustified = integers;
        for (auto& channel : leftJustified)
            for (auto& sample : channel)
                sample = (std::int32_t) ((std::uint32_t) sample << 8);
        std::vector<const int*> pointers;
        for (auto& channel : leftJustified)
            pointers.push_back (channel.data());
        writer->write (pointers.data(), 4000);
        writer->flush();
        for (auto& p : pointers)
            p += 4000;
        writer->write (pointers.data(), 6000);
        rawStream->write ("abc", 3); // a partial frame
        rawStream->flush();
        // Abandon the writer without letting it fix the header, as a killed process would.
        std::ignore = writer.release();
    }
    CHECK (readWithJuce (file, 24, false).frames == 4000); // the stale header

    const auto repaired = repairWavHeader (file);
    CHECK (repaired.frames == 10000);
    CHECK (repaired.channels == 6);
    CHECK (repaired.bitsPerSample == 24);
    CHECK (repaired.sampleRate == rate);
    CHECK (!repaired.isRf64);
    CHECK (readWithJuce (file, 24, false).integers == integers);
    CHECK (readWithSndfile (file, 24, false).integers == integers);
}

TEST_CASE ("capture: a WAV that died past 4 GiB gets an RF64 header", "[capture][recovery][wav][rf64]")
{
    const bool extensible = GENERATE (false, true); // stereo WAVs carry a plain fmt chunk, 5.1 an extensible one
    TempFolder folder;
    const auto file = folder / "long.wav";
    const int channels = extensible ? 6 : 2;
    const auto integers = makeIntegers (channels, 48000, 16, 24);
    std::int64_t dataStart = 0;
    {
        auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
        juce::WavAudioFormat wav;
        std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (
            stream.get(), rate, extensible ? juce::AudioChannelSet::create5point1() : juce::AudioChannelSet::stereo(),
            16, {}, 0));
        REQUIRE (writer != nullptr);
        stream.release();
        auto leftJustified = integers;
        for (auto& channel : leftJustified)
            for (auto& sample : channel)
                sample = (std::int32_t) ((std::uint32_t) sample << 16);
        std::vector<const int*> pointers;
        for (auto& channel : leftJustified)
            pointers.push_back (channel.data());
        writer->write (pointers.data(), 48000);
        writer->flush();
        dataStart = (std::int64_t) std::filesystem::file_size (file) - 48000 * channels * 2;
        std::ignore = writer.release();
    }
    // The rest of a 4.5 GiB take (sparse: it costs no disk), as if the process died there.
    const std::int64_t frameBytes = channels * 2;
    const std::int64_t totalFrames = (std::int64_t) (4.5 * 1024 * 1024 * 1024) / frameBytes;
    std::filesystem::resize_file (file, (std::uintmax_t) (dataStart + totalFrames * frameBytes + 1));

    const auto repaired = repairWavHeader (file);
    CHECK (repaired.isRf64);
    CHECK (repaired.frames == totalFrames);

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
    REQUIRE (reader != nullptr);
    CHECK (reader->lengthInSamples == totalFrames);
    CHECK ((int) reader->numChannels == channels);
    std::vector<std::vector<int>> firstSecond ((size_t) channels, std::vector<int> (48000));
    std::vector<int*> pointers;
    for (auto& channel : firstSecond)
        pointers.push_back (channel.data());
    reader->read (pointers.data(), channels, 0, 48000, false);
    for (size_t ch = 0; ch < (size_t) channels; ++ch)
        for (size_t i = 0; i < 48000; ++i)
            REQUIRE ((firstSecond[ch][i] >> 16) == integers[ch][i]);

    const auto sndfile = readWithSndfileInfo (file);
    CHECK (sndfile.frames == totalFrames);
    CHECK (sndfile.channels == channels);
}
