// Token sessions against the sandbox: single-flight refresh across threads and processes, back-off on transient
// failures, invalid_grant, the 401 retry, app tokens renewed without re-exchanging, sign-out.
#include "SignInTestSupport.h"

#include "sandbox/FaultInjector.h"

#include <catch2/catch.hpp>

#include <barrier>
#include <thread>

using namespace wavelift;
using signin::TokenResult;

namespace
{
/** A clock the test moves by hand (expiry and back-off decisions), starting at the real time. */
class ManualClock
{
public:
    signin::TimePoint now() const
    {
        const std::lock_guard lock (mutex_);
        return now_;
    }
    void advance (std::chrono::seconds by)
    {
        const std::lock_guard lock (mutex_);
        now_ += by;
    }
    signin::TokenEndpoint::Clock function()
    {
        return [this] { return now(); };
    }

private:
    mutable std::mutex mutex_;
    signin::TimePoint now_ = std::chrono::system_clock::now();
};

/** Rewrites the stored user token's expiry (what a process finds after an hour away). */
signin::TokenSet expireStoredToken (test::SignInSandbox& sandbox, signin::Account& account, signin::TimePoint when)
{
    signin::FileTokenStore store (sandbox.storeLocation().tokenFile());
    const signin::StoreLock lock (sandbox.storeLocation().lockFile());
    auto tokens = store.load (lock, account.userSession().key());
    REQUIRE (tokens.has_value());
    tokens->expiresAt = when;
    store.save (lock, account.userSession().key(), *tokens);
    return *tokens;
}

std::optional<signin::TokenSet> storedUserTokens (test::SignInSandbox& sandbox, signin::Account& account)
{
    signin::FileTokenStore store (sandbox.storeLocation().tokenFile());
    const signin::StoreLock lock (sandbox.storeLocation().lockFile());
    return store.load (lock, account.userSession().key());
}

std::vector<int> statusesOf (const std::vector<sandbox::RecordedRequest>& requests)
{
    std::vector<int> statuses;
    for (const auto& request : requests)
        statuses.push_back (request.status);
    return statuses;
}
} // namespace

TEST_CASE ("8 threads and 3 processes sharing an expired token cause exactly one refresh", "[signin][session]")
{
    test::SignInSandbox sandbox;
    {
        auto first = sandbox.account();
        sandbox.signInDirectly (*first);
        expireStoredToken (sandbox, *first, std::chrono::system_clock::now() - std::chrono::seconds (10));
    }
    const auto expired = storedUserTokens (sandbox, *sandbox.account());
    sandbox.server().clearRequests();

    auto account = sandbox.account();
    REQUIRE (account->userSession().key().kind == signin::TokenKind::user);
    constexpr int threadCount = 8;
    std::barrier start (threadCount + 1);
    std::vector<TokenResult> results (threadCount);
    std::vector<std::thread> threads;
    for (int i = 0; i < threadCount; ++i)
        threads.emplace_back (
            [&, i]
            {
                start.arrive_and_wait();
                results[static_cast<std::size_t> (i)] = account->userSession().accessToken();
            });

    std::vector<std::unique_ptr<test::RunningProgram>> processes;
    for (int i = 0; i < 3; ++i)
        processes.push_back (std::make_unique<test::RunningProgram> (
            std::vector<std::string>{ WAVELIFT_CLI_BINARY, "whoami" }, sandbox.cliEnvironment()));
    start.arrive_and_wait();
    for (auto& thread : threads)
        thread.join();
    std::vector<test::ProgramRun> runs;
    for (auto& process : processes)
        runs.push_back (process->wait());

    const auto refreshes = sandbox.requestsTo ("auth", "POST", "/oauth/token");
    CHECK (refreshes.size() == 1);
    CHECK (statusesOf (refreshes) == std::vector<int>{ 200 }); // a reused refresh token would have been a 400

    const auto stored = storedUserTokens (sandbox, *account);
    REQUIRE (stored.has_value());
    CHECK (stored->refreshToken != expired->refreshToken);
    for (const auto& result : results)
    {
        CHECK (result.status == TokenResult::Status::ok);
        CHECK (result.accessToken == stored->accessToken);
    }
    for (const auto& run : runs)
    {
        INFO (run.err);
        CHECK (run.exitCode == 0);
        CHECK (run.out.rfind (sandbox.server().username() + "\nsoundcloud:users:", 0) == 0);
        CHECK_FALSE (test::contains (run.commandLine, stored->accessToken));
        CHECK_FALSE (test::contains (run.out + run.err, stored->accessToken));
    }
    CHECK (sandbox.requestsTo ("api", "GET", "/me").size() == 3);
}

