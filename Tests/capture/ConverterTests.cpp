// Quantisation, TPDF dither and sanitising, measured exactly.
#include "capture/SampleConverter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <vector>

using wavelift::capture::SampleConverter;

TEST_CASE ("capture: integers on the grid survive quantisation exactly", "[capture][convert]")
{
    const int bits = GENERATE (16, 24);
    const std::int32_t highest = (1 << (bits - 1)) - 1, lowest = -(1 << (bits - 1));
    const float step = 1.0f / (float) (1 << (bits - 1));
    std::vector<float> in;
    std::vector<std::int32_t> expected;
    for (std::int32_t k : { lowest, lowest + 1, -1, 0, 1, 12345, highest - 1, highest })
    {
        in.push_back ((float) k * step);
        expected.push_back (k);
    }
    // Beyond full scale clips to the extremes; +1.0 is one step above the highest code.
    in.insert (in.end(), { 1.0f, 1.5f, -1.5f, 1.0e30f, -1.0e30f });
    expected.insert (expected.end(), { highest, highest, lowest, highest, lowest });

    SampleConverter converter (bits, false, 1);
    std::vector<std::int32_t> out (in.size());
    CHECK (converter.toIntegers (in.data(), out.data(), (int) in.size()) == 0);
    CHECK (out == expected);
}

TEST_CASE ("capture: values between steps round to the nearest without dither", "[capture][convert]")
{
    SampleConverter converter (16, false, 1);
    const float step = 1.0f / 32768.0f;
    const std::vector<float> in{ 100.3f * step, 100.7f * step, -100.3f * step, -100.7f * step };
    std::vector<std::int32_t> out (in.size());
    converter.toIntegers (in.data(), out.data(), (int) in.size());
    CHECK (out == std::vector<std::int32_t>{ 100, 101, -100, -101 });
}

TEST_CASE ("capture: TPDF dither spans one step either side and averages to the input", "[capture][convert][dither]")
{
    constexpr int n = 200000;
    const float value = 8192.3f / 32768.0f; // 0.3 of a step above code 8192
    const std::vector<float> in (n, value);
    std::vector<std::int32_t> out (n);
    SampleConverter converter (16, true, 42);
    converter.toIntegers (in.data(), out.data(), n);

    std::map<std::int32_t, int> histogram;
    double sum = 0;
    for (auto v : out)
    {
        ++histogram[v];
        sum += v;
    }
    // 8192.3 plus a triangular (-1, 1) lands in (8191.3, 8193.3): codes 8191, 8192 and 8193 only, all of them used.
    CHECK (histogram.size() == 3);
    CHECK (histogram.begin()->first == 8191);
    CHECK (histogram.rbegin()->first == 8193);
    CHECK (sum / n == Approx (8192.3).margin (0.01));

    // Reproducible from the seed, different with another.
    std::vector<std::int32_t> again (n), other (n);
    SampleConverter (16, true, 42).toIntegers (in.data(), again.data(), n);
    SampleConverter (16, true, 43).toIntegers (in.data(), other.data(), n);
    CHECK (again == out);
    CHECK (other != out);

    // Off means off.
    std::vector<std::int32_t> plain (n);
    SampleConverter (16, false, 42).toIntegers (in.data(), plain.data(), n);
    CHECK (std::all_of (plain.begin(), plain.end(), [] (std::int32_t v) { return v == 8192; }));
}

TEST_CASE ("capture: NaN and infinities are written as 0 and counted", "[capture][convert]")
{
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<float> in{ 0.5f, nan, inf, -inf, -0.25f, nan };

    std::vector<std::int32_t> integers (in.size());
    SampleConverter converter (24, false, 1);
    CHECK (converter.toIntegers (in.data(), integers.data(), (int) in.size()) == 4);
    CHECK (integers == std::vector<std::int32_t>{ 4194304, 0, 0, 0, -2097152, 0 });

    std::vector<float> floats (in.size());
    CHECK (SampleConverter::toFloats (in.data(), floats.data(), (int) in.size()) == 4);
    CHECK (floats == std::vector<float>{ 0.5f, 0.0f, 0.0f, 0.0f, -0.25f, 0.0f });
}
