#include "publish/Outbox.h"

#include "soundcloud/ApiError.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace wavelift::publish
{
namespace
{
    using Clock = std::chrono::system_clock;

    std::int64_t toMillis (Clock::time_point time)
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (time.time_since_epoch()).count();
    }

    Clock::time_point fromMillis (std::int64_t millis)
    {
        return Clock::time_point (std::chrono::milliseconds (millis));
    }

    nlohmann::json toJson (const OutboxJob& job)
    {
        const auto& f = job.request.fields;
        nlohmann::json json{
            { "id", job.id },
            { "take_id", job.takeId },
            { "state", toString (job.state) },
            { "attempts", job.attempts },
            { "may_exist_on_server", job.mayExistOnServer },
            { "created_at", toMillis (job.createdAt) },
            { "next_attempt_at", toMillis (job.nextAttemptAt) },
            { "last_error", job.lastError },
            { "request",
              { { "file", job.request.audioFile.string() },
                { "title", f.title },
                { "tags", f.tags },
                { "description", f.description },
                { "genre", f.genre },
                { "sharing", f.sharing },
                { "downloadable", f.downloadable },
                { "license", f.license },
                { "artwork", f.artwork ? f.artwork->string() : std::string() } } },
        };
        if (job.result)
            json["result"] = { { "urn", job.result->urn },
                               { "title", job.result->title },
                               { "permalink_url", job.result->permalinkUrl },
                               { "secret_uri", job.result->secretUri },
                               { "sharing", job.result->sharing },
                               { "artwork_problem", job.result->artworkProblem } };
        return json;
    }

    OutboxJob fromJson (const nlohmann::json& json)
    {
        OutboxJob job;
        job.id = json.at ("id").get<std::string>();
        job.takeId = json.value ("take_id", "");
        job.state = jobStateFromString (json.at ("state").get<std::string>()).value_or (JobState::queued);
        job.attempts = json.value ("attempts", 0);
        job.mayExistOnServer = json.value ("may_exist_on_server", false);
        job.createdAt = fromMillis (json.value<std::int64_t> ("created_at", 0));
        job.nextAttemptAt = fromMillis (json.value<std::int64_t> ("next_attempt_at", 0));
        job.lastError = json.value ("last_error", "");
        const auto& r = json.at ("request");
        job.request.audioFile = r.at ("file").get<std::string>();
        auto& f = job.request.fields;
        f.title = r.value ("title", "");
        f.tags = r.value ("tags", std::vector<std::string>{});
        f.description = r.value ("description", "");
        f.genre = r.value ("genre", "");
        f.sharing = r.value ("sharing", "private");
        f.downloadable = r.value ("downloadable", false);
        f.license = r.value ("license", "");
        if (const auto artwork = r.value ("artwork", ""); !artwork.empty())
            f.artwork = artwork;
        if (const auto result = json.find ("result"); result != json.end() && result->is_object())
            job.result = PublishedTrack{ result->value ("urn", ""),           result->value ("title", ""),
                                         result->value ("permalink_url", ""), result->value ("secret_uri", ""),
                                         result->value ("sharing", ""),       result->value ("artwork_problem", "") };
        return job;
    }

    std::string newJobId (std::mt19937& random)
    {
        std::ostringstream id;
        id << toMillis (Clock::now()) << '-' << std::hex << random();
        return id.str();
    }

    bool isFinished (JobState state)
    {
        return state == JobState::done || state == JobState::failed || state == JobState::cancelled;
    }
} // namespace

const char* toString (JobState state)
{
    switch (state)
    {
        case JobState::queued: return "queued";
        case JobState::uploading: return "uploading";
        case JobState::done: return "done";
        case JobState::failed: return "failed";
        case JobState::cancelled: return "cancelled";
    }
    return "queued";
}

std::optional<JobState> jobStateFromString (const std::string& text)
{
    for (const auto state :
         { JobState::queued, JobState::uploading, JobState::done, JobState::failed, JobState::cancelled })
        if (text == toString (state))
            return state;
    return std::nullopt;
}

Outbox::Outbox (std::filesystem::path jobFolder, soundcloud::ApiClient& client, RetryPolicy retryPolicy)
    : folder (std::move (jobFolder))
    , api (client)
    , policy (retryPolicy)
{
    std::filesystem::create_directories (folder);
    for (const auto& entry : std::filesystem::directory_iterator (folder))
    {
        if (entry.path().extension() != ".json")
            continue;
        try
        {
            std::ifstream in (entry.path());
            auto job = fromJson (nlohmann::json::parse (in));
            if (job.state == JobState::uploading)
            {
                // The process died mid-upload: SoundCloud may have the track already.
                job.state = JobState::queued;
                job.mayExistOnServer = true;
                job.nextAttemptAt = {};
                save (job);
            }
            all[job.id] = std::move (job);
        }
        catch (const std::exception& e)
        {
            // Keep the file for a person to look at; never drop a job silently.
            std::filesystem::rename (entry.path(), entry.path().string() + ".unreadable");
            OutboxJob broken;
            broken.id = entry.path().stem().string();
            broken.state = JobState::failed;
            broken.lastError = std::string ("the saved job could not be read: ") + e.what();
            all[broken.id] = broken;
        }
    }
}

