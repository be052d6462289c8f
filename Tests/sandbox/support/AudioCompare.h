#pragma once

#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
inline constexpr int comparisonSampleRate = 44100;

/** Decodes any input ffmpeg can read (file, HLS playlist URL, MP3 URL) to mono float samples at 44.1 kHz.
    `maxSeconds` > 0 keeps only the start. Throws when ffmpeg fails. */
std::vector<float> decodeToMono (const std::string& input, double maxSeconds = 0);

/** Duration reported by ffprobe. */
double probeDurationSeconds (const std::string& input);

struct Alignment
{
    /** Normalised correlation (-1…1) over the whole overlap once aligned. */
    double correlation = 0;
    /** Samples by which `candidate` lags `reference` (encoder priming delay). */
    long lag = 0;
    /** Samples compared. */
    std::size_t overlap = 0;
};

/** Finds the lag in ±maxLag that best aligns the candidate with the reference (coarse then fine search) and
    returns the correlation of the aligned signals. */
Alignment alignAndCorrelate (const std::vector<float>& reference, const std::vector<float>& candidate, long maxLag);
} // namespace wavelift::sandbox::test
