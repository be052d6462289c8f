#include "plugin/PluginProcessor.h"

#include "plugin/PluginEditor.h"
#include "ui/X11Workarounds.h"

namespace wavelift
{
namespace
{
    constexpr const char* stateTreeType = "WaveliftState";
    constexpr int stateVersion = 1;
} // namespace

WaveliftProcessor::WaveliftProcessor()
    : AudioProcessor (BusesProperties()
                          .withInput ("Input", juce::AudioChannelSet::stereo(), true)
                          .withOutput ("Output", juce::AudioChannelSet::stereo(), true))
    , state (*this, nullptr, stateTreeType, createParameterLayout())
{
    state.state.setProperty ("version", stateVersion, nullptr);
}

WaveliftProcessor::~WaveliftProcessor() = default;

juce::AudioProcessorValueTreeState::ParameterLayout WaveliftProcessor::createParameterLayout()
{
    // Fractional range on purpose: JUCE 7.0.5 writes integer LV2 bounds for whole-number ranges, which LV2 linters
    // reject.
    return { std::make_unique<juce::AudioParameterFloat> (juce::ParameterID{ previewGainId, 1 }, "Preview Gain",
                                                          juce::NormalisableRange<float> (-60.0f, 6.0f, 0.1f), 0.0f,
                                                          juce::AudioParameterFloatAttributes().withLabel ("dB")) };
}

void WaveliftProcessor::prepareToPlay (double, int) {}

void WaveliftProcessor::releaseResources() {}

bool WaveliftProcessor::isBusesLayoutSupported (const BusesLayout& layouts) const
{
    const auto& input = layouts.getMainInputChannelSet();
    const auto& output = layouts.getMainOutputChannelSet();
    return !input.isDisabled() && input.size() == output.size() && output.size() >= 1 && output.size() <= maxChannels;
}

void WaveliftProcessor::processBlock (juce::AudioBuffer<float>&, juce::MidiBuffer&)
{
    // Input and output channel counts are equal, so the host's buffer already holds the input on the outputs:
    // passing audio through bit-identically means leaving it alone.
    juce::ScopedNoDenormals noDenormals;
}

juce::AudioProcessorEditor* WaveliftProcessor::createEditor()
{
    ui::ensureWindowManagerAtomsExist();
    return new WaveliftEditor (*this);
}

void WaveliftProcessor::getStateInformation (juce::MemoryBlock& destData)
{
    if (auto xml = state.copyState().createXml())
        copyXmlToBinary (*xml, destData);
}

void WaveliftProcessor::setStateInformation (const void* data, int sizeInBytes)
{
    const auto xml = getXmlFromBinary (data, sizeInBytes);
    if (xml == nullptr || !xml->hasTagName (state.state.getType()))
        return; // not ours, or corrupt: keep the current state rather than half-applying it

    state.replaceState (juce::ValueTree::fromXml (*xml));
}
} // namespace wavelift

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() { return new wavelift::WaveliftProcessor(); }
