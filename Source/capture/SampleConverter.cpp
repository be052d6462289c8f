#include "capture/SampleConverter.h"

#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wavelift::capture
{
SampleConverter::SampleConverter (int bitDepth, bool ditherOn, std::uint64_t seed) noexcept
    : scale ((float) (1 << (bitDepth - 1)))
    , lowest (-(1 << (bitDepth - 1)))
    , highest ((1 << (bitDepth - 1)) - 1)
    , dither (ditherOn)
    , state (seed != 0 ? seed : 0x9e3779b97f4a7c15ull)
{
}

float SampleConverter::nextTriangular() noexcept
{
    // xorshift64*: fast, and good enough that the dither's spectrum is white.
    const auto uniform = [this]
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return (float) ((state * 0x2545f4914f6cdd1dull) >> 40) * (1.0f / 16777216.0f); // [0, 1)
    };
    const float a = uniform();
    return a - uniform(); // triangular on (-1, 1) steps
}

#if defined(__SSE2__)
namespace
{
    /** Four samples at a time: non-finite lanes zeroed (and counted). */
    inline __m128 sanitise (__m128 x, int& nonFinite) noexcept
    {
        const __m128 magnitude = _mm_andnot_ps (_mm_set1_ps (-0.0f), x);
        const __m128 finite = _mm_cmple_ps (magnitude, _mm_set1_ps (std::numeric_limits<float>::max())); // NaN: false
        static constexpr int setBits[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
        nonFinite += 4 - setBits[_mm_movemask_ps (finite)];
        return _mm_and_ps (x, finite);
    }
} // namespace
#endif

int SampleConverter::toIntegers (const float* source, std::int32_t* destination, int n) noexcept
{
    int nonFinite = 0;
    int i = 0;
#if defined(__SSE2__)
    if (!dither)
    {
        // The same arithmetic as below, four at a time: cvtps2dq rounds to nearest like lrint.
        const __m128 scaleVector = _mm_set1_ps (scale);
        const __m128 low = _mm_set1_ps ((float) lowest), high = _mm_set1_ps ((float) highest);
        for (; i + 4 <= n; i += 4)
        {
            const __m128 x = sanitise (_mm_loadu_ps (source + i), nonFinite);
            const __m128 clipped = _mm_min_ps (_mm_max_ps (_mm_mul_ps (x, scaleVector), low), high);
            _mm_storeu_si128 (reinterpret_cast<__m128i*> (destination + i), _mm_cvtps_epi32 (clipped));
        }
    }
#endif
    for (; i < n; ++i)
    {
        float x = source[i];
        if (!std::isfinite (x))
        {
            x = 0.0f;
            ++nonFinite;
        }
        // Scaling by a power of two is exact, so an input on the grid lands on its integer exactly.
        float scaled = x * scale;
        if (dither)
            scaled += nextTriangular();
        // Clip before rounding: lrint of a value beyond long's range is undefined.
        scaled = scaled < (float) lowest ? (float) lowest : (scaled > (float) highest ? (float) highest : scaled);
        destination[i] = (std::int32_t) std::lrint (scaled);
    }
    return nonFinite;
}

int SampleConverter::toFloats (const float* source, float* destination, int n) noexcept
{
    int nonFinite = 0;
    int i = 0;
#if defined(__SSE2__)
    for (; i + 4 <= n; i += 4)
        _mm_storeu_ps (destination + i, sanitise (_mm_loadu_ps (source + i), nonFinite));
#endif
    for (; i < n; ++i)
    {
        const float x = source[i];
        const bool finite = std::isfinite (x);
        nonFinite += finite ? 0 : 1;
        destination[i] = finite ? x : 0.0f;
    }
    return nonFinite;
}
} // namespace wavelift::capture
