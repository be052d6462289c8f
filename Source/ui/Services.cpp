#include "ui/Services.h"

#include "capture/TakeLibrary.h"

#include "core/Paths.h"

namespace wavelift::ui
{
std::shared_ptr<Services> Services::shared()
{
    static std::weak_ptr<Services> current;
    if (auto existing = current.lock())
        return existing;
    auto created = std::make_shared<Services>();
    current = created;
    return created;
}

Services::Services()
{
    try
    {
        const auto config = loadConfig();
        account = signin::Account::shared (config);
        userTokens = std::make_unique<signin::AccountTokens> (account->userSession(), nullptr);
        readTokens = std::make_unique<signin::AccountTokens> (account->userSession(), &account->appSession());
        const juce::URL apiBase (juce::String (config.apiUrl.value));
        userApi = std::make_unique<soundcloud::ApiClient> (apiBase, account->http(), *userTokens);
        readApi = std::make_unique<soundcloud::ApiClient> (apiBase, account->http(), *readTokens);
        opener = std::make_unique<preview::TrackStreamOpener> (*readApi);
        publishOutbox = std::make_unique<publish::Outbox> (dataDirectory() / "outbox", *userApi);
        // On the outbox's worker thread: record in the takes library which track each published take became.
        publishOutbox->setListener (
            [takes =
                 capture::TakeLibrary (capture::TakeLibrary::defaultFolder())] (const publish::OutboxJob& job) mutable
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
        account.reset();
    }
}

Services::~Services()
{
    // Workers blocked on the network see the stop and return; then the outbox stops before the clients it uses.
    stopAll.request_stop();
    pool.removeAllJobs (true, 20000);
    if (publishOutbox != nullptr)
        publishOutbox->stop();
}

void Services::runInBackground (std::function<void (std::stop_token)> job)
{
    pool.addJob ([job = std::move (job), stop = stopAll.get_token()] { job (stop); });
}
} // namespace wavelift::ui
