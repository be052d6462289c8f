#include "capture/WavRepair.h"

#include <array>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>

namespace wavelift::capture
{
namespace
{
    constexpr std::uint64_t sizeMarker = 0xffffffffu; // a RIFF size field of -1: the real size is in ds64

    struct Chunk
    {
        std::int64_t position = 0; // of the chunk header
        std::uint32_t size = 0;
    };

    std::uint64_t readLittleEndian (std::fstream& stream, int bytes)
    {
        std::array<unsigned char, 8> raw{};
        if (!stream.read ((char*) raw.data(), bytes))
            throw std::runtime_error ("truncated WAV header");
        std::uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value |= (std::uint64_t) raw[(size_t) i] << (8 * i);
        return value;
    }

    void writeLittleEndian (std::fstream& stream, std::int64_t position, std::uint64_t value, int bytes)
    {
        std::array<char, 8> raw{};
        for (int i = 0; i < bytes; ++i)
            raw[(size_t) i] = (char) ((value >> (8 * i)) & 0xff);
        stream.seekp (position);
        stream.write (raw.data(), bytes);
    }

    void writeTag (std::fstream& stream, std::int64_t position, const char* tag)
    {
        stream.seekp (position);
        stream.write (tag, 4);
    }

    std::string readTag (std::fstream& stream)
    {
        char tag[4];
        if (!stream.read (tag, 4))
            throw std::runtime_error ("truncated WAV header");
        return std::string (tag, 4);
    }
} // namespace

RepairedWav repairWavHeader (const std::filesystem::path& file)
{
    const auto fileSize = (std::int64_t) std::filesystem::file_size (file);
    std::fstream stream (file, std::ios::in | std::ios::out | std::ios::binary);
    if (!stream)
        throw std::runtime_error ("cannot open " + file.string());

    const auto riffTag = readTag (stream);
    if (riffTag != "RIFF" && riffTag != "RF64")
        throw std::runtime_error (file.string() + " is not a WAV file");
    readLittleEndian (stream, 4);
    if (readTag (stream) != "WAVE")
        throw std::runtime_error (file.string() + " is not a WAV file");

    RepairedWav result;
    int blockAlign = 0;
    std::optional<Chunk> ds64, junk;
    std::int64_t dataStart = -1;

    // Every chunk before "data" was complete when the header was first written; only the sizes went stale.
    for (std::int64_t position = 12; position + 8 <= fileSize;)
    {
        stream.seekg (position);
        const auto tag = readTag (stream);
        const auto size = (std::uint32_t) readLittleEndian (stream, 4);
        if (tag == "data")
        {
            dataStart = position + 8;
            break;
        }
        if (tag == "fmt ")
        {
            readLittleEndian (stream, 2); // format tag
            result.channels = (int) readLittleEndian (stream, 2);
            result.sampleRate = (double) readLittleEndian (stream, 4);
            readLittleEndian (stream, 4); // bytes per second
            blockAlign = (int) readLittleEndian (stream, 2);
            result.bitsPerSample = (int) readLittleEndian (stream, 2);
        }
        else if (tag == "ds64")
            ds64 = Chunk{ position, size };
        else if (tag == "JUNK" && blockAlign == 0 && !junk)
            junk = Chunk{ position, size };
        position += 8 + (std::int64_t) size + (size & 1);
    }

    if (dataStart < 0 || blockAlign <= 0 || result.channels <= 0)
        throw std::runtime_error (file.string() + " has no usable fmt and data chunks");

    // Drop a partial last frame, then keep the data chunk's length even as RIFF requires.
    result.frames = std::max<std::int64_t> (0, (fileSize - dataStart) / blockAlign);
    const auto dataBytes = result.frames * blockAlign;
    const auto paddedEnd = dataStart + dataBytes + (dataBytes & 1);
    stream.close();
    std::filesystem::resize_file (file, (std::uintmax_t) paddedEnd); // zero-fills the pad byte when it is new
    stream.open (file, std::ios::in | std::ios::out | std::ios::binary);

    const auto riffSize = (std::uint64_t) (paddedEnd - 8);
    const bool needsRf64 = riffSize >= sizeMarker || (std::uint64_t) dataBytes >= sizeMarker;

    if (ds64) // already RF64: the 64-bit sizes live in ds64
    {
        writeLittleEndian (stream, ds64->position + 8, riffSize, 8);
        writeLittleEndian (stream, ds64->position + 16, (std::uint64_t) dataBytes, 8);
        writeLittleEndian (stream, ds64->position + 24, (std::uint64_t) result.frames, 8);
        result.isRf64 = true;
    }
    else if (!needsRf64)
    {
        writeLittleEndian (stream, 4, riffSize, 4);
        writeLittleEndian (stream, dataStart - 4, (std::uint64_t) dataBytes, 4);
    }
    else
    {
        // Turn the reserved JUNK chunk into ds64 (28 bytes); what is left of it stays a smaller JUNK chunk.
        const std::uint32_t leftOver = junk ? junk->size - 28 : 0;
        if (!junk || junk->size < 28 || (leftOver != 0 && leftOver < 8))
            throw std::runtime_error (file.string() + " is past 4 GiB and has no room for an RF64 header");

        writeTag (stream, 0, "RF64");
        writeLittleEndian (stream, 4, sizeMarker, 4);
        writeTag (stream, junk->position, "ds64");
        writeLittleEndian (stream, junk->position + 4, 28, 4);
        writeLittleEndian (stream, junk->position + 8, riffSize, 8);
        writeLittleEndian (stream, junk->position + 16, (std::uint64_t) dataBytes, 8);
        writeLittleEndian (stream, junk->position + 24, (std::uint64_t) result.frames, 8);
        writeLittleEndian (stream, junk->position + 32, 0, 4); // no table entries
        if (leftOver != 0)
        {
            writeTag (stream, junk->position + 36, "JUNK");
            writeLittleEndian (stream, junk->position + 40, leftOver - 8, 4);
        }
        writeLittleEndian (stream, dataStart - 4, sizeMarker, 4);
        result.isRf64 = true;
    }

    stream.flush();
    if (!stream)
        throw std::runtime_error ("cannot rewrite the header of " + file.string());
    return result;
}
} // namespace wavelift::capture
