// The preview player: what the audio thread plays is exactly what the feeder decoded, resampled to the output rate,
// and the audio thread never waits for it.
#include "helpers/BufferReader.h"
#include "preview/PreviewPlayer.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <condition_variable>
#include <mutex>

namespace
{
using wavelift::preview::PreviewPlayer;
using wavelift::test::BufferReader;
using namespace std::chrono_literals;

juce::AudioBuffer<float> noise (int channels, int frames)
{
    juce::AudioBuffer<float> buffer (channels, frames);
    juce::Random random (1234);
    for (int ch = 0; ch < channels; ++ch)
        for (int i = 0; i < frames; ++i)
            buffer.setSample (ch, i, random.nextFloat() * 2.0f - 1.0f);
    return buffer;
}

/** Renders `frames` in blocks, waiting (off the audio path) for each block to be buffered first. */
juce::AudioBuffer<float> renderFrames (PreviewPlayer& player, int frames, int channels, int block = 512)
{
    juce::AudioBuffer<float> out (channels, frames);
    out.clear();
    for (int at = 0; at < frames; at += block)
    {
        const int size = std::min (block, frames - at);
        player.waitUntilBuffered (size, 5s);
        player.render (out, at, size);
    }
    return out;
}
} // namespace

TEST_CASE ("preview player: at the source's rate it plays the decoded samples exactly", "[preview][player]")
{
    const auto source = noise (2, 44100 * 3);
    PreviewPlayer player;
    player.prepare (44100.0, 512);
    player.setOutputMode (PreviewPlayer::OutputMode::replace);
    player.load ([&] { return std::make_unique<BufferReader> (source, 44100.0); });
    player.play();
    REQUIRE (player.waitUntilBuffered (4096, 5s));
    CHECK (player.lengthSeconds() == Approx (3.0));

    const auto played = renderFrames (player, 44100, 2);
    for (int ch = 0; ch < 2; ++ch)
        CHECK (std::memcmp (played.getReadPointer (ch), source.getReadPointer (ch), sizeof (float) * 44100) == 0);
    CHECK (player.positionSeconds() == Approx (1.0));
    CHECK (player.state() == PreviewPlayer::State::playing);

    SECTION ("a seek continues exactly at the new position")
    {
        player.seek (2.0);
        REQUIRE (player.waitUntilBuffered (4096, 5s));
        CHECK (player.positionSeconds() == Approx (2.0));
        const auto after = renderFrames (player, 22050, 2);
        for (int ch = 0; ch < 2; ++ch)
            CHECK (std::memcmp (after.getReadPointer (ch), source.getReadPointer (ch, 88200), sizeof (float) * 22050)
                   == 0);
        CHECK (player.positionSeconds() == Approx (2.5));
    }

    SECTION ("the stream ends and the state says so")
    {
        renderFrames (player, 44100 * 2 + 1024, 2);
        CHECK (player.state() == PreviewPlayer::State::ended);
        CHECK (player.underruns() == 0);
    }
}

TEST_CASE ("preview player: a 44.1 kHz preview plays at the host's 48 kHz at the right pitch", "[preview][player]")
{
    juce::AudioBuffer<float> sine (1, 44100 * 2);
    for (int i = 0; i < sine.getNumSamples(); ++i)
        sine.setSample (0, i, 0.5f * (float) std::sin (2.0 * juce::MathConstants<double>::pi * 1000.0 * i / 44100.0));

    PreviewPlayer player;
    player.prepare (48000.0, 480);
    player.setOutputMode (PreviewPlayer::OutputMode::replace);
    player.load ([&] { return std::make_unique<BufferReader> (sine, 44100.0); });
    player.play();
    REQUIRE (player.waitUntilBuffered (4800, 5s));

    renderFrames (player, 4800, 2, 480); // past the resampler's start-up
    const auto second = renderFrames (player, 48000, 2, 480);

    int crossings = 0;
    for (int i = 1; i < second.getNumSamples(); ++i)
        crossings += (second.getSample (0, i - 1) < 0.0f) != (second.getSample (0, i) < 0.0f) ? 1 : 0;
    CHECK (crossings >= 1998);
    CHECK (crossings <= 2002); // 1 kHz: two crossings per cycle, one second
    CHECK (second.getRMSLevel (0, 0, 48000) == Approx (0.5 / std::sqrt (2.0)).epsilon (0.01));
    CHECK (second.getRMSLevel (1, 0, 48000) == Approx (0.5 / std::sqrt (2.0)).epsilon (0.01)); // mono to both sides
}

TEST_CASE ("preview player: mix adds the preview at its gain; paused leaves the input alone", "[preview][player]")
{
    const auto source = noise (2, 44100);
    PreviewPlayer player;
    player.prepare (44100.0, 256);
    player.setGain (0.5f);
    player.load ([&] { return std::make_unique<BufferReader> (source, 44100.0); });

    juce::AudioBuffer<float> input (2, 256);
    input.clear();
    for (int i = 0; i < 256; ++i)
        input.setSample (0, i, 0.25f), input.setSample (1, i, -0.25f);

    auto paused = input;
    REQUIRE (player.waitUntilBuffered (256, 5s));
    player.render (paused, 0, 256);
    CHECK (std::memcmp (paused.getReadPointer (0), input.getReadPointer (0), sizeof (float) * 256) == 0);

    player.play();
    auto mixed = input;
    player.render (mixed, 0, 256);
    for (int i = 0; i < 256; ++i)
    {
        CHECK (mixed.getSample (0, i) == 0.25f + 0.5f * source.getSample (0, i));
        CHECK (mixed.getSample (1, i) == -0.25f + 0.5f * source.getSample (1, i));
    }
}

TEST_CASE ("preview player: a stalled stream gives silence and a counted underrun, never a wait", "[preview][player]")
{
    const auto source = noise (2, 44100);
    PreviewPlayer player;
    player.prepare (44100.0, 512);
    player.setOutputMode (PreviewPlayer::OutputMode::replace);

    auto slowReader = std::make_unique<BufferReader> (source, 44100.0);
    auto* gate = slowReader.get();
    gate->setGate (false); // the network stalls before any audio arrives
    player.load ([&slowReader] { return std::move (slowReader); });
    player.play();
    player.waitUntilBuffered (0, 5s); // opened; the first read is now stuck at the gate

    // The feeder is blocked inside read(); the audio thread renders anyway.
    juce::AudioBuffer<float> out (2, 512);
    for (int round = 0; round < 20; ++round)
    {
        for (int ch = 0; ch < 2; ++ch)
            juce::FloatVectorOperations::fill (out.getWritePointer (ch), 0.7f, 512);
        player.render (out, 0, 512);
        CHECK (out.getMagnitude (0, 512) == 0.0f);
    }
    const auto stalls = player.underruns();
    CHECK (stalls > 0);
    CHECK (player.state() == PreviewPlayer::State::buffering);

    gate->setGate (true);
    REQUIRE (player.waitUntilBuffered (512, 5s));
    player.render (out, 0, 512);
    CHECK (out.getMagnitude (0, 512) > 0.0f);
    CHECK (player.underruns() == stalls);
}

TEST_CASE ("preview player: a stream that cannot be opened fails with the reason", "[preview][player]")
{
    PreviewPlayer player;
    player.load ([]() -> std::unique_ptr<juce::AudioFormatReader>
                 { throw std::runtime_error ("CDN answered 403 (expired signature)"); });
    player.play();
    player.waitUntilBuffered (1, 5s);
    CHECK (player.state() == PreviewPlayer::State::failed);
    CHECK (player.lastError() == "CDN answered 403 (expired signature)");
}
