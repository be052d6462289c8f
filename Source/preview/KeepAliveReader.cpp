#include "preview/KeepAliveReader.h"

namespace wavelift::preview
{
KeepAliveReader::KeepAliveReader (std::shared_ptr<const void> keepAlive, std::unique_ptr<juce::AudioFormatReader> src)
    : juce::AudioFormatReader (nullptr, src != nullptr ? src->getFormatName() : juce::String())
    , owner (std::move (keepAlive))
    , source (std::move (src))
{
    jassert (source != nullptr);
    sampleRate = source->sampleRate;
    bitsPerSample = source->bitsPerSample;
    lengthInSamples = source->lengthInSamples;
    numChannels = source->numChannels;
    usesFloatingPointData = source->usesFloatingPointData;
    metadataValues = source->metadataValues;
}

KeepAliveReader::~KeepAliveReader() = default;

bool KeepAliveReader::readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer,
                                   juce::int64 startSampleInFile, int numSamples)
{
    // Straight through: the source fills (or clears) exactly what a direct read would.
    return source->readSamples (destChannels, numDestChannels, startOffsetInDestBuffer, startSampleInFile, numSamples);
}
} // namespace wavelift::preview