Outbox::~Outbox() { stop(); }

void Outbox::setListener (Listener newListener)
{
    const std::lock_guard lock (mutex);
    listener = std::move (newListener);
}

void Outbox::start()
{
    if (worker.joinable())
        return;
    worker = std::jthread ([this] (std::stop_token stop) { workerLoop (stop); });
}

void Outbox::stop()
{
    if (!worker.joinable())
        return;
    worker.request_stop();
    changed.notify_all();
    worker.join();
    worker = {};
}

std::string Outbox::add (UploadRequest request, std::string takeId)
{
    OutboxJob job;
    {
        const std::lock_guard lock (mutex);
        job.id = newJobId (random);
    }
    job.request = std::move (request);
    job.takeId = std::move (takeId);
    job.createdAt = Clock::now();
    update (job);
    return job.id;
}

void Outbox::cancel (const std::string& id)
{
    std::optional<OutboxJob> cancelledWhileQueued;
    {
        const std::lock_guard lock (mutex);
        if (const auto run = running.find (id); run != running.end())
        {
            run->second.request_stop(); // the attempt cleans up and records the cancellation
            return;
        }
        const auto found = all.find (id);
        if (found == all.end() || isFinished (found->second.state))
            return;
        found->second.state = JobState::cancelled;
        cancelledWhileQueued = found->second;
    }
    update (*cancelledWhileQueued);
}

void Outbox::retry (const std::string& id)
{
    std::optional<OutboxJob> again;
    {
        const std::lock_guard lock (mutex);
        const auto found = all.find (id);
        if (found == all.end()
            || (found->second.state != JobState::failed && found->second.state != JobState::cancelled))
            return;
        again = found->second;
    }
    again->state = JobState::queued;
    again->attempts = 0;
    again->nextAttemptAt = {};
    again->lastError.clear();
    update (*again);
}

std::vector<OutboxJob> Outbox::jobs() const
{
    const std::lock_guard lock (mutex);
    std::vector<OutboxJob> list;
    for (const auto& [id, job] : all)
        list.push_back (job);
    std::sort (list.begin(), list.end(), [] (const auto& a, const auto& b) { return a.createdAt < b.createdAt; });
    return list;
}

std::optional<OutboxJob> Outbox::job (const std::string& id) const
{
    const std::lock_guard lock (mutex);
    const auto found = all.find (id);
    return found != all.end() ? std::optional<OutboxJob> (found->second) : std::nullopt;
}

std::optional<OutboxJob> Outbox::waitForFinish (const std::string& id, std::chrono::milliseconds timeout)
{
    std::unique_lock lock (mutex);
    changed.wait_for (lock, timeout, [&] { return all.count (id) == 0 || isFinished (all.at (id).state); });
    const auto found = all.find (id);
    return found != all.end() ? std::optional<OutboxJob> (found->second) : std::nullopt;
}

void Outbox::save (const OutboxJob& job) const
{
    // Written to a temporary file, flushed and renamed over the old one: a crash leaves the old or the new job.
    const auto target = folder / (job.id + ".json");
    const auto temporary = folder / (job.id + ".json.tmp");
    {
        std::ofstream out (temporary, std::ios::binary | std::ios::trunc);
        out << toJson (job).dump (2);
        out.flush();
        if (!out)
            throw std::runtime_error ("cannot save the outbox job to " + temporary.string());
    }
    std::filesystem::rename (temporary, target);
}

void Outbox::update (const OutboxJob& job)
{
    save (job);
    publish (job);
}

void Outbox::publish (const OutboxJob& job)
{
    Listener toCall;
    {
        const std::lock_guard lock (mutex);
        all[job.id] = job;
        toCall = listener;
    }
    changed.notify_all();
    if (toCall)
        toCall (job);
}

std::chrono::milliseconds Outbox::backoff (int attempts)
{
    // Exponential with full jitter: spreads retries of many clients instead of synchronising them.
    const auto exponent = std::min (attempts - 1, 20);
    const auto ceiling = std::min<long long> (policy.maxDelay.count(), policy.firstDelay.count() * (1LL << exponent));
    const std::lock_guard lock (mutex);
    std::uniform_int_distribution<long long> jitter (ceiling / 2, std::max (ceiling / 2, ceiling));
    return std::chrono::milliseconds (jitter (random));
}

std::optional<OutboxJob> Outbox::nextDueJob()
{
    std::unique_lock lock (mutex);
    std::optional<Clock::time_point> earliest;
    for (auto& [id, job] : all)
    {
        if (job.state != JobState::queued)
            continue;
        if (job.nextAttemptAt <= Clock::now())
        {
            job.state = JobState::uploading;
            ++job.attempts;
            running[job.id] = std::stop_source();
            return job;
        }
        if (!earliest || job.nextAttemptAt < *earliest)
            earliest = job.nextAttemptAt;
    }
    if (earliest)
        changed.wait_until (lock, *earliest);
    else
        changed.wait_for (lock, std::chrono::seconds (1));
    return std::nullopt;
}

