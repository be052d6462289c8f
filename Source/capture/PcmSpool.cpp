#include "capture/PcmSpool.h"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace wavelift::capture
{
namespace
{
    constexpr char magic[8] = { 'W', 'L', 'S', 'P', 'O', 'O', 'L', '1' };
    constexpr int headerSize = 32;

    void putLittleEndian (char* out, std::uint64_t value, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
            out[i] = (char) ((value >> (8 * i)) & 0xff);
    }

    std::uint64_t getLittleEndian (const unsigned char* in, int bytes)
    {
        std::uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value |= (std::uint64_t) in[i] << (8 * i);
        return value;
    }
} // namespace

PcmSpoolWriter::PcmSpoolWriter (const std::filesystem::path& file, double sampleRate, int channels, int bitsPerSample)
    : stream (file, std::ios::binary | std::ios::trunc)
    , numChannels (channels)
    , bytesPerSample (bitsPerSample / 8)
{
    if (!stream)
        throw std::runtime_error ("cannot create the spool " + file.string());

    char header[headerSize] = {};
    std::memcpy (header, magic, sizeof (magic));
    putLittleEndian (header + 8, (std::uint64_t) channels, 4);
    putLittleEndian (header + 12, (std::uint64_t) bitsPerSample, 4);
    std::uint64_t rateBits;
    std::memcpy (&rateBits, &sampleRate, sizeof (rateBits));
    putLittleEndian (header + 16, rateBits, 8);
    stream.write (header, headerSize);
    flush();
}

std::span<const char> PcmSpoolWriter::write (const std::int32_t* const* channels, int frames)
{
    const auto frameBytes = (size_t) (numChannels * bytesPerSample);
    packed.resize ((size_t) frames * frameBytes);
    // One loop per width: this runs for every sample of every FLAC take, on the writer thread.
    const auto pack = [&] (auto width)
    {
        char* out = packed.data();
        for (int i = 0; i < frames; ++i)
            for (int ch = 0; ch < numChannels; ++ch, out += width())
            {
                const auto sample = (std::uint32_t) channels[ch][i];
                out[0] = (char) (sample & 0xff);
                out[1] = (char) ((sample >> 8) & 0xff);
                if constexpr (width() == 3)
                    out[2] = (char) ((sample >> 16) & 0xff);
            }
    };
    if (bytesPerSample == 2)
        pack (std::integral_constant<int, 2>{});
    else
        pack (std::integral_constant<int, 3>{});

    stream.write (packed.data(), (std::streamsize) packed.size());
    if (!stream)
        throw std::runtime_error ("cannot write the spool (disk full?)");
    return { packed.data(), packed.size() };
}

void PcmSpoolWriter::flush()
{
    stream.flush();
    if (!stream)
        throw std::runtime_error ("cannot write the spool (disk full?)");
}

PcmSpoolReader::PcmSpoolReader (const std::filesystem::path& file)
    : stream (file, std::ios::binary)
{
    unsigned char header[headerSize] = {};
    if (!stream.read ((char*) header, headerSize) || std::memcmp (header, magic, sizeof (magic)) != 0)
        throw std::runtime_error (file.string() + " is not a Wavelift spool");

    numChannels = (int) getLittleEndian (header + 8, 4);
    bits = (int) getLittleEndian (header + 12, 4);
    const auto rateBits = getLittleEndian (header + 16, 8);
    std::memcpy (&rate, &rateBits, sizeof (rate));
    bytesPerSample = bits / 8;
    if (numChannels < 1 || numChannels > 64 || (bits != 16 && bits != 24) || !(rate > 0))
        throw std::runtime_error (file.string() + " has a damaged spool header");

    const auto dataBytes = (std::int64_t) std::filesystem::file_size (file) - headerSize;
    totalFrames = std::max<std::int64_t> (0, dataBytes / (numChannels * bytesPerSample));
}

int PcmSpoolReader::read (std::int32_t* const* channels, int maxFrames)
{
    const int frames = (int) std::min<std::int64_t> (maxFrames, totalFrames - framesRead);
    if (frames <= 0)
        return 0;

    packed.resize ((size_t) frames * (size_t) (numChannels * bytesPerSample));
    if (!stream.read ((char*) packed.data(), (std::streamsize) packed.size()))
        throw std::runtime_error ("cannot read the spool");

    const int shift = 32 - bits; // sign-extend the packed integers
    const unsigned char* in = packed.data();
    for (int i = 0; i < frames; ++i)
        for (int ch = 0; ch < numChannels; ++ch, in += bytesPerSample)
            channels[ch][i] = (std::int32_t) ((std::uint32_t) getLittleEndian (in, bytesPerSample) << shift) >> shift;

    framesRead += frames;
    return frames;
}
} // namespace wavelift::capture
