// The built VST3, hosted the way a DAW hosts it, captures a 10-minute offline render sample-exactly.
#include "helpers/HostedPlugin.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

namespace
{
using wavelift::test::HostedPlugin;

constexpr double rate = 48000.0;
constexpr int maxBlockSize = 4096;
constexpr int channels = 2;

/** Every sample a different, reproducible 24-bit value (a hash of position and channel), so any dropped, repeated
    or reordered sample shows. The plugin's default take format is 24-bit WAV, which stores these values exactly. */
std::int32_t codeAt (std::int64_t frame, int channel)
{
    auto x = (std::uint64_t) frame * 2 + (std::uint64_t) channel + 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    x ^= x >> 31;
    return (std::int32_t) (std::uint32_t) (x >> 32) >> 8; // -2^23 .. 2^23 - 1
}

float signalAt (std::int64_t frame, int channel) { return (float) codeAt (frame, channel) / 8388608.0f; }

/** The host's transport: playing from the start of the timeline, moved by the test block by block. */
class RenderPlayHead final : public juce::AudioPlayHead
{
public:
    juce::Optional<PositionInfo> getPosition() const override
    {
        PositionInfo info;
        info.setIsPlaying (playing);
        info.setTimeInSamples (time);
        info.setTimeInSeconds ((double) time / rate);
        return info;
    }

    bool playing = false;
    juce::int64 time = 0;
};

} // namespace

TEST_CASE ("capture: a 10-minute offline render through the hosted VST3 lands in the take sample-exactly",
           "[capture][vst3][hosted]")
{
    const auto data = juce::File::getSpecialLocation (juce::File::tempDirectory)
                          .getChildFile ("wavelift-hosted-capture-" + juce::String ((int) ::getpid()));
    data.deleteRecursively();
    ::setenv ("WAVELIFT_DATA_DIR", data.getFullPathName().toRawUTF8(), 1); // read by the plugin when it is made

    juce::String error;
    auto plugin = HostedPlugin::load (HostedPlugin::Format::vst3, rate, maxBlockSize, error);
    INFO (error);
    REQUIRE (plugin != nullptr);
    juce::AudioProcessor::BusesLayout stereo;
    stereo.inputBuses.add (juce::AudioChannelSet::stereo());
    stereo.outputBuses.add (juce::AudioChannelSet::stereo());
    REQUIRE (plugin->setBusesLayout (stereo));
    // The plugin's defaults: takes follow the transport, 24-bit WAV.

    RenderPlayHead playHead;
    plugin->setPlayHead (&playHead);
    plugin->setNonRealtime (true); // an export: the host renders as fast as it can
    plugin->prepareToPlay (rate, maxBlockSize);

    constexpr std::int64_t totalFrames = (std::int64_t) (10 * 60 * rate);
    std::mt19937 random (2024);
    std::uniform_int_distribution<int> blockSize (1, maxBlockSize);
    juce::AudioBuffer<float> block (channels, maxBlockSize);
    juce::MidiBuffer midi;
    std::int64_t blocks = 0, alteredBlocks = 0;

    playHead.playing = true;
    for (std::int64_t position = 0; position < totalFrames;)
    {
        const int n = (int) std::min<std::int64_t> (blockSize (random), totalFrames - position);
        block.setSize (channels, n, false, false, true);
        for (int ch = 0; ch < channels; ++ch)
            for (int i = 0; i < n; ++i)
                block.setSample (ch, i, signalAt (position + i, ch));
        playHead.time = position;
        plugin->processBlock (block, midi);

        for (int ch = 0; ch < channels; ++ch) // the audio passes through untouched while it is captured
            for (int i = 0; i < n; ++i)
                if (block.getSample (ch, i) != signalAt (position + i, ch))
                {
                    ++alteredBlocks;
                    ch = channels;
                    break;
                }
        position += n;
        ++blocks;
    }
    CHECK (alteredBlocks == 0);

    playHead.playing = false; // the render ends
    block.setSize (channels, 64, false, false, true);
    block.clear();
    plugin->processBlock (block, midi);
    plugin->releaseResources(); // the take is finished (and in the library) when this returns

    // The takes library lists exactly one take: the whole render.
    std::ifstream indexFile (data.getChildFile ("takes/index.json").getFullPathName().toStdString());
    REQUIRE (indexFile.good());
    const auto index = nlohmann::json::parse (indexFile);
    REQUIRE (index.at ("takes").size() == 1);
    const auto& take = index["takes"][0];
    CHECK (take.at ("frames").get<std::int64_t>() == totalFrames);
    CHECK (take.at ("lostFrames").get<std::int64_t>() == 0);
    CHECK (take.at ("sanitisedSamples").get<std::int64_t>() == 0);
    CHECK (take.at ("timelineStart").get<std::int64_t>() == 0);
    CHECK (take.at ("endReason").get<std::string>() == "transport stopped");
    CHECK (take.at ("format").get<std::string>() == "wav");
    CHECK (take.at ("bits").get<int>() == 24);
    CHECK (take.at ("channels").get<int>() == channels);
    CHECK (take.at ("error").get<std::string>().empty());

    // Every sample of the file is the one that went in.
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> reader (
        formats.createReaderFor (juce::File (take.at ("file").get<std::string>())));
    REQUIRE (reader != nullptr);
    CHECK (reader->sampleRate == rate);
    CHECK ((int) reader->numChannels == channels);
    REQUIRE (reader->lengthInSamples == totalFrames);

    constexpr int chunk = 1 << 16;
    std::vector<int> left (chunk), right (chunk);
    int* readBack[] = { left.data(), right.data() };
    std::int64_t mismatches = 0, firstMismatch = -1;
    for (std::int64_t position = 0; position < totalFrames; position += chunk)
    {
        const int n = (int) std::min<std::int64_t> (chunk, totalFrames - position);
        reader->read (readBack, channels, position, n, false); // left-justified 32-bit
        for (int ch = 0; ch < channels; ++ch)
            for (int i = 0; i < n; ++i)
                if ((readBack[ch][i] >> 8) != codeAt (position + i, ch) && mismatches++ == 0)
                    firstMismatch = position + i;
    }
    INFO (blocks << " blocks; first mismatch at frame " << firstMismatch);
    CHECK (mismatches == 0);

    plugin.reset();
    data.deleteRecursively();
}
