#pragma once

#include <cstdint>

namespace wavelift::capture
{
/** Turns captured float samples into what a take file stores: NaN and infinities become 0 (and are counted);
    integers are rounded to the nearest step, clipped to the format's range and, when reducing to 16-bit with dither
    on, TPDF-dithered (two uniform variables of one step each, so the error is independent of the signal). */
class SampleConverter
{
public:
    /** bitDepth 16 or 24 for integers, 32 for float; the seed makes the dither sequence reproducible. */
    SampleConverter (int bitDepth, bool dither, std::uint64_t seed) noexcept;

    /** Right-justified integers (e.g. -32768..32767 for 16-bit). Returns how many samples were not finite. */
    int toIntegers (const float* source, std::int32_t* destination, int n) noexcept;

    /** Float samples, bit-identical except for the sanitised ones. Returns how many samples were not finite. */
    static int toFloats (const float* source, float* destination, int n) noexcept;

private:
    float nextTriangular() noexcept;

    float scale;
    std::int32_t lowest, highest;
    bool dither;
    std::uint64_t state;
};
} // namespace wavelift::capture
