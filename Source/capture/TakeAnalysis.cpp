#include "capture/TakeAnalysis.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <ebur128.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

namespace wavelift::capture
{
namespace
{
    struct StateDeleter
    {
        void operator() (ebur128_state* state) const { ebur128_destroy (&state); }
    };

    /** BS.1770 channel weights for the layouts a take gets (JUCE's channel orders); LFE does not count. */
    void mapChannels (ebur128_state* state, int channels)
    {
        if (channels == 6) // L R C LFE Ls Rs
        {
            const int map[] = { EBUR128_LEFT,   EBUR128_RIGHT,         EBUR128_CENTER,
                                EBUR128_UNUSED, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND };
            for (unsigned ch = 0; ch < 6; ++ch)
                ebur128_set_channel (state, ch, map[ch]);
        }
        else if (channels == 8) // L R C LFE Lss Rss Lrs Rrs
        {
            const int map[] = { EBUR128_LEFT,  EBUR128_RIGHT, EBUR128_CENTER, EBUR128_UNUSED,
                                EBUR128_Mp090, EBUR128_Mm090, EBUR128_Mp135,  EBUR128_Mm135 };
            for (unsigned ch = 0; ch < 8; ++ch)
                ebur128_set_channel (state, ch, map[ch]);
        }
    }

    double toDecibels (double gain) { return gain > 0 ? 20.0 * std::log10 (gain) : -HUGE_VAL; }
} // namespace

std::optional<TakeFigures> analyseTake (const std::filesystem::path& file, const std::atomic<bool>* cancel)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
    if (reader == nullptr)
        throw std::runtime_error ("cannot read " + file.string());

    const auto channels = (int) reader->numChannels;
    std::unique_ptr<ebur128_state, StateDeleter> state (
        ebur128_init ((unsigned) channels, (unsigned long) std::lround (reader->sampleRate),
                      EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_SAMPLE_PEAK));
    if (state == nullptr)
        throw std::runtime_error ("libebur128 cannot measure " + file.string());
    mapChannels (state.get(), channels);

    constexpr int chunk = 1 << 15;
    juce::AudioBuffer<float> planar (channels, chunk);
    std::vector<float> interleaved ((size_t) (chunk * channels));
    for (juce::int64 position = 0; position < reader->lengthInSamples; position += chunk)
    {
        if (cancel != nullptr && cancel->load())
            return std::nullopt;
        const int n = (int) std::min<juce::int64> (chunk, reader->lengthInSamples - position);
        if (!reader->read (&planar, 0, n, position, true, true))
            throw std::runtime_error ("cannot read " + file.string());
        for (int ch = 0; ch < channels; ++ch)
        {
            const float* in = planar.getReadPointer (ch);
            for (int i = 0; i < n; ++i)
                interleaved[(size_t) (i * channels + ch)] = in[i];
        }
        ebur128_add_frames_float (state.get(), interleaved.data(), (size_t) n);
    }

    TakeFigures figures;
    double samplePeak = 0, truePeak = 0;
    for (unsigned ch = 0; ch < (unsigned) channels; ++ch)
    {
        double value = 0;
        if (ebur128_sample_peak (state.get(), ch, &value) == EBUR128_SUCCESS)
            samplePeak = std::max (samplePeak, value);
        if (ebur128_true_peak (state.get(), ch, &value) == EBUR128_SUCCESS)
            truePeak = std::max (truePeak, value);
    }
    figures.samplePeakDbfs = toDecibels (samplePeak);
    figures.truePeakDbtp = toDecibels (std::max (truePeak, samplePeak)); // the true peak is never below the sample peak

    double loudness = 0;
    if (ebur128_loudness_global (state.get(), &loudness) == EBUR128_SUCCESS && std::isfinite (loudness))
        figures.integratedLufs = loudness;
    return figures;
}
} // namespace wavelift::capture
