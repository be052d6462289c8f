#include "capture/CaptureSettings.h"

#include <algorithm>
#include <cctype>

namespace wavelift::capture
{
std::string CaptureSettings::problem() const
{
    if (format == FileFormat::flac && bitDepth != 16 && bitDepth != 24)
        return "FLAC takes 16 or 24 bits, not " + std::to_string (bitDepth);
    if (bitDepth != 16 && bitDepth != 24 && bitDepth != 32)
        return "WAV takes 16, 24 or 32 (float) bits, not " + std::to_string (bitDepth);
    if (flacLevel < 0 || flacLevel > 8)
        return "the FLAC level goes from 0 to 8, not " + std::to_string (flacLevel);
    return {};
}

// Layout: bit 0 format, bits 1-2 bit depth (0 = 16, 1 = 24, 2 = 32), bits 3-6 FLAC level, bit 7 dither,
// bit 8 follow transport.
std::uint32_t CaptureSettings::pack() const noexcept
{
    const std::uint32_t depthCode = bitDepth == 16 ? 0u : (bitDepth == 24 ? 1u : 2u);
    return (format == FileFormat::flac ? 1u : 0u) | (depthCode << 1) | ((std::uint32_t) (flacLevel & 0xf) << 3)
           | ((dither ? 1u : 0u) << 7) | ((followTransport ? 1u : 0u) << 8);
}

CaptureSettings CaptureSettings::unpack (std::uint32_t packed) noexcept
{
    static constexpr int depths[] = { 16, 24, 32, 24 };
    CaptureSettings s;
    s.format = (packed & 1u) != 0 ? FileFormat::flac : FileFormat::wav;
    s.bitDepth = depths[(packed >> 1) & 3u];
    s.flacLevel = (int) ((packed >> 3) & 0xfu);
    s.dither = ((packed >> 7) & 1u) != 0;
    s.followTransport = ((packed >> 8) & 1u) != 0;
    return s;
}

const char* formatName (FileFormat f) noexcept { return f == FileFormat::flac ? "flac" : "wav"; }

const char* fileExtension (FileFormat f) noexcept { return f == FileFormat::flac ? ".flac" : ".wav"; }

std::optional<FileFormat> formatFromName (std::string_view name)
{
    std::string lower (name);
    std::transform (lower.begin(), lower.end(), lower.begin(),
                    [] (unsigned char c) { return (char) std::tolower (c); });
    if (lower == "wav")
        return FileFormat::wav;
    if (lower == "flac")
        return FileFormat::flac;
    return std::nullopt;
}

std::optional<FileFormat> formatFromExtension (const std::filesystem::path& file)
{
    const auto extension = file.extension().string();
    return extension.empty() ? std::nullopt : formatFromName (std::string_view (extension).substr (1));
}
} // namespace wavelift::capture
