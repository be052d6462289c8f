#include "plugin/PluginProcessor.h"

#include "capture/SettingsTree.h"
#include "plugin/PluginEditor.h"
#include "ui/X11Workarounds.h"

namespace wavelift
{
namespace
{
    constexpr const char* stateTreeType = "WaveliftState";
    constexpr int stateVersion = 1;
    constexpr const char* previewOutputProperty = "previewOutput"; // "mix" or "replace"
} // namespace

WaveliftProcessor::WaveliftProcessor()
    : AudioProcessor (BusesProperties()
                          .withInput ("Input", juce::AudioChannelSet::stereo(), true)
                          .withOutput ("Output", juce::AudioChannelSet::stereo(), true))
    , state (*this, nullptr, stateTreeType, createParameterLayout())
    , captureService (capture::TakeLibrary::defaultFolder(), [this] { return metadata.get(); })
    , autoPublisher (captureService)
{
    state.state.setProperty ("version", stateVersion, nullptr);
    previewGainDb = state.getRawParameterValue (previewGainId);
    setCaptureSettings (capture::CaptureSettings());
    setPreviewReplacesInput (false); // every saved state names its preview output mode

    const auto host = juce::PluginHostType().getHostDescription();
    if (juce::String (host) != "Unknown")
        metadata.setHostName (host);
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

void WaveliftProcessor::prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock)
{
    // A new rate, layout or block size ends the take in progress (the writer finishes it) and starts afresh.
    captureService.engine().prepare (sampleRate, getTotalNumInputChannels(), maximumExpectedSamplesPerBlock,
                                     getChannelLayoutOfBus (true, 0));
    transport.reset();
    preview.prepare (sampleRate, maximumExpectedSamplesPerBlock);
}

void WaveliftProcessor::releaseResources()
{
    captureService.engine().release();
    transport.reset();
}

bool WaveliftProcessor::isBusesLayoutSupported (const BusesLayout& layouts) const
{
    const auto& input = layouts.getMainInputChannelSet();
    const auto& output = layouts.getMainOutputChannelSet();
    return !input.isDisabled() && input.size() == output.size() && output.size() >= 1 && output.size() <= maxChannels;
}

std::optional<capture::ReportedPosition> WaveliftProcessor::hostPosition() const
{
    if (auto* host = getPlayHead())
    {
        if (const auto position = host->getPosition())
        {
            capture::ReportedPosition reported{ position->getIsPlaying(), {} };
            if (const auto time = position->getTimeInSamples())
                reported.timeInSamples = *time;
            return reported;
        }
    }
    return std::nullopt;
}

void WaveliftProcessor::processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // Input and output channel counts are equal, so the host's buffer already holds the input on the outputs:
    // passing audio through bit-identically means leaving it alone. Capture only reads it.
    juce::ScopedNoDenormals noDenormals;

    capture::BlockInfo block;
    block.nonRealtime = isNonRealtime();
    transport.update (hostPosition(), buffer.getNumSamples(), block);
    captureService.engine().process (buffer.getArrayOfReadPointers(), getTotalNumInputChannels(),
                                     buffer.getNumSamples(), block);

    // After capture: the take records the input, not the preview (silent and untouched while nothing plays).
    preview.setGain (juce::Decibels::decibelsToGain (previewGainDb->load()));
    preview.render (buffer, 0, buffer.getNumSamples());
}

void WaveliftProcessor::processBlockBypassed (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // Bypassed: the audio passes untouched and nothing is captured, but the transport is still followed, so a stop
    // or a locate reported while bypassed is known when the plugin comes back (the take ends, or splits at the gap).
    capture::BlockInfo ignored;
    transport.update (hostPosition(), buffer.getNumSamples(), ignored);
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
    applyCaptureSettingsFromState();
    setPreviewReplacesInput (previewReplacesInput());
}

bool WaveliftProcessor::previewReplacesInput() const
{
    return state.state.getProperty (previewOutputProperty, "mix").toString() == "replace";
}

void WaveliftProcessor::setPreviewReplacesInput (bool replace)
{
    state.state.setProperty (previewOutputProperty, replace ? "replace" : "mix", nullptr);
    preview.setOutputMode (replace ? preview::PreviewPlayer::OutputMode::replace
                                   : preview::PreviewPlayer::OutputMode::mix);
}

void WaveliftProcessor::updateTrackProperties (const TrackProperties& properties)
{
    metadata.setTrackName (properties.name.toStdString());
}

capture::CaptureSettings WaveliftProcessor::captureSettings() const
{
    const std::lock_guard lock (settingsLock);
    return currentSettings;
}

void WaveliftProcessor::setCaptureSettings (const capture::CaptureSettings& settings)
{
    const std::lock_guard lock (settingsLock);
    auto tree = state.state.getOrCreateChildWithName (capture::settingsTreeType, nullptr);
    capture::writeSettingsTree (tree, settings);
    captureService.engine().setSettings (settings);
    currentSettings = settings;
}

void WaveliftProcessor::applyCaptureSettingsFromState()
{
    // Older projects have no capture settings: they get (and from now on save) the defaults.
    setCaptureSettings (capture::readSettingsTree (state.state.getChildWithName (capture::settingsTreeType)));
}
} // namespace wavelift

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() { return new wavelift::WaveliftProcessor(); }
