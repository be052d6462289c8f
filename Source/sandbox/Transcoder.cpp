#include "sandbox/Transcoder.h"

#include "sandbox/FileUtil.h"
#include "sandbox/MediaTools.h"
#include "sandbox/Subprocess.h"

#include <iostream>

namespace wavelift::sandbox
{
namespace fs = std::filesystem;

Transcoder::Transcoder (TranscodeSettings settings, Completion onRenditionDone)
    : settings_ (std::move (settings))
    , onRenditionDone_ (std::move (onRenditionDone))
{
}

Transcoder::~Transcoder() { stop(); }

void Transcoder::start()
{
    std::lock_guard lock (mutex_);
    if (worker_.joinable())
        return;
    stopping_ = false;
    worker_ = std::thread ([this] { run(); });
}

void Transcoder::stop()
{
    {
        std::lock_guard lock (mutex_);
        stopping_ = true;
        queue_.clear();
        if (runningChild_ != nullptr)
            runningChild_->kill();
    }
    wakeWorker_.notify_all();
    if (worker_.joinable())
        worker_.join();
    idle_.notify_all();
}

void Transcoder::enqueue (TranscodeJob job)
{
    {
        std::lock_guard lock (mutex_);
        cancelledTracks_.erase (job.trackId);
        queue_.push_back (std::move (job));
        ++counts_.queued;
    }
    wakeWorker_.notify_one();
}

void Transcoder::cancel (std::int64_t trackId)
{
    std::lock_guard lock (mutex_);
    const auto before = queue_.size();
    std::erase_if (queue_, [trackId] (const TranscodeJob& job) { return job.trackId == trackId; });
    counts_.cancelled += static_cast<std::int64_t> (before - queue_.size());
    cancelledTracks_.insert (trackId);
    if (runningTrack_ == trackId && runningChild_ != nullptr)
        runningChild_->kill();
    if (queue_.empty() && !busy_)
        idle_.notify_all();
}

void Transcoder::waitUntilIdle()
{
    std::unique_lock lock (mutex_);
    idle_.wait (lock, [this] { return stopping_ || (queue_.empty() && !busy_); });
}

TranscodeCounts Transcoder::counts() const
{
    std::lock_guard lock (mutex_);
    return counts_;
}

bool Transcoder::runStep (std::int64_t trackId, const std::vector<std::string>& command)
{
    std::unique_ptr<ChildProcess> child;
    {
        std::lock_guard lock (mutex_);
        if (stopping_ || cancelledTracks_.count (trackId) > 0)
            return false;
        try
        {
            child = std::make_unique<ChildProcess> (command);
        }
        catch (const std::exception& error)
        {
            std::cerr << "wavelift-sandbox: " << error.what() << "\n";
            return false;
        }
        runningChild_ = child.get();
        runningTrack_ = trackId;
    }
    const auto output = child->waitForExit();
    {
        std::lock_guard lock (mutex_);
        runningChild_ = nullptr;
        runningTrack_ = 0;
    }
    if (!output.succeeded() && !output.killedBySignal)
        std::cerr << "wavelift-sandbox: ffmpeg failed for track " << trackId << ": " << output.standardError << "\n";
    return output.succeeded();
}

void Transcoder::run()
{
    for (;;)
    {
        TranscodeJob job;
        {
            std::unique_lock lock (mutex_);
            busy_ = false;
            if (queue_.empty())
                idle_.notify_all();
            wakeWorker_.wait (lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_)
                return;
            job = std::move (queue_.front());
            queue_.pop_front();
            busy_ = true;
        }

        const auto isCancelled = [&]
        {
            std::lock_guard lock (mutex_);
            return stopping_ || cancelledTracks_.count (job.trackId) > 0;
        };
        const auto finish = [&] (Rendition rendition, bool succeeded)
        {
            if (isCancelled())
                return;
            {
                std::lock_guard lock (mutex_);
                ++(succeeded ? counts_.completed : counts_.failed);
            }
            onRenditionDone_ (job.trackId, rendition, succeeded);
        };

        std::error_code ignored;
        fs::create_directories (job.mediaFolder, ignored);
        if (job.wantPreview)
        {
            const auto finalFile = job.mediaFolder / previewFileName;
            const auto partFile = job.mediaFolder / (std::string (previewFileName) + ".part");
            auto succeeded = runStep (job.trackId, previewCommand (settings_.ffmpegPath, job.input, partFile));
            if (succeeded)
            {
                fs::rename (partFile, finalFile, ignored);
                succeeded = !ignored;
            }
            removeQuietly (partFile);
            finish (Rendition::previewMp3, succeeded);
        }
        if (job.wantHls && !isCancelled())
        {
            const auto final160 = job.mediaFolder / hlsFolderName (Rendition::hlsAac160);
            const auto final96 = job.mediaFolder / hlsFolderName (Rendition::hlsAac96);
            const auto part160 = job.mediaFolder / (std::string (".") + hlsFolderName (Rendition::hlsAac160) + ".part");
            const auto part96 = job.mediaFolder / (std::string (".") + hlsFolderName (Rendition::hlsAac96) + ".part");
            for (const auto& folder : { part160, part96 })
            {
                removeQuietly (folder);
                fs::create_directories (folder, ignored);
            }
            auto succeeded = runStep (job.trackId, hlsCommand (settings_.ffmpegPath, job.input, part160, part96,
                                                               settings_.container, settings_.segmentSeconds));
            if (succeeded)
            {
                removeQuietly (final160);
                removeQuietly (final96);
                std::error_code error160, error96;
                fs::rename (part160, final160, error160);
                fs::rename (part96, final96, error96);
                succeeded = !error160 && !error96;
            }
            removeQuietly (part160);
            removeQuietly (part96);
            finish (Rendition::hlsAac160, succeeded);
            finish (Rendition::hlsAac96, succeeded);
        }
    }
}
} // namespace wavelift::sandbox

namespace wavelift::sandbox
{
TranscodeJob transcodeJobFor (const TrackRecord& track, const std::filesystem::path& dataDir)
{
    const auto pending = [&] (Rendition rendition)
    {
        const auto it = track.renditions.find (rendition);
        return it != track.renditions.end() && !it->second.ready && !it->second.failed;
    };
    TranscodeJob job;
    job.trackId = track.id;
    job.input = dataDir / track.assetFile;
    job.mediaFolder = dataDir / "media" / track.mediaKey;
    job.wantPreview = pending (Rendition::previewMp3);
    job.wantHls = pending (Rendition::hlsAac160) || pending (Rendition::hlsAac96);
    return job;
}
} // namespace wavelift::sandbox
