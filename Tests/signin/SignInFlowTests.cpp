// The whole sign-in against the in-process sandbox: the system browser (a scripted stand-in driven through
// WAVELIFT_BROWSER) with the loopback listener, and the embedded window in the helper process with real WebKit.
#include "SignInTestSupport.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <numeric>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace wavelift;
using signin::SignInResult;

namespace
{
std::string readText (const std::filesystem::path& file)
{
    std::ifstream in (file, std::ios::binary);
    return { std::istreambuf_iterator<char> (in), {} };
}

/** Runs one sign-in and remembers what a test needs to look at afterwards. */
struct FlowRun
{
    SignInResult result;
    std::vector<std::string> messages;
    std::map<std::string, pid_t> children;
    std::map<std::string, std::string> childCommandLines;
    std::vector<std::string> refusedHits;
    std::vector<std::string> log;
};

FlowRun runFlow (test::SignInSandbox& sandbox, signin::BrowserChoice choice,
                 const std::function<void (signin::SignInFlow&, FlowRun&)>& afterRun = {})
{
    FlowRun run;
    auto account = sandbox.account ([&] (const std::string& line) { run.log.push_back (line); });
    const signin::TokenEndpoint endpoint (account->endpoints(), account->http(),
                                          [] { return std::chrono::system_clock::now(); });
    signin::SignInFlow::Options options;
    options.browser = choice;
    options.timeout = std::chrono::seconds (120);
    options.onMessage = [&] (const std::string& text) { run.messages.push_back (text); };
    options.onChildStarted = [&] (const std::string& role, pid_t pid)
    {
        run.children[role] = pid;
        run.childCommandLines[role] = test::commandLineOf (pid);
    };
    signin::SignInFlow flow (endpoint, account->userSession(), options);
    run.result = flow.run();
    if (afterRun)
        afterRun (flow, run);
    if (flow.receiver() != nullptr)
        run.refusedHits = flow.receiver()->refusedHits();
    return run;
}

/** Waits for the scripted browser to finish writing its traces (it is our child; the flow only detached it). */
void waitForBrowser (const FlowRun& run)
{
    const auto found = run.children.find ("browser");
    REQUIRE (found != run.children.end());
    int status = 0;
    REQUIRE (::waitpid (found->second, &status, 0) == found->second);
    CHECK (WIFEXITED (status));
    CHECK (WEXITSTATUS (status) == 0);
}

struct ScriptedBrowser
{
    explicit ScriptedBrowser (const std::string& mode, const std::string& redirect = {})
        : browser ("WAVELIFT_BROWSER", WAVELIFT_SCRIPTED_BROWSER)
        , traces ("WAVELIFT_TEST_BROWSER_DIR", folder.path().string())
        , modeVariable ("WAVELIFT_TEST_BROWSER_MODE", mode)
        , redirectVariable ("WAVELIFT_TEST_REDIRECT", redirect)
    {
    }

    std::filesystem::path trace (const std::string& name) const { return folder / name; }

    test::TemporaryFolder folder;
    test::ScopedEnvironment browser, traces, modeVariable, redirectVariable;
};

/** Every secret of a sign-in, for "appears nowhere" checks. */
std::vector<std::string> secretsOf (test::SignInSandbox& sandbox)
{
    std::vector<std::string> secrets{ sandbox.server().clientSecret() };
    auto account = sandbox.account();
    const signin::StoreLock lock (sandbox.storeLocation().lockFile());
    signin::FileTokenStore store (sandbox.storeLocation().tokenFile());
    if (const auto tokens = store.load (lock, account->userSession().key()))
    {
        secrets.push_back (tokens->accessToken);
        secrets.push_back (tokens->refreshToken);
    }
    return secrets;
}

void checkNoSecretIn (const std::vector<std::string>& texts, const std::vector<std::string>& secrets)
{
    for (const auto& text : texts)
        for (const auto& secret : secrets)
        {
            INFO ("text: " << text);
            CHECK_FALSE (test::contains (text, secret));
        }
}
} // namespace

