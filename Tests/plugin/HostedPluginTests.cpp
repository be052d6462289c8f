// The built plugin binary, loaded through JUCE's hosting classes the way a DAW loads it.
#include "helpers/HostedPlugin.h"

#include <catch2/catch.hpp>

#include <random>

namespace
{
using wavelift::test::HostedPlugin;

constexpr int maxBlockSize = 4096;

/** Deterministic full-scale noise with a few exact edge values a careless pass-through would alter. */
juce::AudioBuffer<float> makeSignal (int numChannels, int numSamples, unsigned seed)
{
    juce::AudioBuffer<float> signal (numChannels, numSamples);
    std::mt19937 random (seed);
    std::uniform_real_distribution<float> sample (-1.0f, 1.0f);
    for (int ch = 0; ch < numChannels; ++ch)
        for (int i = 0; i < numSamples; ++i)
            signal.setSample (ch, i, sample (random));

    signal.setSample (0, 0, 1.0f);
    signal.setSample (0, 1, -1.0f);
    signal.setSample (0, 2, 1.0e-39f); // a denormal must survive untouched
    signal.setSample (0, 3, 0.0f);
    return signal;
}

/** Pushes the signal through the plugin in blocks of the sizes `nextBlockSize` gives; returns the output. */
template <typename BlockSizes>
juce::AudioBuffer<float> process (juce::AudioPluginInstance& plugin, const juce::AudioBuffer<float>& input,
                                  BlockSizes nextBlockSize)
{
    juce::AudioBuffer<float> output (input.getNumChannels(), input.getNumSamples());
    juce::AudioBuffer<float> block (input.getNumChannels(), maxBlockSize);
    juce::MidiBuffer midi;

    for (int position = 0; position < input.getNumSamples();)
    {
        const int size = std::min (nextBlockSize(), input.getNumSamples() - position);
        block.setSize (input.getNumChannels(), size, false, false, true);
        for (int ch = 0; ch < input.getNumChannels(); ++ch)
            block.copyFrom (ch, 0, input, ch, position, size);

        plugin.processBlock (block, midi);

        for (int ch = 0; ch < input.getNumChannels(); ++ch)
            output.copyFrom (ch, position, block, ch, 0, size);
        position += size;
    }
    return output;
}

bool bitIdentical (const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b)
{
    if (a.getNumChannels() != b.getNumChannels() || a.getNumSamples() != b.getNumSamples())
        return false;
    for (int ch = 0; ch < a.getNumChannels(); ++ch)
        if (std::memcmp (a.getReadPointer (ch), b.getReadPointer (ch), sizeof (float) * (size_t) a.getNumSamples())
            != 0)
            return false;
    return true;
}

std::unique_ptr<juce::AudioPluginInstance> loadPrepared (HostedPlugin::Format format, double rate,
                                                         const juce::AudioChannelSet& layout)
{
    juce::String error;
    auto plugin = HostedPlugin::load (format, rate, maxBlockSize, error);
    INFO (error);
    REQUIRE (plugin != nullptr);

    juce::AudioProcessor::BusesLayout buses;
    buses.inputBuses.add (layout);
    buses.outputBuses.add (layout);
    REQUIRE (plugin->setBusesLayout (buses));
    plugin->prepareToPlay (rate, maxBlockSize);
    return plugin;
}

void checkPassThrough (HostedPlugin::Format format, const juce::AudioChannelSet& layout)
{
    const auto rate = GENERATE (44100.0, 48000.0, 96000.0);

    auto plugin = loadPrepared (format, rate, layout);
    CHECK (plugin->getLatencySamples() == 0);
    CHECK (plugin->getTailLengthSeconds() == 0.0);
    CHECK (plugin->getTotalNumInputChannels() == layout.size());
    CHECK (plugin->getTotalNumOutputChannels() == layout.size());

    const auto input = makeSignal (layout.size(), 20000, (unsigned) rate + (unsigned) layout.size());

    for (const int fixedSize : { 1, 17, 512, 4096 })
    {
        INFO ("rate " << rate << ", channels " << layout.size() << ", block size " << fixedSize);
        CHECK (bitIdentical (process (*plugin, input, [=] { return fixedSize; }), input));
    }

    std::mt19937 random (7);
    std::uniform_int_distribution<int> size (1, maxBlockSize);
    INFO ("rate " << rate << ", channels " << layout.size() << ", random block sizes");
    CHECK (bitIdentical (process (*plugin, input, [&] { return size (random); }), input));

    plugin->releaseResources();
}

/** Runs the message loop until the condition holds or two seconds have passed (then the caller's check fails). */
void pumpMessagesUntil (const std::function<bool()>& condition)
{
    for (int i = 0; i < 200 && !condition(); ++i)
        juce::MessageManager::getInstance()->runDispatchLoopUntil (10);
}

juce::AudioProcessorParameter* findParameter (juce::AudioProcessor& plugin, const juce::String& name)
{
    for (auto* parameter : plugin.getParameters())
        if (parameter->getName (64) == name)
            return parameter;
    return nullptr;
}

void checkStateRoundTrip (HostedPlugin::Format format)
{
    auto original = loadPrepared (format, 48000.0, juce::AudioChannelSet::stereo());
    auto* gain = findParameter (*original, "Preview Gain");
    REQUIRE (gain != nullptr);
    gain->setValueNotifyingHost (0.25f);
    // LV2 delivers parameter changes through control ports, which the plugin reads when it runs.
    juce::AudioBuffer<float> block (2, 64);
    block.clear();
    juce::MidiBuffer midi;
    original->processBlock (block, midi);

    juce::MemoryBlock saved;
    original->getStateInformation (saved);
    REQUIRE (saved.getSize() > 0);

    auto restored = loadPrepared (format, 48000.0, juce::AudioChannelSet::stereo());
    auto* restoredGain = findParameter (*restored, "Preview Gain");
    REQUIRE (restoredGain != nullptr);
    CHECK (restoredGain->getValue() != Approx (0.25f));

    restored->setStateInformation (saved.getData(), (int) saved.getSize());
    // An LV2 plugin reports restored parameter values through its output port when it next runs, and JUCE's host
    // hands them to its parameter objects through an async update on the message thread.
    restored->processBlock (block, midi);
    pumpMessagesUntil ([&] { return std::abs (restoredGain->getValue() - 0.25f) < 1.0e-6f; });
    CHECK (restoredGain->getValue() == Approx (0.25f).margin (1.0e-6));

    juce::MemoryBlock savedAgain;
    restored->getStateInformation (savedAgain);
    CHECK (savedAgain == saved);
}

void checkEditorOpensAndCloses (HostedPlugin::Format format)
{
    REQUIRE (juce::Desktop::getInstance().getDisplays().getPrimaryDisplay() != nullptr);

    auto plugin = loadPrepared (format, 48000.0, juce::AudioChannelSet::stereo());
    REQUIRE (plugin->hasEditor());

    for (int round = 0; round < 3; ++round)
    {
        std::unique_ptr<juce::AudioProcessorEditor> editor (plugin->createEditorIfNeeded());
        REQUIRE (editor != nullptr);
        editor->addToDesktop (0);
        editor->setVisible (true);
        juce::MessageManager::getInstance()->runDispatchLoopUntil (50); // let the window map and paint

        CHECK (editor->isOnDesktop());
        CHECK (editor->getWidth() >= 640);
        CHECK (editor->getHeight() >= 420);

        plugin->editorBeingDeleted (editor.get());
        editor.reset();
        CHECK (plugin->getActiveEditor() == nullptr);
    }
}
} // namespace

