// The takes library (index, rename, delete, reveal) and the loudness figures it stores.
#include "CaptureTestSupport.h"

#include "capture/TakeAnalysis.h"
#include "capture/TakeLibrary.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <thread>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

TakeRecord sampleTake (const std::filesystem::path& folder, const std::string& id)
{
    TakeRecord take;
    take.id = id;
    take.file = folder / (id + ".wav");
    std::ofstream (take.file) << "audio";
    take.settings.bitDepth = 24;
    take.sampleRate = 48000;
    take.channels = 2;
    take.frames = 96000;
    take.lostFrames = 7;
    take.sanitisedSamples = 2;
    take.timelineStart = 1234;
    take.startedAt = "2024-05-01T10:00:00.000+02:00";
    take.metadata = { "REAPER", "Song", "Mix bus" };
    take.endReason = EndReason::transportStopped;
    return take;
}

/** A float WAV of a sine of the given peak (dBFS) and frequency on every channel. */
std::filesystem::path writeSine (const std::filesystem::path& file, int channels, double seconds, double peakDb,
                                 double frequency)
{
    constexpr double rate = 48000.0;
    const auto frames = (int) (seconds * rate);
    juce::AudioBuffer<float> buffer (channels, frames);
    const double amplitude = std::pow (10.0, peakDb / 20.0);
    for (int ch = 0; ch < channels; ++ch)
        for (int i = 0; i < frames; ++i)
            buffer.setSample (
                ch, i, (float) (amplitude * std::sin (2.0 * juce::MathConstants<double>::pi * frequency * i / rate)));

    juce::WavAudioFormat wav;
    auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
    std::unique_ptr<juce::AudioFormatWriter> writer (
        wav.createWriterFor (stream.get(), rate, (unsigned) channels, 32, {}, 0));
    stream.release();
    writer->writeFromAudioSampleBuffer (buffer, 0, frames);
    return file;
}
} // namespace

TEST_CASE ("capture: the library keeps every field of a take across instances", "[capture][library]")
{
    TempFolder folder;
    auto take = sampleTake (folder.path(), "a");
    take.figures = TakeFigures{ -1.5, -0.75, -14.25 };
    TakeLibrary (folder.path()).add (take);

    const auto loaded = TakeLibrary (folder.path()).find ("a");
    REQUIRE (loaded.has_value());
    CHECK (loaded->file == take.file);
    CHECK (loaded->settings.bitDepth == 24);
    CHECK (loaded->settings.format == FileFormat::wav);
    CHECK (loaded->sampleRate == 48000);
    CHECK (loaded->channels == 2);
    CHECK (loaded->frames == 96000);
    CHECK (loaded->lostFrames == 7);
    CHECK (loaded->sanitisedSamples == 2);
    CHECK (loaded->timelineStart == 1234);
    CHECK (loaded->startedAt == take.startedAt);
    CHECK (loaded->metadata == take.metadata);
    CHECK (loaded->endReason == EndReason::transportStopped);
    CHECK (loaded->figures == take.figures);
    CHECK (!TakeLibrary (folder.path()).find ("b").has_value());
}

TEST_CASE ("capture: a published take keeps the track it became", "[capture][library]")
{
    TempFolder folder;
    TakeLibrary (folder.path()).add (sampleTake (folder.path(), "a"));
    CHECK (TakeLibrary (folder.path()).find ("a")->publishedTrackUrn.empty());

    TakeLibrary (folder.path())
        .linkPublishedTrack ("a", "soundcloud:tracks:42", "https://soundcloud.com/u/a",
                             "https://soundcloud.com/u/a/s-x");
    const auto loaded = TakeLibrary (folder.path()).find ("a");
    REQUIRE (loaded.has_value());
    CHECK (loaded->publishedTrackUrn == "soundcloud:tracks:42");
    CHECK (loaded->publishedPermalinkUrl == "https://soundcloud.com/u/a");
    CHECK (loaded->publishedSecretUrl == "https://soundcloud.com/u/a/s-x");
    CHECK (loaded->frames == 96000); // the rest of the entry is untouched
}

TEST_CASE ("capture: takes can be renamed, deleted and revealed", "[capture][library]")
{
    TempFolder folder;
    TakeLibrary library (folder.path());
    library.add (sampleTake (folder.path(), "one"));
    library.add (sampleTake (folder.path(), "two"));

    const auto renamed = library.rename ("one", "Final mix");
    CHECK (renamed == folder / "Final mix.wav");
    CHECK (std::filesystem::exists (renamed));
    CHECK (!std::filesystem::exists (folder / "one.wav"));
    CHECK (library.find ("one")->file == renamed);
    CHECK_THROWS (library.rename ("two", "Final mix")); // taken
    CHECK_THROWS (library.rename ("two", "../escape")); // not a plain name
    CHECK_THROWS (library.rename ("nope", "whatever")); // no such take

    library.remove ("two");
    CHECK (!std::filesystem::exists (folder / "two.wav"));
    CHECK (library.takes().size() == 1);

    std::filesystem::remove (renamed);
    CHECK (!library.reveal ("one")); // the file is gone: nothing to show
}

TEST_CASE ("capture: concurrent writers never lose an entry", "[capture][library]")
{
    TempFolder folder;
    auto addMany = [&] (const std::string& prefix)
    {
        TakeLibrary library (folder.path()); // one instance each, as two plugin instances would have
        for (int i = 0; i < 40; ++i)
            library.add (sampleTake (folder.path(), prefix + std::to_string (i)));
    };
    std::thread a (addMany, "a"), b (addMany, "b");
    a.join();
    b.join();
    CHECK (TakeLibrary (folder.path()).takes().size() == 80);
}

TEST_CASE ("capture: loudness and peaks follow EBU R128 (Tech 3341 case 1)", "[capture][analysis]")
{
    TempFolder folder;
    // A 1 kHz stereo sine at -23 dBFS measures -23.0 LUFS (+-0.1 per EBU Tech 3341).
    const auto figures = analyseTake (writeSine (folder / "sine.wav", 2, 20.0, -23.0, 1000.0));
    REQUIRE (figures.has_value());
    REQUIRE (figures->integratedLufs.has_value());
    CHECK (*figures->integratedLufs == Approx (-23.0).margin (0.1));
    CHECK (figures->samplePeakDbfs == Approx (-23.0).margin (0.01));
    CHECK (figures->truePeakDbtp == Approx (-23.0).margin (0.1));
    CHECK (figures->truePeakDbtp >= figures->samplePeakDbfs);

    // Silence has no loudness and no peak.
    const auto silence = analyseTake (writeSine (folder / "silence.wav", 2, 5.0, -1000.0, 1000.0));
    REQUIRE (silence.has_value());
    CHECK (!silence->integratedLufs.has_value());
    CHECK (std::isinf (silence->samplePeakDbfs));
}