TEST_CASE ("system browser: the loopback listener completes the sign-in once", "[signin][loopback]")
{
    test::SignInSandbox sandbox;
    const ScriptedBrowser browser ("follow");
    sandbox.server().clearRequests();

    int repeatedStatus = 0;
    const auto run = runFlow (sandbox, signin::BrowserChoice::system,
                              [&] (signin::SignInFlow& flow, FlowRun& current)
                              {
                                  waitForBrowser (current);
                                  // The browser hits the callback again (a reload): refused, and no second token
                                  // request.
                                  const auto again = net::HttpClient().perform (net::Request::get (
                                      juce::URL::createWithoutParsing (readText (browser.trace ("final-url")))));
                                  REQUIRE (again.ok());
                                  repeatedStatus = again.response().status;
                                  REQUIRE (flow.receiver() != nullptr);
                              });

    INFO (run.result.message);
    REQUIRE (run.result.status == SignInResult::Status::signedIn);
    CHECK (run.result.deliveredBy == "loopback");
    CHECK_FALSE (run.result.fellBackToSystemBrowser);
    CHECK (test::contains (readText (browser.trace ("page.html")), "You can close this tab"));
    CHECK (repeatedStatus == 400);
    CHECK (run.refusedHits == std::vector<std::string>{ "already used" });
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").size() == 1);
    CHECK (sandbox.requestsTo ("auth", "GET", "/authorize").size() == 1);

    auto account = sandbox.account();
    const auto me = account->whoAmI();
    REQUIRE (me.user.has_value());
    CHECK (me.user->username == sandbox.server().username());
    CHECK (me.user->urn.rfind ("soundcloud:users:", 0) == 0);

    // Nothing secret on the browser's command line, in the flow's messages or in the HTTP log.
    const auto secrets = secretsOf (sandbox);
    REQUIRE (secrets.size() == 3);
    const auto commandLine = readText (browser.trace ("browser-cmdline"));
    CHECK (test::contains (commandLine, "/authorize?"));
    CHECK (run.childCommandLines.at ("browser") == commandLine);
    checkNoSecretIn ({ commandLine }, secrets);
    checkNoSecretIn (run.messages, secrets);
    checkNoSecretIn (run.log, secrets);
    CHECK_FALSE (run.log.empty());
}

TEST_CASE ("system browser: the callback path with a trailing slash is accepted", "[signin][loopback]")
{
    test::SignInSandbox sandbox;
    const ScriptedBrowser browser ("slash");
    const auto run = runFlow (sandbox, signin::BrowserChoice::system,
                              [&] (signin::SignInFlow&, FlowRun& current) { waitForBrowser (current); });
    INFO (run.result.message);
    CHECK (run.result.status == SignInResult::Status::signedIn);
    CHECK (readText (browser.trace ("status")) == "200");
    CHECK (test::contains (readText (browser.trace ("final-url")), "/callback/?"));
}

TEST_CASE ("system browser: a wrong state is refused without a token request", "[signin][loopback]")
{
    test::SignInSandbox sandbox;
    const ScriptedBrowser browser ("wrong-state");
    sandbox.server().clearRequests();
    const auto run = runFlow (sandbox, signin::BrowserChoice::system,
                              [&] (signin::SignInFlow&, FlowRun& current) { waitForBrowser (current); });
    CHECK (run.result.status == SignInResult::Status::stateMismatch);
    CHECK (readText (browser.trace ("status")) == "400");
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").empty());
    auto account = sandbox.account();
    CHECK (account->userSession().accessToken().status == signin::TokenResult::Status::notSignedIn);
}

