#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

#include <memory>

namespace wavelift::test
{
/** Loads a built plugin binary through JUCE's hosting classes, the way a DAW does. */
class HostedPlugin
{
public:
    enum class Format
    {
        vst3,
        lv2
    };

    /** Path of the built VST3 bundle (Wavelift.vst3), derived from the compiled-in binary path. */
    static juce::File vst3Bundle();

    /** Creates an instance; fails the current test (and returns nullptr) when it cannot be loaded. */
    static std::unique_ptr<juce::AudioPluginInstance> load (Format format, double sampleRate, int blockSize,
                                                            juce::String& error);
};

/** Destroys the plugin formats; call before JUCE shuts down. */
void releaseHostingFormats();
} // namespace wavelift::test
