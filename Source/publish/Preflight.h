#pragma once

#include "publish/UploadRequest.h"
#include "soundcloud/Models.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wavelift::publish
{
/** SoundCloud's limits per file (Upload Requirements: 4 GB and 24 hours of audio). */
inline constexpr std::uint64_t maxUploadBytes = 4'000'000'000ULL;
inline constexpr double maxUploadSeconds = 24.0 * 60.0 * 60.0;
/** Uncompressed files past this size are better sent as FLAC (lossless, about half the size). */
inline constexpr std::uint64_t suggestFlacAboveBytes = 200ULL * 1024 * 1024;

struct PreflightReport
{
    /** Why the file must not be sent, in words for the producer; nullopt when it may go. */
    std::optional<std::string> refusal;
    /** A WAV or AIFF large enough that FLAC would save real time. */
    bool suggestFlac = false;
    std::uint64_t bytes = 0;
    double durationSeconds = 0.0;
    std::string formatName;
};

/** Checks before any byte is sent: the file exists, is decodable audio to its last sample, is within 4 GB and 24
    hours, the artwork (if any) is PNG or JPEG, the title is not empty, and the account's upload quota (when /me
    reports one) has room for it. */
PreflightReport checkUpload (const UploadRequest& request, const std::optional<soundcloud::Me>& account);
} // namespace wavelift::publish