TEST_CASE ("system browser: an error= callback ends in a typed outcome without a token request", "[signin][loopback]")
{
    test::SignInSandbox sandbox;
    const auto [error, expected] =
        GENERATE (std::pair{ std::string ("access_denied"), SignInResult::Status::denied },
                  std::pair{ std::string ("invalid_request"), SignInResult::Status::authorizationError });
    const ScriptedBrowser browser ("error", sandbox.server().redirectUri());
    const test::ScopedEnvironment errorVariable ("WAVELIFT_TEST_ERROR", error);
    sandbox.server().clearRequests();

    const auto run = runFlow (sandbox, signin::BrowserChoice::system,
                              [&] (signin::SignInFlow&, FlowRun& current) { waitForBrowser (current); });
    CHECK (run.result.status == expected);
    CHECK (run.result.error == error);
    CHECK (readText (browser.trace ("status")) == "200");
    CHECK (test::contains (readText (browser.trace ("page.html")), "Sign-in did not complete"));
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").empty());
}

TEST_CASE ("embedded browser: the helper's WebKit window catches the redirect and the tokens are stored",
           "[signin][embedded]")
{
    test::SignInSandbox sandbox;
    // Keep the redirect port busy: only the window's pageAboutToLoad can deliver the code now.
    const int blocker = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons (static_cast<uint16_t> (sandbox.redirectPort()));
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (::bind (blocker, reinterpret_cast<sockaddr*> (&address), sizeof address) == 0);
    REQUIRE (::listen (blocker, 1) == 0);
    const test::ScopedEnvironment helper ("WAVELIFT_SIGNIN_HELPER", WAVELIFT_SIGNIN_HELPER_BINARY);
    sandbox.server().clearRequests();

    const auto run = runFlow (sandbox, signin::BrowserChoice::embedded);
    ::close (blocker);

    INFO (run.result.message);
    for (const auto& message : run.messages)
        INFO (message);
    REQUIRE (run.result.status == SignInResult::Status::signedIn);
    CHECK (run.result.deliveredBy == "embedded browser");
    CHECK_FALSE (run.result.fellBackToSystemBrowser);
    CHECK (sandbox.requestsTo ("auth", "GET", "/authorize").size() == 1);
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").size() == 1);

    auto account = sandbox.account();
    const auto me = account->whoAmI();
    REQUIRE (me.user.has_value());
    CHECK (me.user->username == sandbox.server().username());

    // The helper got the authorize URL over stdin: its command line is its path alone.
    CHECK (run.childCommandLines.at ("helper") == std::string (WAVELIFT_SIGNIN_HELPER_BINARY) + " ");
    checkNoSecretIn ({ run.childCommandLines.at ("helper") }, secretsOf (sandbox));
    checkNoSecretIn (run.log, secretsOf (sandbox));
}

TEST_CASE ("embedded browser: without WebKit the sign-in falls back to the system browser and says so",
           "[signin][embedded]")
{
    test::SignInSandbox sandbox;
    const test::ScopedEnvironment helper ("WAVELIFT_SIGNIN_HELPER", WAVELIFT_SIGNIN_HELPER_BINARY);
    const test::ScopedEnvironment missing ("WAVELIFT_SIGNIN_WEBKIT_LIBRARIES", "libwebkit2gtk-4.0-missing.so");
    const ScriptedBrowser browser ("follow");

    const auto run = runFlow (sandbox, signin::BrowserChoice::automatic,
                              [&] (signin::SignInFlow&, FlowRun& current) { waitForBrowser (current); });
    INFO (run.result.message);
    REQUIRE (run.result.status == SignInResult::Status::signedIn);
    CHECK (run.result.fellBackToSystemBrowser);
    CHECK (run.result.deliveredBy == "loopback");
    const auto said = std::accumulate (run.messages.begin(), run.messages.end(), std::string());
    CHECK (test::contains (said, "The sign-in window needs WebKit (libwebkit2gtk-4.0-missing.so cannot be loaded"));
    CHECK (test::contains (said, "Signing in through your web browser instead."));
}
