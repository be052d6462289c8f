#include "support/AudioCompare.h"

#include "support/TempDir.h"

#include "sandbox/Subprocess.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace wavelift::sandbox::test
{
std::vector<float> decodeToMono (const std::string& input, double maxSeconds)
{
    TempDir folder ("wavelift-decode-");
    const auto output = folder.path() / "decoded.f32";
    std::vector<std::string> arguments{ "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", input };
    if (maxSeconds > 0)
    {
        arguments.push_back ("-t");
        arguments.push_back (std::to_string (maxSeconds));
    }
    for (const auto* argument : { "-vn", "-ac", "1", "-ar", "44100", "-f", "f32le" })
        arguments.emplace_back (argument);
    arguments.push_back (output.string());
    const auto result = runProcess (arguments);
    if (!result.succeeded())
        throw std::runtime_error ("ffmpeg could not decode " + input + ": " + result.standardError);

    std::ifstream in (output, std::ios::binary);
    in.seekg (0, std::ios::end);
    const auto bytes = static_cast<std::size_t> (in.tellg());
    in.seekg (0);
    std::vector<float> samples (bytes / sizeof (float));
    in.read (reinterpret_cast<char*> (samples.data()), static_cast<std::streamsize> (samples.size() * sizeof (float)));
    return samples;
}

double probeDurationSeconds (const std::string& input)
{
    const auto result = runProcess ({ "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                      "default=noprint_wrappers=1:nokey=1", input });
    if (!result.succeeded())
        throw std::runtime_error ("ffprobe failed on " + input + ": " + result.standardError);
    return std::stod (result.standardOutput);
}

namespace
{
    double correlationAt (const std::vector<float>& reference, const std::vector<float>& candidate, long lag,
                          std::size_t begin, std::size_t end)
    {
        double product = 0, referenceEnergy = 0, candidateEnergy = 0;
        for (auto i = begin; i < end; ++i)
        {
            const double a = reference[i];
            const double b = candidate[static_cast<std::size_t> (static_cast<long> (i) + lag)];
            product += a * b;
            referenceEnergy += a * a;
            candidateEnergy += b * b;
        }
        const auto denominator = std::sqrt (referenceEnergy * candidateEnergy);
        return denominator > 0 ? product / denominator : 0.0;
    }

    long bestLag (const std::vector<float>& reference, const std::vector<float>& candidate, long from, long to,
                  std::size_t windowBegin, std::size_t windowEnd)
    {
        long best = from;
        double bestValue = -2;
        for (long lag = from; lag <= to; ++lag)
        {
            const auto value = correlationAt (reference, candidate, lag, windowBegin, windowEnd);
            if (value > bestValue)
            {
                bestValue = value;
                best = lag;
            }
        }
        return best;
    }

    std::vector<float> decimate (const std::vector<float>& samples, std::size_t factor)
    {
        std::vector<float> out (samples.size() / factor);
        for (std::size_t i = 0; i < out.size(); ++i)
        {
            float sum = 0;
            for (std::size_t j = 0; j < factor; ++j)
                sum += samples[i * factor + j];
            out[i] = sum / static_cast<float> (factor);
        }
        return out;
    }
} // namespace

Alignment alignAndCorrelate (const std::vector<float>& reference, const std::vector<float>& candidate, long maxLag)
{
    const auto shortest = static_cast<long> (std::min (reference.size(), candidate.size()));
    if (shortest <= 4 * maxLag + 64)
        throw std::invalid_argument ("signals too short to align");

    // Coarse search on 4x decimated signals over a window that stays valid for every lag, then refine.
    constexpr std::size_t factor = 4;
    const auto coarseReference = decimate (reference, factor);
    const auto coarseCandidate = decimate (candidate, factor);
    const auto coarseMaxLag = maxLag / static_cast<long> (factor) + 1;
    const auto coarseShortest = static_cast<long> (std::min (coarseReference.size(), coarseCandidate.size()));
    const auto windowBegin = static_cast<std::size_t> (coarseMaxLag);
    const auto windowEnd = static_cast<std::size_t> (std::min (coarseShortest - coarseMaxLag, coarseMaxLag + 44100));
    const auto coarse = bestLag (coarseReference, coarseCandidate, -coarseMaxLag, coarseMaxLag, windowBegin, windowEnd);

    const auto fineBegin = static_cast<std::size_t> (maxLag + 8);
    const auto fineEnd = static_cast<std::size_t> (std::min (shortest - maxLag - 8, maxLag + 8 + 4 * 44100));
    const auto center = coarse * static_cast<long> (factor);
    const auto fine = bestLag (reference, candidate, std::max (-maxLag, center - 8), std::min (maxLag, center + 8),
                               fineBegin, fineEnd);

    // Correlate everything that overlaps at that lag.
    const auto begin = static_cast<std::size_t> (std::max (0l, -fine));
    const auto end = static_cast<std::size_t> (
        std::min (static_cast<long> (reference.size()), static_cast<long> (candidate.size()) - fine));
    Alignment alignment;
    alignment.lag = fine;
    alignment.overlap = end > begin ? end - begin : 0;
    alignment.correlation = end > begin ? correlationAt (reference, candidate, fine, begin, end) : 0.0;
    return alignment;
}
} // namespace wavelift::sandbox::test