TEST_CASE ("plugin: the hosted VST3 passes audio through bit-identically", "[plugin][vst3]")
{
    // Any layout with equal input and output channel counts up to 8.
    checkPassThrough (HostedPlugin::Format::vst3,
                      GENERATE (juce::AudioChannelSet::mono(), juce::AudioChannelSet::stereo(),
                                juce::AudioChannelSet::create5point1(), juce::AudioChannelSet::create7point1()));
}

TEST_CASE ("plugin: the hosted VST3's state saves and restores", "[plugin][vst3]")
{
    checkStateRoundTrip (HostedPlugin::Format::vst3);
}

TEST_CASE ("plugin: the hosted VST3's editor opens and closes", "[plugin][vst3][gui]")
{
    checkEditorOpensAndCloses (HostedPlugin::Format::vst3);
}

#ifdef WAVELIFT_LV2_BUNDLE
TEST_CASE ("plugin: the hosted LV2 passes audio through bit-identically", "[plugin][lv2]")
{
    // An LV2 plugin's ports are fixed in its manifest, so JUCE's LV2 build offers only the default stereo layout.
    checkPassThrough (HostedPlugin::Format::lv2, juce::AudioChannelSet::stereo());
}

TEST_CASE ("plugin: the hosted LV2's state saves and restores", "[plugin][lv2]")
{
    checkStateRoundTrip (HostedPlugin::Format::lv2);
}

TEST_CASE ("plugin: the hosted LV2's editor opens and closes", "[plugin][lv2][gui]")
{
    checkEditorOpensAndCloses (HostedPlugin::Format::lv2);
}
#endif
