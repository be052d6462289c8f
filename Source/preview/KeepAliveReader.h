#pragma once

#include <juce_audio_formats/juce_audio_formats.h>

#include <memory>

namespace wavelift::preview
{
/** Reads through another reader and keeps alive what that reader uses (the HTTP client and API client a streamed
    preview fetches its next segments with), so the preview player may outlive the editor that started it. */
class KeepAliveReader final : public juce::AudioFormatReader
{
public:
    KeepAliveReader (std::shared_ptr<const void> keepAlive, std::unique_ptr<juce::AudioFormatReader> source);
    ~KeepAliveReader() override;

    bool readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer,
                      juce::int64 startSampleInFile, int numSamples) override;

private:
    // Declared first, destroyed last: the source reader goes before what it uses.
    std::shared_ptr<const void> owner;
    std::unique_ptr<juce::AudioFormatReader> source;
};
} // namespace wavelift::preview
