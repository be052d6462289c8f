#pragma once

#include "sandbox/Model.h"
#include "sandbox/SandboxOptions.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace wavelift::sandbox
{
class ChildProcess;

struct TranscodeJob
{
    std::int64_t trackId = 0;
    std::filesystem::path input;
    /** The track's media folder: aac_160k/, aac_96k/ and preview.128.mp3 end up inside. */
    std::filesystem::path mediaFolder;
    bool wantPreview = true;
    bool wantHls = true;
};

struct TranscodeSettings
{
    std::string ffmpegPath = "ffmpeg";
    HlsContainer container = HlsContainer::mpegTs;
    int segmentSeconds = 6;
};

struct TranscodeCounts
{
    std::int64_t queued = 0;
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
};

/** One background worker running ffmpeg, as SoundCloud transcodes after answering the upload.
    The preview goes first (it only needs 30 s of audio), then both HLS renditions in one decode.
    Outputs are written under temporary names and renamed when complete, so the CDN never serves half a file. */
class Transcoder
{
public:
    using Completion = std::function<void (std::int64_t trackId, Rendition rendition, bool succeeded)>;

    Transcoder (TranscodeSettings settings, Completion onRenditionDone);
    Transcoder (const Transcoder&) = delete;
    Transcoder& operator= (const Transcoder&) = delete;
    ~Transcoder();

    void start();
    /** Kills a running ffmpeg and joins the worker; queued jobs are dropped (the state still lists them). */
    void stop();

    void enqueue (TranscodeJob job);
    /** Drops the track's queued jobs and kills its running ffmpeg (used when a track is deleted). */
    void cancel (std::int64_t trackId);
    /** Returns once nothing is queued or running: the deterministic hook tests wait on. */
    void waitUntilIdle();

    TranscodeCounts counts() const;

private:
    void run();
    bool runStep (std::int64_t trackId, const std::vector<std::string>& command);

    const TranscodeSettings settings_;
    const Completion onRenditionDone_;

    mutable std::mutex mutex_;
    std::condition_variable wakeWorker_;
    std::condition_variable idle_;
    std::deque<TranscodeJob> queue_;
    std::set<std::int64_t> cancelledTracks_;
    std::int64_t runningTrack_ = 0;
    ChildProcess* runningChild_ = nullptr;
    bool busy_ = false;
    bool stopping_ = false;
    TranscodeCounts counts_;
    std::thread worker_;
};
} // namespace wavelift::sandbox

namespace wavelift::sandbox
{
/** The job that produces whatever renditions of the track are neither ready nor failed. */
TranscodeJob transcodeJobFor (const TrackRecord& track, const std::filesystem::path& dataDir);
} // namespace wavelift::sandbox
