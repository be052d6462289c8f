// What the hosted plugin costs the audio thread, block by block, against copying the same block.
#include "Benchmark.h"
#include "helpers/HostedPlugin.h"

#include <cstring>

namespace
{
using namespace wavelift::bench;

std::vector<Measurement> hostedPassThroughCost()
{
    constexpr int blockSize = 512, channels = 2, blocks = 2000;
    juce::String error;
    auto plugin =
        wavelift::test::HostedPlugin::load (wavelift::test::HostedPlugin::Format::vst3, 48000.0, blockSize, error);
    if (plugin == nullptr)
        throw std::runtime_error (error.toStdString());
    plugin->prepareToPlay (48000.0, blockSize);

    juce::AudioBuffer<float> buffer (channels, blockSize), copy (channels, blockSize);
    buffer.clear();
    juce::MidiBuffer midi;

    const double pluginSeconds = bestSeconds (5,
                                              [&]
                                              {
                                                  for (int i = 0; i < blocks; ++i)
                                                      plugin->processBlock (buffer, midi);
                                              });
    const double memcpySeconds = bestSeconds (
        5,
        [&]
        {
            for (int i = 0; i < blocks; ++i)
                for (int ch = 0; ch < channels; ++ch)
                    std::memcpy (copy.getWritePointer (ch), buffer.getReadPointer (ch), sizeof (float) * blockSize);
        });
    plugin->releaseResources();

    const double perBlock = 1.0e9 / blocks;
    return { { "hosted VST3 processBlock, 512 x 2ch (idle)", "ns", pluginSeconds * perBlock, memcpySeconds * perBlock,
               "memcpy of the block", "", false, true, "host wrapper overhead included" } };
}

const Registration registration ("plugin.hosted-pass-through", hostedPassThroughCost);
} // namespace
