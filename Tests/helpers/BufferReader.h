#pragma once

#include <juce_audio_formats/juce_audio_formats.h>

#include <condition_variable>
#include <mutex>

namespace wavelift::test
{
/** An AudioFormatReader over a buffer, optionally holding every read until released (a slow network). */
class BufferReader final : public juce::AudioFormatReader
{
public:
    explicit BufferReader (juce::AudioBuffer<float> source, double rate)
        : AudioFormatReader (nullptr, "buffer")
        , audio (std::move (source))
    {
        sampleRate = rate;
        numChannels = (unsigned) audio.getNumChannels();
        lengthInSamples = audio.getNumSamples();
        bitsPerSample = 32;
        usesFloatingPointData = true;
    }

    bool readSamples (int* const* dest, int numDest, int offset, juce::int64 start, int num) override
    {
        {
            std::unique_lock lock (gateMutex);
            gateChanged.wait (lock, [&] { return open; });
        }
        for (int ch = 0; ch < numDest; ++ch)
            if (dest[ch] != nullptr)
                for (int i = 0; i < num; ++i)
                {
                    const auto index = start + i;
                    reinterpret_cast<float*> (dest[ch])[offset + i] =
                        index < audio.getNumSamples() && ch < audio.getNumChannels() ? audio.getSample (ch, (int) index)
                                                                                     : 0.0f;
                }
        return true;
    }

    void setGate (bool isOpen)
    {
        {
            const std::lock_guard lock (gateMutex);
            open = isOpen;
        }
        gateChanged.notify_all();
    }

    juce::AudioBuffer<float> audio;
    std::mutex gateMutex;
    std::condition_variable gateChanged;
    bool open = true;
};
} // namespace wavelift::test
