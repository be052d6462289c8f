#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
/** A 44.1 kHz 16-bit stereo WAV of any length, produced on the fly (a one-second chord, repeated), so huge test
    uploads never exist in memory or on disk on the client side. */
class WavGenerator
{
public:
    static constexpr std::uint32_t sampleRate = 44100;
    static constexpr std::uint32_t bytesPerSecond = sampleRate * 4;
    static constexpr std::size_t headerSize = 44;

    explicit WavGenerator (std::uint64_t totalBytes)
        : totalBytes_ (totalBytes)
    {
        const auto dataBytes = static_cast<std::uint32_t> ((totalBytes - headerSize) & ~std::uint64_t{ 3 });
        dataBytes_ = dataBytes;
        header_.resize (headerSize);
        auto* h = header_.data();
        const auto put32 = [] (char* at, std::uint32_t value) { std::memcpy (at, &value, 4); };
        const auto put16 = [] (char* at, std::uint16_t value) { std::memcpy (at, &value, 2); };
        std::memcpy (h, "RIFF", 4);
        put32 (h + 4, 36 + dataBytes);
        std::memcpy (h + 8, "WAVEfmt ", 8);
        put32 (h + 16, 16);
        put16 (h + 20, 1);
        put16 (h + 22, 2);
        put32 (h + 24, sampleRate);
        put32 (h + 28, bytesPerSecond);
        put16 (h + 32, 4);
        put16 (h + 34, 16);
        std::memcpy (h + 36, "data", 4);
        put32 (h + 40, dataBytes);

        second_.resize (bytesPerSecond);
        for (std::uint32_t i = 0; i < sampleRate; ++i)
        {
            const double t = static_cast<double> (i) / sampleRate;
            const double value = 0.2 * std::sin (2 * M_PI * 220 * t) + 0.15 * std::sin (2 * M_PI * 277 * t)
                                 + 0.1 * std::sin (2 * M_PI * 330 * t);
            const auto sample = static_cast<std::int16_t> (value * 32767);
            std::memcpy (&second_[i * 4], &sample, 2);
            std::memcpy (&second_[i * 4 + 2], &sample, 2);
        }
    }

    std::uint64_t size() const { return totalBytes_; }
    std::uint32_t dataBytes() const { return dataBytes_; }
    double durationSeconds() const { return static_cast<double> (dataBytes_) / bytesPerSecond; }

    /** Copies bytes [offset, offset + capacity) of the file into `buffer`. */
    std::size_t read (char* buffer, std::size_t capacity, std::uint64_t offset) const
    {
        std::size_t written = 0;
        while (written < capacity && offset < totalBytes_)
        {
            if (offset < headerSize)
            {
                buffer[written++] = header_[offset++];
                continue;
            }
            const auto inSecond = (offset - headerSize) % second_.size();
            const auto take = static_cast<std::size_t> (
                std::min<std::uint64_t> ({ capacity - written, second_.size() - inSecond, totalBytes_ - offset }));
            std::memcpy (buffer + written, second_.data() + inSecond, take);
            written += take;
            offset += take;
        }
        return written;
    }

    void writeTo (const std::filesystem::path& file) const
    {
        std::ofstream out (file, std::ios::binary);
        std::vector<char> chunk (1 << 20);
        for (std::uint64_t offset = 0; offset < totalBytes_;)
        {
            const auto n = read (chunk.data(), chunk.size(), offset);
            out.write (chunk.data(), static_cast<std::streamsize> (n));
            offset += n;
        }
    }

private:
    std::uint64_t totalBytes_;
    std::uint32_t dataBytes_ = 0;
    std::string header_;
    std::vector<char> second_;
};
} // namespace wavelift::sandbox::test
