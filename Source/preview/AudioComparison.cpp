#include "preview/AudioComparison.h"

#include <cmath>

namespace wavelift::preview
{
namespace
{
    /** The delay is found on the first stretch only: enough to line up music, and cheap on long files. */
    constexpr int lagSearchSamples = 10 * 48000;

    double crossCorrelationAt (const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b, int lag, int step)
    {
        const int channels = std::min (a.getNumChannels(), b.getNumChannels());
        const int end = std::min (a.getNumSamples(), lagSearchSamples);
        double sum = 0;
        for (int ch = 0; ch < channels; ++ch)
        {
            const float* x = a.getReadPointer (ch);
            const float* y = b.getReadPointer (ch);
            for (int i = std::max (0, -lag); i < end && i + lag < b.getNumSamples(); i += step)
                sum += (double) x[i] * (double) y[i + lag];
        }
        return sum;
    }
} // namespace

Similarity compareAudio (const juce::AudioBuffer<float>& original, const juce::AudioBuffer<float>& decoded, int maxLag)
{
    // Coarse search on every 8th sample, then exact around the best coarse lag.
    int bestLag = 0;
    double best = -1.0e300;
    for (int lag = -maxLag; lag <= maxLag; lag += 4)
        if (const double c = crossCorrelationAt (original, decoded, lag, 8); c > best)
            best = c, bestLag = lag;
    const int coarse = bestLag;
    best = -1.0e300;
    for (int lag = coarse - 8; lag <= coarse + 8; ++lag)
        if (const double c = crossCorrelationAt (original, decoded, lag, 1); c > best)
            best = c, bestLag = lag;

    Similarity result;
    result.lagSamples = bestLag;
    const int channels = std::min (original.getNumChannels(), decoded.getNumChannels());
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, signal = 0, noise = 0;
    long long n = 0;
    for (int ch = 0; ch < channels; ++ch)
    {
        const float* x = original.getReadPointer (ch);
        const float* y = decoded.getReadPointer (ch);
        for (int i = std::max (0, -bestLag); i < original.getNumSamples() && i + bestLag < decoded.getNumSamples(); ++i)
        {
            const double a = x[i], b = y[i + bestLag];
            sx += a, sy += b, sxx += a * a, syy += b * b, sxy += a * b;
            signal += a * a;
            noise += (a - b) * (a - b);
            ++n;
        }
    }
    if (n == 0)
        return result;
    const double cov = sxy - sx * sy / (double) n;
    const double vx = sxx - sx * sx / (double) n, vy = syy - sy * sy / (double) n;
    result.correlation = vx > 0 && vy > 0 ? cov / std::sqrt (vx * vy) : 0.0;
    result.snrDb = noise > 0 ? 10.0 * std::log10 (signal / noise) : 200.0;
    result.comparedSamples = (int) (n / std::max (1, channels));
    return result;
}
} // namespace wavelift::preview
