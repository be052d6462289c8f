#pragma once

#include "capture/CaptureEngine.h"
#include "capture/TakeRecord.h"

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <vector>

namespace wavelift::capture::test
{
/** A fresh folder under the system temp folder, removed with everything in it at the end of the test. */
class TempFolder
{
public:
    TempFolder();
    ~TempFolder();
    const std::filesystem::path& path() const noexcept { return folder; }
    std::filesystem::path operator/ (const std::string& name) const { return folder / name; }

private:
    std::filesystem::path folder;
};

/** Planar audio: one vector per channel. */
template <typename Sample>
using Planar = std::vector<std::vector<Sample>>;

/** Integers spanning the whole range of the bit depth (both extremes included), deterministic from the seed. */
Planar<std::int32_t> makeIntegers (int channels, int frames, int bits, std::uint32_t seed);

/** The floats that stand exactly for those integers (k / 2^(bits-1)): they survive quantisation unchanged. */
Planar<float> toFloats (const Planar<std::int32_t>&, int bits);

/** Arbitrary finite floats (beyond +-1, denormals, -0 included), deterministic from the seed. */
Planar<float> makeFloats (int channels, int frames, std::uint32_t seed);

/** A file read back: integers right-justified, or floats for float files. */
struct Decoded
{
    double sampleRate = 0;
    int channels = 0;
    std::int64_t frames = 0;
    int bits = 0;
    Planar<std::int32_t> integers;
    Planar<float> floats;
};

Decoded readWithJuce (const std::filesystem::path&, int bitsPerSample, bool isFloat);
Decoded readWithSndfile (const std::filesystem::path&, int bitsPerSample, bool isFloat);

/** What libsndfile's header parser makes of a file (rate, channels, frames), without reading the audio. */
Decoded readWithSndfileInfo (const std::filesystem::path&);

/** Exact equality, bit for bit (floats compared as bit patterns, so -0 and 0 differ). */
bool bitIdentical (const Planar<float>&, const Planar<float>&);

/** Collects the takes an engine finishes (the writer thread calls, the test reads after release()). */
class TakeCollector
{
public:
    std::function<void (const TakeRecord&)> callback();
    std::vector<TakeRecord> takes() const;

private:
    mutable std::mutex mutex;
    std::vector<TakeRecord> collected;
};

/** Feeds planar audio to an engine in blocks, like a host's audio thread. */
class HostSimulator
{
public:
    HostSimulator (CaptureEngine&, int channels);

    /** Pushes frames [from, from + count) of the signal in blocks of the given sizes (cycled). */
    void play (const Planar<float>& signal, std::int64_t from, std::int64_t count, const std::vector<int>& blockSizes,
               BlockInfo info, bool advanceTimeline = true);

    /** One empty-handed block (0 frames) with the given transport: lets the engine see a state change. */
    void tick (const BlockInfo&);

    std::int64_t timeline = 0;

private:
    CaptureEngine& engine;
    int numChannels;
};

BlockInfo playing (bool offline = false);
BlockInfo stopped (bool offline = false);
} // namespace wavelift::capture::test