void Outbox::workerLoop (std::stop_token stop)
{
    while (!stop.stop_requested())
        if (auto job = nextDueJob())
            runAttempt (std::move (*job), stop);
}

std::optional<PublishedTrack> Outbox::findExisting (const OutboxJob& job, std::stop_token stop)
{
    const auto earliest = job.createdAt - std::chrono::minutes (2);
    for (const auto& track : api.myTracks (50, 1, stop).tracks)
    {
        if (track.title != job.request.fields.title || !track.createdAt)
            continue;
        const auto created =
            Clock::time_point (std::chrono::duration_cast<Clock::duration> (track.createdAt->time_since_epoch()));
        if (created >= earliest && created >= Clock::now() - policy.duplicateWindow)
            return publishedTrackFrom (track);
    }
    return std::nullopt;
}

void Outbox::removeIfCreated (const OutboxJob& job, std::stop_token stop)
{
    if (const auto existing = findExisting (job, stop))
        api.deleteTrack (existing->urn, stop);
}

void Outbox::runAttempt (OutboxJob job, std::stop_token workerStop)
{
    std::stop_source attemptStop;
    {
        const std::lock_guard lock (mutex);
        attemptStop = running.at (job.id);
    }
    const std::stop_callback forwardWorkerStop (workerStop, [&] { attemptStop.request_stop(); });
    job.lastError.clear();
    update (job);

    const auto finishRunning = [&]
    {
        const std::lock_guard lock (mutex);
        running.erase (job.id);
    };
    const auto scheduleRetry = [&] (const std::string& why, std::optional<Clock::time_point> notBefore)
    {
        job.lastError = why;
        if (job.attempts >= policy.maxAttempts)
        {
            job.state = JobState::failed;
            job.lastError = "gave up after " + std::to_string (job.attempts) + " attempts: " + why;
            return;
        }
        job.state = JobState::queued;
        job.nextAttemptAt = std::max (Clock::now() + backoff (job.attempts), notBefore.value_or (Clock::time_point{}));
    };

    bool bodySent = false;
    try
    {
        if (job.mayExistOnServer)
        {
            if (auto existing = findExisting (job, attemptStop.get_token()))
            {
                job.result = std::move (existing);
                job.state = JobState::done;
                job.mayExistOnServer = false;
                finishRunning();
                update (job);
                return;
            }
        }

        Uploader uploader (api);
        job.result = uploader.upload (
            job.request,
            [&] (const UploadProgress& progress)
            {
                job.progress = progress;
                publish (job); // progress is not persisted: no disk write per callback
            },
            attemptStop.get_token(), &bodySent, fixedBoundary);
        job.state = JobState::done;
        job.mayExistOnServer = false;
    }
    catch (const UploadRefused& e)
    {
        job.state = JobState::failed;
        job.lastError = e.what();
    }
    catch (const soundcloud::ApiError& e)
    {
        job.mayExistOnServer = job.mayExistOnServer || (bodySent && e.isTransient());
        if (e.isTransient())
        {
            std::optional<Clock::time_point> reset;
            if (e.resetTime())
                reset =
                    Clock::time_point (std::chrono::duration_cast<Clock::duration> (e.resetTime()->time_since_epoch()));
            scheduleRetry (e.what(), reset);
        }
        else
        {
            job.state = JobState::failed; // 401 after a refresh, 422, 400, 403: the server's words say why
            job.lastError = e.what();
        }
    }
    catch (const soundcloud::NetworkError& e)
    {
        const auto error = e.failure.error;
        const bool ambiguous = bodySent || error == net::NetError::connectionResetAfterBodySent;
        if (error == net::NetError::cancelled)
        {
            if (workerStop.stop_requested())
            {
                job.state = JobState::queued; // shutting down: resume next time
                job.mayExistOnServer = job.mayExistOnServer || ambiguous;
                job.attempts = std::max (0, job.attempts - 1);
            }
            else
            {
                job.state = JobState::cancelled;
                job.lastError = "cancelled";
                if (ambiguous)
                {
                    try
                    {
                        removeIfCreated (job, {}); // a cancel leaves nothing half-created behind
                    }
                    catch (const std::exception& cleanup)
                    {
                        job.lastError = std::string ("cancelled; removing the track SoundCloud may have created "
                                                     "failed: ")
                                        + cleanup.what();
                    }
                }
            }
        }
        else if (error == net::NetError::localFile)
        {
            job.state = JobState::failed;
            job.lastError = e.what();
        }
        else
        {
            job.mayExistOnServer = job.mayExistOnServer || ambiguous;
            scheduleRetry (e.what(), std::nullopt);
        }
    }
    catch (const soundcloud::MalformedResponse& e)
    {
        // A 2xx we could not read: the track probably exists; the next attempt looks for it first.
        job.mayExistOnServer = true;
        scheduleRetry (e.what(), std::nullopt);
    }
    catch (const std::exception& e)
    {
        job.state = JobState::failed;
        job.lastError = e.what();
    }

    finishRunning();
    job.progress = {};
    update (job);
}
} // namespace wavelift::publish
