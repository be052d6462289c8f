#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace wavelift::bench
{
/** One row of the table: our figure against a reference figure of the same unit, and the target ratio. */
struct Measurement
{
    std::string name;
    std::string unit;
    double ours = 0;
    double reference = 0;
    std::string referenceName;
    std::string target; // e.g. "<= 2.0x" or "" when informative only
    bool higherIsBetter = false;
    bool meetsTarget = true;
    std::string note;
};

struct Benchmark
{
    std::string name;
    std::function<std::vector<Measurement>()> run;
};

/** Every benchmark in this runner (each part adds its own). */
std::vector<Benchmark>& registry();

struct Registration
{
    Registration (std::string name, std::function<std::vector<Measurement>()> run)
    {
        registry().push_back ({ std::move (name), std::move (run) });
    }
};

/** Best-of-n wall time of fn in seconds: the minimum is the figure least disturbed by the rest of the machine. */
inline double bestSeconds (int repeats, const std::function<void()>& fn)
{
    double best = 1.0e300;
    for (int i = 0; i < repeats; ++i)
    {
        const auto start = std::chrono::steady_clock::now();
        fn();
        best = std::min (best, std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count());
    }
    return best;
}
} // namespace wavelift::bench
