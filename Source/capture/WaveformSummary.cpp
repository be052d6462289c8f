#include "capture/WaveformSummary.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <algorithm>
#include <stdexcept>

namespace wavelift::capture
{
std::optional<WaveformSummary> summariseWaveform (const std::filesystem::path& file, int bucketCount,
                                                  const std::atomic<bool>* cancel)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
    if (reader == nullptr)
        throw std::runtime_error ("cannot read " + file.filename().string() + " as audio");

    const auto frames = reader->lengthInSamples;
    const auto channels = (int) reader->numChannels;
    const auto count = (juce::int64) std::clamp<juce::int64> (frames, 0, std::max (0, bucketCount));
    WaveformSummary summary;
    summary.buckets.reserve ((size_t) count);

    std::vector<juce::Range<float>> levels ((size_t) std::max (1, channels));
    for (juce::int64 b = 0; b < count; ++b)
    {
        if (cancel != nullptr && cancel->load())
            return std::nullopt;
        // Bucket edges by integer division so every frame lands in exactly one bucket.
        const auto start = frames * b / count;
        const auto end = frames * (b + 1) / count;
        reader->readMaxLevels (start, end - start, levels.data(), channels);
        WaveformSummary::Bucket bucket{ levels[0].getStart(), levels[0].getEnd() };
        for (int ch = 1; ch < channels; ++ch)
        {
            bucket.low = std::min (bucket.low, levels[(size_t) ch].getStart());
            bucket.high = std::max (bucket.high, levels[(size_t) ch].getEnd());
        }
        summary.buckets.push_back (bucket);
    }
    return summary;
}
} // namespace wavelift::capture
