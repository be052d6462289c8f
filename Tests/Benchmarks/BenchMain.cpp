// The benchmark runner. `wavelift_bench` runs every benchmark, `wavelift_bench NAME...` the ones whose name contains
// one of the words; it prints one table row per measurement and exits 1 when a row misses its target.
#include "Benchmark.h"

#include <juce_events/juce_events.h>

#include <cstdio>
#include <iostream>

namespace wavelift::bench
{
std::vector<Benchmark>& registry()
{
    static std::vector<Benchmark> benchmarks;
    return benchmarks;
}
} // namespace wavelift::bench

int main (int argc, char* argv[])
{
    using namespace wavelift::bench;
    const juce::ScopedJuceInitialiser_GUI juce;

    std::vector<std::string> filters (argv + 1, argv + argc);
    const auto selected = [&] (const std::string& name)
    {
        if (filters.empty())
            return true;
        for (const auto& f : filters)
            if (name.find (f) != std::string::npos)
                return true;
        return false;
    };

    std::vector<Measurement> rows;
    for (const auto& benchmark : registry())
    {
        if (!selected (benchmark.name))
            continue;
        std::cerr << "running " << benchmark.name << "...\n";
        for (auto& m : benchmark.run())
            rows.push_back (std::move (m));
    }

    std::printf ("%-48s %14s %14s %-22s %9s %-9s %s\n", "benchmark", "wavelift", "reference", "reference is", "ratio",
                 "target", "result");
    int misses = 0;
    for (const auto& m : rows)
    {
        const double ratio = m.reference != 0 ? m.ours / m.reference : 0.0;
        const char* verdict = m.target.empty() ? "info" : (m.meetsTarget ? "met" : "MISSED");
        misses += (!m.target.empty() && !m.meetsTarget) ? 1 : 0;
        std::printf ("%-48s %10.4g %-3s %10.4g %-3s %-22s %8.3fx %-9s %s%s%s\n", m.name.c_str(), m.ours, m.unit.c_str(),
                     m.reference, m.unit.c_str(), m.referenceName.c_str(), ratio, m.target.c_str(), verdict,
                     m.note.empty() ? "" : "  ", m.note.c_str());
    }
    return misses == 0 ? 0 : 1;
}
