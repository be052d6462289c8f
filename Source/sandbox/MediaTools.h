#pragma once

#include "sandbox/SandboxOptions.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
struct AudioInfo
{
    std::int64_t durationMs = 0;
    std::string formatName;
    std::string codecName;
    int sampleRate = 0;
    int channels = 0;
};

/** Asks ffprobe whether a file is decodable audio; nullopt when it has no audio stream or no duration. */
std::optional<AudioInfo> probeAudio (const std::string& ffprobePath, const std::filesystem::path& file);

/** ffmpeg arguments for the 30-second 128 kbit/s MP3 preview (the snippet starts at 0 s, as on the live CDN). */
std::vector<std::string> previewCommand (const std::string& ffmpegPath, const std::filesystem::path& input,
                                         const std::filesystem::path& output);

/** ffmpeg arguments that decode once and write both HLS AAC renditions (160k, 96k) into their folders. */
std::vector<std::string> hlsCommand (const std::string& ffmpegPath, const std::filesystem::path& input,
                                     const std::filesystem::path& folder160, const std::filesystem::path& folder96,
                                     HlsContainer container, int segmentSeconds);

/** Name of the playlist inside each HLS folder. */
inline constexpr const char* playlistFileName = "playlist.m3u8";
/** Name of the preview file inside a track's media folder. */
inline constexpr const char* previewFileName = "preview.128.mp3";
} // namespace wavelift::sandbox
