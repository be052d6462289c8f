#pragma once

#include "capture/CaptureService.h"
#include "capture/SharedMetadata.h"
#include "capture/TransportTracker.h"
#include "preview/PreviewPlayer.h"
#include "ui/AutoPublisher.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <mutex>

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
    void processBlockBypassed (juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    using juce::AudioProcessor::processBlock;
    using juce::AudioProcessor::processBlockBypassed;

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
    void updateTrackProperties (const TrackProperties&) override;

    /** Plugin parameters (automatable) and non-automatable settings, all saved with the project. */
    juce::AudioProcessorValueTreeState& getState() noexcept { return state; }

    static constexpr const char* previewGainId = "previewGain";

    /** The capture engine, for the editor to poll (status(), takePeak()) and to arm and stop. */
    capture::CaptureEngine& captureEngine() noexcept { return captureService.engine(); }
    capture::TakeLibrary& takeLibrary() noexcept { return captureService.library(); }

    /** Capture settings live in the state tree (saved with the project, not automatable). Any thread but the
        audio thread: the editor polls them while a host may restore a project's state on its own thread. */
    capture::CaptureSettings captureSettings() const;
    void setCaptureSettings (const capture::CaptureSettings&);

    /** Preview playback (issue #8): the editor loads and controls it; processBlock renders it after capture, so
        takes hold the input, never the preview. */
    preview::PreviewPlayer& previewPlayer() noexcept { return preview; }

    /** Whether a playing preview replaces the input on the outputs or mixes with it; saved with the project.
        Message thread. */
    bool previewReplacesInput() const;
    const ui::AutoPublisher& autoPublishing() const noexcept { return autoPublisher; }
    void setPreviewReplacesInput (bool);

private:
    static juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout();
    void applyCaptureSettingsFromState();
    std::optional<capture::ReportedPosition> hostPosition() const; // what the play head says about this block

    juce::AudioProcessorValueTreeState state;
    capture::SharedMetadata metadata;
    capture::CaptureService captureService;
    capture::TransportTracker transport; // audio thread, and prepare/release while no block runs
    preview::PreviewPlayer preview;
    std::atomic<float>* previewGainDb = nullptr; // the parameter's value, read on the audio thread
    ui::AutoPublisher autoPublisher;
    mutable std::mutex settingsLock;          // never taken on the audio thread
    capture::CaptureSettings currentSettings; // what the state tree holds, readable without touching the tree

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WaveliftProcessor)
};
} // namespace wavelift
