// The preview path inside the plugin's processBlock, under the capture tests' realtime detector (replaced
// operator new/delete and malloc, interposed mutex locks and I/O): playing a preview must cost the audio thread no
// allocation, no lock and no I/O, in either output mode, while the feeder thread decodes and resamples beside it.
#include "../capture/RealtimeDetector.h"
#include "helpers/BufferReader.h"
#include "plugin/PluginProcessor.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <thread>

namespace rt = wavelift::capture::test::realtime;
using namespace std::chrono_literals;

TEST_CASE ("preview: processBlock playing a preview neither allocates, locks nor does I/O", "[preview][rt]")
{
    const auto data = std::filesystem::temp_directory_path() / ("wavelift-preview-rt-" + std::to_string (::getpid()));
    std::filesystem::create_directories (data);
    ::setenv ("WAVELIFT_DATA_DIR", data.c_str(), 1);

    auto processor = std::make_unique<wavelift::WaveliftProcessor>();
    juce::AudioProcessor::BusesLayout stereo;
    stereo.inputBuses.add (juce::AudioChannelSet::stereo());
    stereo.outputBuses.add (juce::AudioChannelSet::stereo());
    REQUIRE (processor->setBusesLayout (stereo));
    processor->prepareToPlay (48000.0, 512);

    juce::AudioBuffer<float> source (2, 44100 * 10);
    juce::Random random (3);
    for (int ch = 0; ch < 2; ++ch)
        for (int i = 0; i < source.getNumSamples(); ++i)
            source.setSample (ch, i, random.nextFloat() - 0.5f);

    auto& player = processor->previewPlayer();
    player.load ([&] { return std::make_unique<wavelift::test::BufferReader> (source, 44100.0); }); // resampled
    player.play();
    REQUIRE (player.waitUntilBuffered (48000, 5s));

    for (const auto mode :
         { wavelift::preview::PreviewPlayer::OutputMode::mix, wavelift::preview::PreviewPlayer::OutputMode::replace })
    {
        player.setOutputMode (mode);
        juce::AudioBuffer<float> block (2, 512);
        juce::MidiBuffer midi;
        float loudest = 0.0f;
        rt::reset();
        std::thread audioThread (
            [&]
            {
                const rt::ArmedScope armed;
                for (int i = 0; i < 60; ++i)
                {
                    block.clear();
                    processor->processBlock (block, midi);
                    loudest = std::max (loudest, block.getMagnitude (0, 512));
                }
            });
        audioThread.join();

        const auto counts = rt::counts();
        CHECK (counts.allocations == 0);
        CHECK (counts.deallocations == 0);
        CHECK (counts.locks == 0);
        CHECK (counts.io == 0);
        CHECK (loudest > 0.1f); // the preview really played
    }

    player.stop();
    processor->releaseResources();
    processor.reset();
    std::filesystem::remove_all (data);
}
