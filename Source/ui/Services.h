#pragma once

#include "core/Config.h"
#include "preview/TrackStream.h"
#include "publish/Outbox.h"
#include "signin/Account.h"
#include "signin/AccountTokens.h"

#include <juce_events/juce_events.h>

#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace wavelift::ui
{
/** What the editor talks to beyond the processor: the account, the API clients, the outbox and a worker pool.
    One per process while any editor is open (several plugin instances share it, like they share the Account). */
class Services
{
public:
    /** The process's Services, created on first use and destroyed when the last editor lets go. Message thread. */
    static std::shared_ptr<Services> shared();

    Services();
    ~Services();

    /** Runs a blocking job (network, disk) on the worker pool; the token stops when Services goes away. */
    void runInBackground (std::function<void (std::stop_token)> job);

    /** Why the services could not be set up (a broken config.json): empty when all is well. */
    const std::string& problem() const noexcept { return setupProblem; }
    bool isReady() const noexcept { return account != nullptr; }

    signin::Account* signInAccount() noexcept { return account.get(); }
    soundcloud::ApiClient* uploadApi() noexcept { return userApi.get(); }
    soundcloud::ApiClient* browseApi() noexcept { return readApi.get(); }
    publish::Outbox* outbox() noexcept { return publishOutbox.get(); }
    preview::TrackStreamOpener* streamOpener() noexcept { return opener.get(); }

    /** Settings of this session that are not part of the plugin state. */
    std::atomic<signin::BrowserChoice> browserChoice{ signin::BrowserChoice::automatic };
    std::atomic<bool> publishWhenTakeEnds{ false };

private:
    std::stop_source stopAll;
    std::string setupProblem;
    std::shared_ptr<signin::Account> account;
    std::unique_ptr<signin::AccountTokens> userTokens, readTokens;
    std::unique_ptr<soundcloud::ApiClient> userApi, readApi;
    std::unique_ptr<publish::Outbox> publishOutbox;
    std::unique_ptr<preview::TrackStreamOpener> opener;
    juce::ThreadPool pool{ 2 };
};
} // namespace wavelift::ui
