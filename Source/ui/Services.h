#pragma once

#include "core/Config.h"
#include "core/Preferences.h"
#include "preview/PreviewPlayer.h"
#include "preview/TrackStream.h"
#include "publish/Outbox.h"
#include "signin/Account.h"
#include "signin/AccountTokens.h"

#include <juce_events/juce_events.h>
#include <juce_graphics/juce_graphics.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

namespace wavelift::ui
{
/** What the editor talks to beyond the processor: the account, the API clients, the outbox and a worker pool.
    One per process while any editor is open (several plugin instances share it, like they share the Account). */
class Services : public std::enable_shared_from_this<Services>
{
public:
    /** The process's Services, created on first use and destroyed when the last editor lets go. Message thread.
        A new one starts on a worker (preferences, config, token store, outbox: disk and possibly a D-Bus keyring),
        so opening an editor never waits on them; whenStarted() says when they are there. */
    static std::shared_ptr<Services> shared();

    Services();
    ~Services();

    /** Runs `then` on the message thread once the services have started (now, if they have): from then on
        isReady(), problem() and preferences() hold what was read. Dropped if the services go away first. */
    void whenStarted (std::function<void()> then);
    bool isStarted() const noexcept { return started.load(); }

    /** Runs a blocking job (network, disk) on the worker pool; the token stops when Services goes away, which waits
        for every job it was given (queued ones included: a preferences write or a publish is never dropped). */
    void runInBackground (std::function<void (std::stop_token)> job);
    /** The same, on a separate one-thread lane for long reads that must not hold up the rest (waveform thumbnails). */
    void runBulkInBackground (std::function<void (std::stop_token)> job);

    /** Why the services could not be set up (a broken config.json): empty when all is well, or while starting. */
    const std::string& problem() const noexcept { return setupProblem; }
    /** Started, and the account, API clients and outbox are there. */
    bool isReady() const noexcept { return started.load() && account != nullptr; }

    signin::Account* signInAccount() noexcept { return account.get(); }
    soundcloud::ApiClient* uploadApi() noexcept { return userApi.get(); }
    soundcloud::ApiClient* browseApi() noexcept { return catalogue ? catalogue->api.get() : nullptr; }
    publish::Outbox* outbox() noexcept { return publishOutbox.get(); }
    preview::TrackStreamOpener* streamOpener() noexcept { return catalogue ? catalogue->opener.get() : nullptr; }
    /** A reader factory for the preview player: it opens the track's stream on the player's thread, and the reader
        keeps the clients it fetches segments with alive, so a preview may play on after the editor (and these
        services) are gone. Only when ready. */
    preview::PreviewPlayer::ReaderFactory previewOf (std::string trackUrn) const;

    /** The producer's defaults (preferences.json), read when the services start (the built-in defaults until then).
        Message thread. */
    const Preferences& preferences() const noexcept { return prefs; }
    /** What was wrong with preferences.json when it was read (empty when nothing). */
    const std::string& preferencesProblem() const noexcept { return prefsProblem; }
    /** Changes the preferences now and writes them on a worker (in order: the last change always wins). */
    void setPreferences (const Preferences&);
    /** Told on the message thread whenever the preferences change (several editors may show them). */
    juce::ChangeBroadcaster preferencesChanged;
    signin::BrowserChoice browserChoice() const;

    /** Checks a take (decodes it, on a worker) and adds it to the outbox; `done` gets the job's id or why it was not
        sent, on the message thread. */
    void publishInBackground (publish::UploadRequest, std::string takeId,
                              std::function<void (const std::string& jobId, const std::string& problem)> done);

    /** Something that went wrong away from any view (a finished take that could not be sent): kept and broadcast so
        whichever editor is open shows it. Message thread. */
    void reportProblem (const std::string& text);
    const std::string& latestProblem() const noexcept { return problemText; }
    juce::ChangeBroadcaster problemsChanged;

    /** An artwork or avatar image: the cached one, or an invalid image while it is fetched (without any token: these
        live on the CDN). `imagesChanged` tells the views when one arrived. Message thread. */
    juce::Image image (const std::string& url);
    juce::ChangeBroadcaster imagesChanged;

private:
    void start();
    void finishStarting (Preferences loaded, std::string loadProblem);
    void storeImage (const std::string& url, juce::Image);

    Preferences prefs;
    std::string problemText;
    std::string prefsProblem;
    void writePendingPreferences();
    void addJob (juce::ThreadPool&, std::function<void (std::stop_token)>);

    std::mutex preferencesFileLock;  // one writer of the file at a time (workers only)
    std::mutex preferencesStateLock; // the three below; held only for a copy, never across disk I/O
    Preferences pendingWrite;
    std::uint64_t preferencesVersion = 0, preferencesWritten = 0;
    std::mutex jobsLock;
    std::condition_variable jobsDone;
    int outstandingJobs = 0;                   // under jobsLock
    std::map<std::string, juce::Image> images; // an invalid image: being fetched or failed

    std::stop_source stopAll;
    // Written by the starting worker before `started` is set (on the message thread); read only once it is.
    std::atomic<bool> started{ false };
    std::vector<std::function<void()>> startedCallbacks; // message thread
    std::string setupProblem;
    std::shared_ptr<signin::Account> account;
    std::unique_ptr<signin::AccountTokens> userTokens;
    std::unique_ptr<soundcloud::ApiClient> userApi;
    std::unique_ptr<publish::Outbox> publishOutbox;

    /** What browsing and previews read the catalogue with (the app token when signed out); shared with the preview
        player's readers. Members go in reverse: the opener before the API client before the tokens and account. */
    struct CatalogueClients
    {
        std::shared_ptr<signin::Account> account;
        std::unique_ptr<signin::AccountTokens> tokens;
        std::unique_ptr<soundcloud::ApiClient> api;
        std::unique_ptr<preview::TrackStreamOpener> opener;
    };
    std::shared_ptr<CatalogueClients> catalogue;
    juce::ThreadPool pool{ 2 }, bulkPool{ 1 };
};
} // namespace wavelift::ui
