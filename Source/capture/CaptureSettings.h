#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace wavelift::capture
{
enum class FileFormat : std::uint8_t
{
    wav,
    flac
};

/** The most channels a take can have. */
inline constexpr int maxChannels = 8;

/** How takes are written and when they start. Trivially copyable and packable into one word, because the audio
    thread reads it from an atomic at the start of every take. */
struct CaptureSettings
{
    FileFormat format = FileFormat::wav;
    int bitDepth = 24;           // 16 or 24 (integer PCM), or 32 (IEEE float, WAV only)
    int flacLevel = 5;           // libFLAC compression level 0-8
    bool dither = true;          // TPDF dither when reducing to 16-bit
    bool followTransport = true; // takes follow the host transport; otherwise manual arm/stop

    bool operator== (const CaptureSettings&) const = default;

    /** Empty when the settings can be written, else the reason they cannot ("FLAC takes 16 or 24 bits"). */
    std::string problem() const;
    bool isValid() const { return problem().empty(); }

    /** Dither is only ever added when reducing to 16-bit. */
    bool ditherApplies() const noexcept { return dither && bitDepth == 16; }
    bool isFloat() const noexcept { return bitDepth == 32; }

    std::uint32_t pack() const noexcept;
    static CaptureSettings unpack (std::uint32_t packed) noexcept;
};

const char* formatName (FileFormat) noexcept;    // "wav", "flac"
const char* fileExtension (FileFormat) noexcept; // ".wav", ".flac"
std::optional<FileFormat> formatFromName (std::string_view name);
std::optional<FileFormat> formatFromExtension (const std::filesystem::path& file);
} // namespace wavelift::capture
