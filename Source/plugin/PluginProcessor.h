#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

namespace wavelift
{
/** The Wavelift audio processor: passes audio through untouched (zero latency, no tail) while the capture engine
    records it. Holds no credentials: plugin state ends up in shared DAW projects. */
class WaveliftProcessor final : public juce::AudioProcessor
{
public:
    static constexpr int maxChannels = 8;

    WaveliftProcessor();
    ~WaveliftProcessor() override;

    void prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override;
    bool isBusesLayoutSupported (const BusesLayout& layouts) const override;
    void processBlock (juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    using juce::AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return "Wavelift"; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }

    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram (int) override {}
    const juce::String getProgramName (int) override { return "Default"; }
    void changeProgramName (int, const juce::String&) override {}

    void getStateInformation (juce::MemoryBlock& destData) override;
    void setStateInformation (const void* data, int sizeInBytes) override;

    /** Plugin parameters (automatable) and non-automatable settings, all saved with the project. */
    juce::AudioProcessorValueTreeState& getState() noexcept { return state; }

    static constexpr const char* previewGainId = "previewGain";

private:
    static juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout();

    juce::AudioProcessorValueTreeState state;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WaveliftProcessor)
};
} // namespace wavelift
