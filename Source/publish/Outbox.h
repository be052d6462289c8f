#pragma once

#include "publish/Uploader.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace wavelift::publish
{
enum class JobState
{
    queued,    // waiting for its (next) attempt
    uploading, // an attempt is running
    done,
    failed, // a permanent failure, or too many attempts: lastError says why
    cancelled
};

const char* toString (JobState);
std::optional<JobState> jobStateFromString (const std::string&);

/** One publish, persisted as a JSON file so that a crash or quit mid-upload loses nothing. */
struct OutboxJob
{
    std::string id;
    UploadRequest request;
    std::string takeId; // the capture library's take this publishes, when there is one
    JobState state = JobState::queued;
    int attempts = 0;
    /** The last attempt may have reached SoundCloud (the connection dropped after the body was sent, the process
        died mid-upload): before sending again, look for the track in /me/tracks. */
    bool mayExistOnServer = false;
    std::chrono::system_clock::time_point createdAt{};
    std::chrono::system_clock::time_point nextAttemptAt{};
    std::string lastError;
    std::optional<PublishedTrack> result;
    UploadProgress progress; // not persisted
};

struct RetryPolicy
{
    std::chrono::milliseconds firstDelay{ 2000 };
    std::chrono::milliseconds maxDelay{ 5 * 60 * 1000 };
    int maxAttempts = 8;
    /** How far back a track with the same title counts as "ours" when checking /me/tracks after an ambiguous
        failure. */
    std::chrono::minutes duplicateWindow{ 30 };
};

/** The publish queue: jobs in <folder>/<id>.json, worked through one at a time on a background thread.
    Transient failures (network errors, 5xx, HTML error pages, 429) retry with exponential backoff and full jitter
    (a 429's reset_time is honoured); permanent ones (401 after a refresh, 422, 400, 403, a refused file) stop with
    the server's words. After an ambiguous failure the next attempt first looks in /me/tracks, so nothing is
    published twice. Cancelling an upload whose body was fully sent removes the track if SoundCloud created it. */
class Outbox
{
public:
    using Listener = std::function<void (const OutboxJob&)>;

    /** Loads the jobs in the folder; a job found mid-upload (the process died) goes back to the queue, marked as
        possibly on the server. */
    Outbox (std::filesystem::path folder, soundcloud::ApiClient& api, RetryPolicy policy = {});
    ~Outbox();

    /** Called on the worker thread after every change of a job (and for progress); post to the UI from there. */
    void setListener (Listener listener);

    /** Starts (or resumes) working through the queue. */
    void start();
    /** Stops the worker; a running upload is interrupted and stays queued for next time (not cancelled). */
    void stop();

    std::string add (UploadRequest request, std::string takeId = {});
    /** Cancels a queued or running job. */
    void cancel (const std::string& id);
    /** Puts a failed or cancelled job back in the queue. */
    void retry (const std::string& id);

    std::vector<OutboxJob> jobs() const;
    std::optional<OutboxJob> job (const std::string& id) const;

    /** Blocks until the job is done, failed or cancelled, or the timeout passed (CLI, tests). */
    std::optional<OutboxJob> waitForFinish (const std::string& id, std::chrono::milliseconds timeout);

    /** The multipart boundary for every upload (tests that assert exact bytes); empty picks random ones. */
    void setBoundaryForTesting (std::string boundary) { fixedBoundary = std::move (boundary); }

private:
    void workerLoop (std::stop_token stop);
    void runAttempt (OutboxJob job, std::stop_token workerStop);
    std::optional<PublishedTrack> findExisting (const OutboxJob& job, std::stop_token stop);
    void removeIfCreated (const OutboxJob& job, std::stop_token stop);
    std::chrono::milliseconds backoff (int attempts);
    void save (const OutboxJob& job) const;
    /** Persists the job, then publishes it. */
    void update (const OutboxJob& job);
    /** Updates the in-memory copy, wakes waiters and tells the listener. */
    void publish (const OutboxJob& job);
    std::optional<OutboxJob> nextDueJob();

    std::filesystem::path folder;
    soundcloud::ApiClient& api;
    RetryPolicy policy;
    std::string fixedBoundary;

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, OutboxJob> all;
    std::map<std::string, std::stop_source> running;
    Listener listener;
    std::mt19937 random{ std::random_device{}() };
    std::jthread worker;
};
} // namespace wavelift::publish
