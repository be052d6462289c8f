#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wavelift::capture
{
/** Writes a FLAC file through libFLAC directly. JUCE's FlacWriter cannot select level 0 (its quality index 0 means
    "leave libFLAC's default", i.e. level 5), writes no tags and allocates on every write. */
class FlacEncoder
{
public:
    using Tags = std::vector<std::pair<std::string, std::string>>; // Vorbis comments, e.g. { "ENCODER", "Wavelift" }

    /** Throws std::runtime_error when the file cannot be created or the parameters are not valid FLAC. With
        computeMd5 false, STREAMINFO's MD5 is left to writeMd5() if this libFLAC allows it (see leavesMd5ToCaller). */
    FlacEncoder (const std::filesystem::path& file, double sampleRate, int channels, int bitsPerSample, int level,
                 const Tags& tags = {}, bool computeMd5 = true);
    ~FlacEncoder();

    /** Right-justified samples, one array per channel. Throws on failure. */
    void write (const std::int32_t* const* channels, int frames);

    /** Flushes the last frame and rewrites STREAMINFO (total length, MD5). Throws on failure. */
    void finish();

    /** Stores an MD5 signature (of the samples as interleaved little-endian integers) in a finished file's
        STREAMINFO. Throws when the file does not start with STREAMINFO. */
    static void writeMd5 (const std::filesystem::path& file, const std::array<std::uint8_t, 16>& md5);

    /** True when the encoder does not sign the stream, and the caller must call writeMd5() after finish(). */
    bool leavesMd5ToCaller() const noexcept { return md5LeftToCaller; }

private:
    struct Resources;
    std::unique_ptr<Resources> resources;
    bool md5LeftToCaller = false;
};
} // namespace wavelift::capture