TEST_CASE ("a refresh answered by a 5xx, then an HTML page, then success keeps the user signed in", "[signin][session]")
{
    test::SignInSandbox sandbox;
    ManualClock clock;
    auto account = sandbox.account ({}, clock.function());
    sandbox.signInDirectly (*account);
    clock.advance (std::chrono::hours (2)); // our view: the access token has expired

    sandbox::FaultRule serverError;
    serverError.host = "auth";
    serverError.method = "POST";
    serverError.path = "/oauth/token";
    serverError.kind = sandbox::FaultKind::status5xx;
    serverError.status = 500;
    auto htmlPage = serverError;
    htmlPage.kind = sandbox::FaultKind::cloudfrontHtml;
    htmlPage.status = 503;
    sandbox.server().addFault (serverError);
    sandbox.server().addFault (htmlPage);
    sandbox.server().clearRequests();

    const auto first = account->userSession().accessToken();
    CHECK (first.status == TokenResult::Status::temporarilyUnavailable);
    CHECK (test::contains (first.message, "HTTP 500"));
    CHECK (storedUserTokens (sandbox, *account).has_value());

    // Backing off: no request while the back-off lasts.
    CHECK (account->userSession().accessToken().status == TokenResult::Status::temporarilyUnavailable);
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").size() == 1);

    clock.advance (std::chrono::minutes (10));
    const auto second = account->userSession().accessToken();
    CHECK (second.status == TokenResult::Status::temporarilyUnavailable);
    CHECK (test::contains (second.message, "CloudFront"));
    CHECK (storedUserTokens (sandbox, *account).has_value());

    clock.advance (std::chrono::minutes (10));
    const auto third = account->userSession().accessToken();
    REQUIRE (third.status == TokenResult::Status::ok);
    CHECK (statusesOf (sandbox.requestsTo ("auth", "POST", "/oauth/token")) == std::vector<int>{ 500, 503, 200 });
    CHECK (storedUserTokens (sandbox, *account)->accessToken == third.accessToken);
    CHECK (account->whoAmI().user.has_value());
}

TEST_CASE ("only invalid_grant clears the credentials", "[signin][session]")
{
    test::SignInSandbox sandbox;
    ManualClock clock;
    auto account = sandbox.account ({}, clock.function());
    sandbox.signInDirectly (*account);
    auto tokens = *storedUserTokens (sandbox, *account);
    tokens.refreshToken = "not-a-refresh-token";
    account->userSession().adopt (tokens);
    clock.advance (std::chrono::hours (2));

    const auto result = account->userSession().accessToken();
    CHECK (result.status == TokenResult::Status::notSignedIn);
    CHECK (test::contains (result.message, "invalid_grant"));
    CHECK_FALSE (storedUserTokens (sandbox, *account).has_value());
}

TEST_CASE ("a 401 renews the token once and repeats the call once", "[signin][session]")
{
    test::SignInSandbox sandbox;
    auto account = sandbox.account();
    const auto original = sandbox.signInDirectly (*account);
    // The server's clock moves past the token's life; ours still thinks it is fresh.
    sandbox.server().advanceClock (std::chrono::hours (2));
    sandbox.server().clearRequests();

    const auto me = account->whoAmI();
    REQUIRE (me.user.has_value());
    CHECK (statusesOf (sandbox.requestsTo ("api", "GET", "/me")) == std::vector<int>{ 401, 200 });
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").size() == 1);
    CHECK (storedUserTokens (sandbox, *account)->accessToken != original.accessToken);
}

TEST_CASE ("app-only tokens: one client-credentials exchange, then renewal by refresh token", "[signin][session]")
{
    test::SignInSandbox sandbox;
    ManualClock clock;
    auto account = sandbox.account ({}, clock.function());
    sandbox.server().clearRequests();

    const auto first = account->appSession().accessToken();
    REQUIRE (first.ok());
    CHECK (account->appSession().accessToken().accessToken == first.accessToken); // cached
    clock.advance (std::chrono::hours (2));
    const auto renewed = account->appSession().accessToken();
    REQUIRE (renewed.ok());
    CHECK (renewed.accessToken != first.accessToken);

    const auto tokenRequests = sandbox.requestsTo ("auth", "POST", "/oauth/token");
    REQUIRE (tokenRequests.size() == 2);
    CHECK (tokenRequests[0].authorizationScheme == "Basic");
    CHECK_FALSE (tokenRequests[1].hadAuthorization);
    const auto counters = sandbox.server().stats()["token_requests"];
    INFO (counters.dump());
    CHECK (counters.value ("client_credentials", -1) == 1);
    CHECK (counters.value ("refresh_token", -1) == 1);

    auto client = account->appClient();
    const auto user = client.perform (
        net::Request::get (juce::URL (sandbox.server().apiUrl() + "/users/soundcloud:users:100000001")));
    REQUIRE (user.status == signin::AuthorizedResult::Status::answered);
    CHECK (user.response->status == 200);
}

TEST_CASE ("sign-out tells the API and deletes the stored tokens", "[signin][session]")
{
    test::SignInSandbox sandbox;
    auto account = sandbox.account();
    sandbox.signInDirectly (*account);
    sandbox.server().clearRequests();

    const auto result = account->signOut();
    CHECK (result.serverConfirmed);
    const auto signOuts = sandbox.requestsTo ("api", "POST", "/sign-out");
    REQUIRE (signOuts.size() == 1);
    CHECK (signOuts[0].authorizationScheme == "OAuth");
    CHECK (signOuts[0].status == 200);
    CHECK_FALSE (storedUserTokens (sandbox, *account).has_value());
    CHECK (account->whoAmI().status == signin::AuthorizedResult::Status::notSignedIn);
}
