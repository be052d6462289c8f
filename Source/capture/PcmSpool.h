#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <vector>

namespace wavelift::capture
{
/** The raw crash spool behind a FLAC take: a 32-byte header ("WLSPOOL1", channels, bits, sample rate) followed by
    interleaved little-endian integers of bits/8 bytes each. It has no length field: its length is the file's, so
    whatever reached the disk before a crash can be re-encoded. */
class PcmSpoolWriter
{
public:
    PcmSpoolWriter (const std::filesystem::path& file, double sampleRate, int channels, int bitsPerSample);

    /** Right-justified samples, one array per channel. Returns the bytes written (interleaved little-endian
        integers: the very bytes FLAC's MD5 signature is computed over). Throws on a write error. */
    std::span<const char> write (const std::int32_t* const* channels, int frames);

    /** Hands everything written so far to the operating system. */
    void flush();

private:
    std::ofstream stream;
    int numChannels, bytesPerSample;
    std::vector<char> packed;
};

class PcmSpoolReader
{
public:
    explicit PcmSpoolReader (const std::filesystem::path& file); // throws when it is not a spool

    int channels() const noexcept { return numChannels; }
    int bitsPerSample() const noexcept { return bits; }
    double sampleRate() const noexcept { return rate; }
    std::int64_t frames() const noexcept { return totalFrames; } // whole frames present

    /** Reads up to maxFrames frames into one right-justified array per channel; returns the frames read. */
    int read (std::int32_t* const* channels, int maxFrames);

private:
    std::ifstream stream;
    int numChannels = 0, bits = 0, bytesPerSample = 0;
    double rate = 0;
    std::int64_t totalFrames = 0, framesRead = 0;
    std::vector<unsigned char> packed;
};
} // namespace wavelift::capture
