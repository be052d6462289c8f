#pragma once

#include "capture/CaptureSettings.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

namespace wavelift::capture
{
/** What is known about where a take came from; every field may be empty. */
struct TakeMetadata
{
    std::string hostName;
    std::string projectName;
    std::string trackName;

    bool operator== (const TakeMetadata&) const = default;
};

/** Why a take ended. */
enum class EndReason : std::uint8_t
{
    stopped,           // manual stop
    transportStopped,  // the host stopped playing or rendering
    playheadJumped,    // a loop or a seek
    renderModeChanged, // realtime <-> offline render
    modeChanged,       // follow-transport switched on or off
    prepared,          // prepareToPlay (new rate, layout or block size) or releaseResources
    interrupted        // the process died mid-take (set by recovery)
};

const char* describe (EndReason) noexcept;

/** Loudness and peaks of a finished take (EBU R128 via libebur128). */
struct TakeFigures
{
    double samplePeakDbfs = -std::numeric_limits<double>::infinity();
    double truePeakDbtp = -std::numeric_limits<double>::infinity();
    std::optional<double> integratedLufs; // empty for a take too short or too quiet to gate

    bool operator== (const TakeFigures&) const = default;
};

/** One take in the library. */
struct TakeRecord
{
    std::string id;
    std::filesystem::path file;
    CaptureSettings settings;
    double sampleRate = 0;
    int channels = 0;
    std::int64_t frames = 0;           // frames in the file
    std::int64_t lostFrames = 0;       // frames that reached the plugin but not the file (FIFO full or write error)
    std::int64_t sanitisedSamples = 0; // NaN or infinite samples written as 0
    std::int64_t timelineStart = -1;   // host timeline sample where the take began, -1 when unknown
    std::string startedAt;             // ISO 8601 local time with its UTC offset
    TakeMetadata metadata;
    EndReason endReason = EndReason::stopped;
    bool recovered = false; // repaired after the process died mid-take
    std::string error;      // empty when everything that was captured reached the file
    std::optional<TakeFigures> figures;

    /** The SoundCloud track this take was published as (empty until then). */
    std::string publishedTrackUrn, publishedPermalinkUrl, publishedSecretUrl;

    double lengthSeconds() const noexcept { return sampleRate > 0 ? (double) frames / sampleRate : 0.0; }
};
} // namespace wavelift::capture
