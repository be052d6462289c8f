// HLS AAC (MPEG-TS and fragmented-MP4 segments) decoded through our FFmpeg reader, compared with the recording
// it was encoded from.
#include "preview/AudioComparison.h"
#include "preview/FfmpegAudioFormat.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <iostream>

namespace
{
using namespace wavelift::preview;

juce::File makeTempFolder (const juce::String& name)
{
    auto folder = juce::File::getSpecialLocation (juce::File::tempDirectory)
                      .getChildFile ("wavelift-preview-" + name + "-" + juce::String (juce::Time::currentTimeMillis()));
    folder.createDirectory();
    return folder;
}

void runFfmpeg (const juce::StringArray& arguments)
{
    juce::ChildProcess ffmpeg;
    juce::StringArray command ("ffmpeg", "-v", "error", "-y");
    command.addArray (arguments);
    REQUIRE (ffmpeg.start (command, juce::ChildProcess::wantStdErr));
    const auto output = ffmpeg.readAllProcessOutput();
    INFO (output);
    REQUIRE (ffmpeg.getExitCode() == 0);
}

/** A real recording (drum and synth loops from sonic-pi-samples) rendered to a 20 s 44.1 kHz stereo WAV. */
juce::File makeMusic (const juce::File& folder)
{
    const auto wav = folder.getChildFile ("music.wav");
    const juce::String samples (WAVELIFT_SAMPLES_DIR);
    runFfmpeg ({ "-stream_loop", "2", "-i", samples + "/loop_garzul.flac", "-t", "20", "-ar", "44100", "-ac", "2",
                 "-c:a", "pcm_s16le", wav.getFullPathName() });
    return wav;
}

juce::AudioBuffer<float> readAll (juce::AudioFormatReader& reader, int maxSamples)
{
    const int length = (int) std::min<juce::int64> (reader.lengthInSamples, maxSamples);
    juce::AudioBuffer<float> buffer ((int) reader.numChannels, length);
    REQUIRE (reader.read (&buffer, 0, length, 0, true, true));
    return buffer;
}

juce::AudioBuffer<float> readWav (const juce::File& file)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (file));
    REQUIRE (reader != nullptr);
    return readAll (*reader, 1 << 30);
}

juce::File makeHls (const juce::File& folder, const juce::File& music, const juce::String& container,
                    const juce::String& bitrate)
{
    const auto out = folder.getChildFile (container + "-" + bitrate);
    out.createDirectory();
    juce::StringArray args{ "-i",
                            music.getFullPathName(),
                            "-c:a",
                            "aac",
                            "-b:a",
                            bitrate,
                            "-f",
                            "hls",
                            "-hls_time",
                            "4",
                            "-hls_playlist_type",
                            "vod",
                            "-hls_segment_type",
                            container };
    if (container == "fmp4")
        args.addArray ({ "-hls_fmp4_init_filename", "init.mp4" });
    args.addArray ({ "-hls_segment_filename",
                     out.getChildFile (container == "fmp4" ? "seg%d.m4s" : "seg%d.ts").getFullPathName(),
                     out.getChildFile ("playlist.m3u8").getFullPathName() });
    runFfmpeg (args);
    return out.getChildFile ("playlist.m3u8");
}
} // namespace

TEST_CASE ("preview: HLS AAC decodes through the FFmpeg reader and matches the recording", "[preview][ffmpeg]")
{
    const auto folder = makeTempFolder ("hls");
    const auto music = makeMusic (folder);
    const auto original = readWav (music);
    REQUIRE (original.getNumSamples() == 20 * 44100);

    const auto container = GENERATE (as<juce::String>{}, "mpegts", "fmp4");
    const auto bitrate = GENERATE (as<juce::String>{}, "160k", "96k");
    const auto playlist = makeHls (folder, music, container, bitrate);

    auto reader =
        FfmpegAudioReader::open (playlist.getFullPathName().toStdString(), std::make_shared<FileByteSourceOpener>());
    REQUIRE (reader != nullptr);
    CHECK (reader->containerName() == "hls");
    CHECK (reader->codecName() == "aac");
    CHECK (reader->sampleRate == 44100.0);
    CHECK (reader->numChannels == 2);
    CHECK (std::abs (reader->lengthInSamples - original.getNumSamples()) < 44100 / 10);

    const auto decoded = readAll (*reader, original.getNumSamples() + 4096);
    const auto similarity = wavelift::preview::compareAudio (original, decoded);
    std::cout << "HLS " << container << " AAC " << bitrate << ": correlation " << similarity.correlation << ", SNR "
              << similarity.snrDb << " dB, lag " << similarity.lagSamples << " samples\n";
    CHECK (similarity.comparedSamples > original.getNumSamples() - 8192);
    CHECK (similarity.correlation > 0.99);
    CHECK (similarity.snrDb > 15.0);

    // Seeking backwards (after reading to the end) and forwards lands sample-identical to reading straight through.
    for (const int position : { 11 * 44100 + 123, 3 * 44100 + 7, 17 * 44100 })
    {
        juce::AudioBuffer<float> sought (2, 44100);
        REQUIRE (reader->read (&sought, 0, sought.getNumSamples(), position, true, true));
        for (int ch = 0; ch < 2; ++ch)
            CHECK (std::memcmp (sought.getReadPointer (ch), decoded.getReadPointer (ch, position),
                                sizeof (float) * (size_t) sought.getNumSamples())
                   == 0);
    }

    folder.deleteRecursively();
}

TEST_CASE ("preview: a 30 s MP3 preview decodes with JUCE's MP3AudioFormat", "[preview][mp3]")
{
    const auto folder = makeTempFolder ("mp3");
    const auto music = makeMusic (folder);
    const auto mp3 = folder.getChildFile ("preview.mp3");
    runFfmpeg ({ "-i", music.getFullPathName(), "-c:a", "libmp3lame", "-b:a", "128k", mp3.getFullPathName() });

    juce::MP3AudioFormat format;
    std::unique_ptr<juce::AudioFormatReader> reader (format.createReaderFor (mp3.createInputStream().release(), true));
    REQUIRE (reader != nullptr);
    const auto original = readWav (music);
    const auto decoded = readAll (*reader, original.getNumSamples() + 4096);
    const auto similarity = wavelift::preview::compareAudio (original, decoded);
    std::cout << "MP3 128k: correlation " << similarity.correlation << ", SNR " << similarity.snrDb << " dB\n";
    CHECK (similarity.correlation > 0.99);
    folder.deleteRecursively();
}

TEST_CASE ("preview: a file that is not audio is a DecodeError naming it", "[preview][ffmpeg]")
{
    const auto folder = makeTempFolder ("bad");
    const auto notAudio = folder.getChildFile ("page.m3u8");
    notAudio.replaceWithText ("<html><body>403 Forbidden</body></html>");
    CHECK_THROWS_AS (
        FfmpegAudioReader::open (notAudio.getFullPathName().toStdString(), std::make_shared<FileByteSourceOpener>()),
        DecodeError);

    const auto missingSegments = folder.getChildFile ("broken.m3u8");
    missingSegments.replaceWithText (
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nnothing-here.ts\n#EXT-X-ENDLIST\n");
    CHECK_THROWS_WITH (FfmpegAudioReader::open (missingSegments.getFullPathName().toStdString(),
                                                std::make_shared<FileByteSourceOpener>()),
                       Catch::Contains ("broken.m3u8"));
    folder.deleteRecursively();
}
