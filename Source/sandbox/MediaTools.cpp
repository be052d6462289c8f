#include "sandbox/MediaTools.h"

#include "sandbox/Subprocess.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace wavelift::sandbox
{
std::optional<AudioInfo> probeAudio (const std::string& ffprobePath, const std::filesystem::path& file)
{
    const auto output = runProcess ({ ffprobePath, "-v", "error", "-select_streams", "a:0", "-show_entries",
                                      "stream=codec_name,sample_rate,channels,duration:format=format_name,duration",
                                      "-of", "json", "--", file.string() });
    if (!output.succeeded())
        return std::nullopt;
    const auto json = nlohmann::json::parse (output.standardOutput, nullptr, false);
    if (json.is_discarded() || !json.contains ("streams") || json["streams"].empty())
        return std::nullopt;

    const auto& stream = json["streams"][0];
    const auto& format = json.value ("format", nlohmann::json::object());
    const auto parseNumber = [] (const nlohmann::json& object, const char* key) -> double
    {
        if (!object.contains (key) || !object[key].is_string())
            return 0.0;
        try
        {
            return std::stod (object[key].get<std::string>());
        }
        catch (...)
        {
            return 0.0;
        }
    };
    auto seconds = parseNumber (format, "duration");
    if (seconds <= 0.0)
        seconds = parseNumber (stream, "duration");
    if (!(seconds > 0.0) || !std::isfinite (seconds))
        return std::nullopt;

    AudioInfo info;
    info.durationMs = static_cast<std::int64_t> (std::llround (seconds * 1000.0));
    info.formatName = format.value ("format_name", "");
    info.codecName = stream.value ("codec_name", "");
    info.sampleRate = static_cast<int> (parseNumber (stream, "sample_rate"));
    info.channels = stream.value ("channels", 0);
    return info;
}

std::vector<std::string> previewCommand (const std::string& ffmpegPath, const std::filesystem::path& input,
                                         const std::filesystem::path& output)
{
    return { ffmpegPath, "-nostdin", "-hide_banner", "-v",  "error", "-y",   "-i",         input.string(),
             "-vn",      "-map",     "0:a:0",        "-t",  "30",    "-c:a", "libmp3lame", "-b:a",
             "128k",     "-ar",      "44100",        "-ac", "2",     "-f",   "mp3",        output.string() };
}

std::vector<std::string> hlsCommand (const std::string& ffmpegPath, const std::filesystem::path& input,
                                     const std::filesystem::path& folder160, const std::filesystem::path& folder96,
                                     HlsContainer container, int segmentSeconds)
{
    std::vector<std::string> arguments{ ffmpegPath, "-nostdin", "-hide_banner", "-v",
                                        "error",    "-y",       "-i",           input.string() };
    const bool fmp4 = container == HlsContainer::fragmentedMp4;
    const auto addRendition = [&] (const std::filesystem::path& folder, const char* bitrate)
    {
        for (const auto* argument :
             { "-vn", "-map", "0:a:0", "-c:a", "aac", "-b:a", bitrate, "-ar", "44100", "-ac", "2", "-f", "hls",
               "-hls_playlist_type", "vod", "-hls_segment_type", fmp4 ? "fmp4" : "mpegts" })
            arguments.emplace_back (argument);
        arguments.emplace_back ("-hls_time");
        arguments.emplace_back (std::to_string (segmentSeconds));
        if (fmp4)
        {
            arguments.emplace_back ("-hls_fmp4_init_filename");
            arguments.emplace_back ("init.mp4");
        }
        arguments.emplace_back ("-hls_segment_filename");
        arguments.emplace_back ((folder / (fmp4 ? "segment-%05d.m4s" : "segment-%05d.ts")).string());
        arguments.emplace_back ((folder / playlistFileName).string());
    };
    addRendition (folder160, "160k");
    addRendition (folder96, "96k");
    return arguments;
}
} // namespace wavelift::sandbox
