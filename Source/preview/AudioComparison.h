#pragma once

#include <juce_audio_basics/juce_audio_basics.h>

namespace wavelift::preview
{
/** How closely a decoded (lossy) signal matches its original, after finding the delay between them. */
struct Similarity
{
    int lagSamples = 0;       // decoded[i + lag] lines up with original[i]
    double correlation = 0.0; // Pearson correlation over the overlap, all channels
    double snrDb = 0.0;       // 10 log10 (signal energy / error energy) over the overlap
    int comparedSamples = 0;
};

/** Searches lags in [-maxLag, maxLag] (coarse on a decimated envelope, then exact), then measures. */
Similarity compareAudio (const juce::AudioBuffer<float>& original, const juce::AudioBuffer<float>& decoded,
                         int maxLag = 8192);
} // namespace wavelift::preview
