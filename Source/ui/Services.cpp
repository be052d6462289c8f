#include "ui/Services.h"

#include "capture/TakeLibrary.h"

#include "core/Paths.h"
#include "preview/KeepAliveReader.h"
#include "publish/Preflight.h"

#include <utility>

namespace wavelift::ui
{
std::shared_ptr<Services> Services::shared()
{
    static std::weak_ptr<Services> current;
    if (auto existing = current.lock())
        return existing;
    auto created = std::make_shared<Services>();
    current = created;
    created->start();
    return created;
}

Services::Services() = default;

void Services::start()
{
    runInBackground (
        [this] (std::stop_token)
        {
            auto loaded = PreferencesFile::standard().load();
            try
            {
                const auto config = loadConfig();
                account = signin::Account::shared (config);
                userTokens = std::make_unique<signin::AccountTokens> (account->userSession(), nullptr);
                const juce::URL apiBase (juce::String (config.apiUrl.value));
                userApi = std::make_unique<soundcloud::ApiClient> (apiBase, account->http(), *userTokens);
                auto clients = std::make_shared<CatalogueClients>();
                clients->account = account;
                clients->tokens =
                    std::make_unique<signin::AccountTokens> (account->userSession(), &account->appSession());
                clients->api = std::make_unique<soundcloud::ApiClient> (apiBase, account->http(), *clients->tokens);
                clients->opener = std::make_unique<preview::TrackStreamOpener> (*clients->api);
                catalogue = std::move (clients);
                publishOutbox = std::make_unique<publish::Outbox> (dataDirectory() / "outbox", *userApi);
                // On the outbox's worker thread: record in the takes library which track each published take became.
                publishOutbox->setListener (
                    [takes = capture::TakeLibrary (capture::TakeLibrary::defaultFolder())] (
                        const publish::OutboxJob& job) mutable
                    {
                        if (job.state != publish::JobState::done || !job.result || job.takeId.empty())
                            return;
                        if (takes.find (job.takeId)) // the producer may have deleted the take meanwhile
                            takes.linkPublishedTrack (job.takeId, job.result->urn, job.result->permalinkUrl,
                                                      job.result->secretUri);
                    });
                publishOutbox->start();
            }
            catch (const std::exception& e)
            {
                setupProblem = e.what();
                publishOutbox.reset();
                catalogue.reset();
                account.reset();
            }
            juce::MessageManager::callAsync (
                [weak = weak_from_this(), loaded = std::move (loaded)]() mutable
                {
                    if (auto self = weak.lock())
                        self->finishStarting (std::move (loaded.preferences), std::move (loaded.problem));
                });
        });
}

void Services::finishStarting (Preferences loaded, std::string loadProblem)
{
    bool changedMeanwhile = false;
    {
        const std::lock_guard lock (preferencesStateLock);
        changedMeanwhile = preferencesVersion > 0;
    }
    if (!changedMeanwhile) // a change made while starting is newer than the file
    {
        prefs = std::move (loaded);
        prefsProblem = std::move (loadProblem);
    }
    started.store (true);
    for (auto& then : std::exchange (startedCallbacks, {}))
        then();
    preferencesChanged.sendChangeMessage();
}

void Services::whenStarted (std::function<void()> then)
{
    if (started.load())
    {
        const auto keepAlive = shared_from_this(); // `then` may let go of the last other owner
        return then();
    }
    startedCallbacks.push_back (std::move (then));
}

Services::~Services()
{
    // Workers blocked on the network see the stop and return; then the outbox stops before the clients it uses.
    // Queued jobs still run (seeing the stop), so a preferences write or a publish that was asked for is not dropped.
    stopAll.request_stop();
    {
        std::unique_lock lock (jobsLock);
        jobsDone.wait_for (lock, std::chrono::seconds (20), [this] { return outstandingJobs == 0; });
    }
    pool.removeAllJobs (true, 5000);
    bulkPool.removeAllJobs (true, 5000);
    if (publishOutbox != nullptr)
        publishOutbox->stop();
}

preview::PreviewPlayer::ReaderFactory Services::previewOf (std::string trackUrn) const
{
    return [clients = catalogue, urn = std::move (trackUrn)]() -> std::unique_ptr<juce::AudioFormatReader>
    {
        if (clients == nullptr)
            throw std::runtime_error ("SoundCloud is not reachable: the services did not start");
        auto reader = clients->opener->open (urn).reader;
        return std::make_unique<preview::KeepAliveReader> (clients, std::move (reader));
    };
}

signin::BrowserChoice Services::browserChoice() const
{
    return signin::browserChoiceFromString (prefs.signInMethod).value_or (signin::BrowserChoice::automatic);
}

void Services::setPreferences (const Preferences& changed)
{
    if (changed == prefs)
        return;
    prefs = changed;
    {
        const std::lock_guard lock (preferencesStateLock);
        pendingWrite = changed;
        ++preferencesVersion;
    }
    runInBackground ([this] (std::stop_token) { writePendingPreferences(); });
    preferencesChanged.sendChangeMessage();
}

void Services::writePendingPreferences()
{
    // Whichever worker runs writes the newest values; one finding them written does nothing.
    const std::lock_guard fileLock (preferencesFileLock);
    Preferences toWrite;
    std::uint64_t version = 0;
    {
        const std::lock_guard lock (preferencesStateLock);
        if (preferencesWritten == preferencesVersion)
            return;
        toWrite = pendingWrite;
        version = preferencesVersion;
    }
    std::string problem;
    try
    {
        PreferencesFile::standard().save (toWrite);
    }
    catch (const std::exception& e)
    {
        problem = e.what();
    }
    {
        const std::lock_guard lock (preferencesStateLock);
        preferencesWritten = version;
    }
    if (!problem.empty())
        juce::MessageManager::callAsync (
            [weak = weak_from_this(), problem]
            {
                if (auto self = weak.lock())
                {
                    self->prefsProblem = "Could not save the preferences: " + problem;
                    self->preferencesChanged.sendChangeMessage();
                    self->reportProblem (self->prefsProblem);
                }
            });
}

void Services::publishInBackground (publish::UploadRequest request, std::string takeId,
                                    std::function<void (const std::string&, const std::string&)> done)
{
    if (!isReady())
        return done ({}, isStarted() ? "publishing is unavailable: " + setupProblem
                                     : std::string ("still connecting; try again in a moment"));
    runInBackground (
        [this, request = std::move (request), takeId = std::move (takeId), done = std::move (done)] (std::stop_token)
        {
            // Preflight decodes the whole file: never on the message thread.
            const auto report = publish::checkUpload (request, std::nullopt);
            std::string jobId, problem;
            if (report.refusal)
                problem = *report.refusal;
            else
                jobId = publishOutbox->add (request, takeId);
            juce::MessageManager::callAsync ([done, jobId, problem] { done (jobId, problem); });
        });
}

void Services::reportProblem (const std::string& text)
{
    problemText = text;
    problemsChanged.sendChangeMessage();
}

juce::Image Services::image (const std::string& url)
{
    if (url.empty())
        return {};
    if (const auto found = images.find (url); found != images.end())
        return found->second;
    if (!isReady() || !(url.rfind ("https://", 0) == 0 || url.rfind ("http://", 0) == 0))
        return {}; // not cached: asked again once the services have started
    if (images.size() >= 500)
        images.clear(); // a long browse session: start again rather than grow without bound
    images[url] = {};   // fetched once; a failure stays an invalid image (the view draws its placeholder)
    runInBackground (
        [this, url] (std::stop_token stop)
        {
            juce::Image decoded;
            // No token: images live on the CDN, and a token never goes to any host but the API and auth hosts.
            const auto result = account->http().perform (net::Request::get (juce::URL (juce::String (url))), stop);
            if (result.ok() && result.response().status == 200 && result.response().body.size() < 8 * 1024 * 1024)
            {
                const auto& body = result.response().body;
                decoded = juce::ImageFileFormat::loadFrom (body.data(), body.size());
            }
            juce::MessageManager::callAsync (
                [weak = weak_from_this(), url, decoded]
                {
                    if (auto self = weak.lock())
                        self->storeImage (url, decoded);
                });
        });
    return {};
}

void Services::storeImage (const std::string& url, juce::Image decoded)
{
    if (!decoded.isValid())
        return;
    images[url] = decoded;
    imagesChanged.sendChangeMessage();
}

void Services::runInBackground (std::function<void (std::stop_token)> job) { addJob (pool, std::move (job)); }

void Services::runBulkInBackground (std::function<void (std::stop_token)> job) { addJob (bulkPool, std::move (job)); }

void Services::addJob (juce::ThreadPool& lane, std::function<void (std::stop_token)> job)
{
    {
        const std::lock_guard lock (jobsLock);
        ++outstandingJobs;
    }
    lane.addJob (
        [this, job = std::move (job), stop = stopAll.get_token()]
        {
            try
            {
                job (stop);
            }
            catch (...)
            {
                // A job reports its own failures; one that throws must still count as finished.
            }
            const std::lock_guard lock (jobsLock);
            if (--outstandingJobs == 0)
                jobsDone.notify_all();
        });
}
} // namespace wavelift::ui
