#pragma once

#include "core/Config.h"
#include "core/Preferences.h"
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

namespace wavelift::ui
{
/** What the editor talks to beyond the processor: the account, the API clients, the outbox and a worker pool.
    One per process while any editor is open (several plugin instances share it, like they share the Account). */
class Services : public std::enable_shared_from_this<Services>
{
public:
    /** The process's Services, created on first use and destroyed when the last editor lets go. Message thread. */
    static std::shared_ptr<Services> shared();

    Services();
    ~Services();

    /** Runs a blocking job (network, disk) on the worker pool; the token stops when Services goes away, which waits
        for every job it was given (queued ones included: a preferences write or a publish is never dropped). */
    void runInBackground (std::function<void (std::stop_token)> job);
    /** The same, on a separate one-thread lane for long reads that must not hold up the rest (waveform thumbnails). */
    void runBulkInBackground (std::function<void (std::stop_token)> job);

    /** Why the services could not be set up (a broken config.json): empty when all is well. */
    const std::string& problem() const noexcept { return setupProblem; }
    bool isReady() const noexcept { return account != nullptr; }

    signin::Account* signInAccount() noexcept { return account.get(); }
    soundcloud::ApiClient* uploadApi() noexcept { return userApi.get(); }
    soundcloud::ApiClient* browseApi() noexcept { return readApi.get(); }
    publish::Outbox* outbox() noexcept { return publishOutbox.get(); }
    preview::TrackStreamOpener* streamOpener() noexcept { return opener.get(); }

    /** The producer's defaults (preferences.json), read when the services start. Message thread. */
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
    std::string setupProblem;
    std::shared_ptr<signin::Account> account;
    std::unique_ptr<signin::AccountTokens> userTokens, readTokens;
    std::unique_ptr<soundcloud::ApiClient> userApi, readApi;
    std::unique_ptr<publish::Outbox> publishOutbox;
    std::unique_ptr<preview::TrackStreamOpener> opener;
    juce::ThreadPool pool{ 2 }, bulkPool{ 1 };
};
} // namespace wavelift::ui
