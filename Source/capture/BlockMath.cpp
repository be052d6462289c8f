#include "capture/BlockMath.h"

#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wavelift::capture
{
namespace
{
    // `peak < x ? x : peak` keeps the running peak when x is NaN, like maxps does.
    inline float larger (float peak, float x) noexcept { return peak < x ? x : peak; }

#if defined(__SSE2__)
    inline float horizontalMax (__m128 v) noexcept
    {
        v = _mm_max_ps (v, _mm_shuffle_ps (v, v, _MM_SHUFFLE (2, 3, 0, 1)));
        v = _mm_max_ps (v, _mm_shuffle_ps (v, v, _MM_SHUFFLE (1, 0, 3, 2)));
        return _mm_cvtss_f32 (v);
    }
#endif
} // namespace

float measurePeak (const float* source, int n) noexcept
{
    int i = 0;
    float peak = 0.0f;
#if defined(__SSE2__)
    const __m128 signMask = _mm_set1_ps (-0.0f);
    __m128 peaks0 = _mm_setzero_ps(), peaks1 = _mm_setzero_ps();
    for (; i + 8 <= n; i += 8)
    {
        peaks0 = _mm_max_ps (_mm_andnot_ps (signMask, _mm_loadu_ps (source + i)), peaks0);
        peaks1 = _mm_max_ps (_mm_andnot_ps (signMask, _mm_loadu_ps (source + i + 4)), peaks1);
    }
    peak = horizontalMax (_mm_max_ps (peaks0, peaks1));
#endif
    for (; i < n; ++i)
        peak = larger (peak, std::fabs (source[i]));
    return peak;
}
} // namespace wavelift::capture
