// Runs an outbox until its jobs finish. Everything comes from the environment (never the command line, where
// tokens would show in every process listing): WAVELIFT_TEST_API_URL, WAVELIFT_TEST_TOKEN, WAVELIFT_TEST_OUTBOX,
// and, to add a job first, WAVELIFT_TEST_FILE and WAVELIFT_TEST_TITLE.
#include "publish/Outbox.h"

#include <juce_events/juce_events.h>

#include <cstdlib>
#include <iostream>

namespace
{
std::string env (const char* name)
{
    const char* value = std::getenv (name);
    return value != nullptr ? value : "";
}

class FixedToken final : public wavelift::soundcloud::AccessTokens
{
public:
    explicit FixedToken (std::string t)
        : token (std::move (t))
    {
    }
    std::string current (std::stop_token) override { return token; }
    std::string afterUnauthorized (const std::string&, std::stop_token) override
    {
        throw std::runtime_error ("the test token was refused");
    }
    bool actsForUser() const override { return true; }

private:
    std::string token;
};
} // namespace

int main()
{
    using namespace wavelift;
    net::HttpClient http;
    FixedToken tokens (env ("WAVELIFT_TEST_TOKEN"));
    soundcloud::ApiClient api (juce::URL (juce::String (env ("WAVELIFT_TEST_API_URL"))), http, tokens);
    publish::RetryPolicy fast;
    fast.firstDelay = std::chrono::milliseconds (20);
    publish::Outbox outbox (env ("WAVELIFT_TEST_OUTBOX"), api, fast);

    if (!env ("WAVELIFT_TEST_FILE").empty())
    {
        publish::UploadRequest request;
        request.audioFile = env ("WAVELIFT_TEST_FILE");
        request.fields.title = env ("WAVELIFT_TEST_TITLE");
        outbox.add (request);
    }
    outbox.start();
    for (const auto& job : outbox.jobs())
    {
        const auto finished = outbox.waitForFinish (job.id, std::chrono::minutes (2));
        std::cout << job.id << ' ' << publish::toString (finished->state) << ' ' << finished->lastError << '\n';
    }
    return 0;
}
