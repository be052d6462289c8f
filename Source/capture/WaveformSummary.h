#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <vector>

namespace wavelift::capture
{
/** The shape of a take for a thumbnail: the lowest and highest sample of all channels in each of `buckets` equal
    slices of the file. Built by reading the whole file, so never on the audio or message thread. */
struct WaveformSummary
{
    struct Bucket
    {
        float low = 0.0f, high = 0.0f;
        bool operator== (const Bucket&) const = default;
    };
    std::vector<Bucket> buckets;
    bool operator== (const WaveformSummary&) const = default;
};

/** Reads the file (any format JUCE reads) into `bucketCount` buckets (fewer when the file has fewer frames). Returns
    nothing when cancelled; throws std::runtime_error when the file cannot be read. */
std::optional<WaveformSummary> summariseWaveform (const std::filesystem::path& file, int bucketCount,
                                                  const std::atomic<bool>* cancel = nullptr);
} // namespace wavelift::capture
