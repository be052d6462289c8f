// The three commands as a person runs them: wavelift sign-in (system browser and embedded window), whoami,
// sign-out, against the in-process sandbox.
#include "SignInTestSupport.h"

#include <catch2/catch.hpp>

using namespace wavelift;

TEST_CASE ("wavelift sign-in, whoami and sign-out", "[signin][cli]")
{
    test::SignInSandbox sandbox;
    const auto browser = GENERATE (std::string ("system"), std::string ("embedded"));
    test::TemporaryFolder traces;
    auto environment = sandbox.cliEnvironment();
    environment.push_back (std::string ("WAVELIFT_BROWSER=") + WAVELIFT_SCRIPTED_BROWSER);
    environment.push_back ("WAVELIFT_TEST_BROWSER_DIR=" + traces.path().string());
    environment.push_back ("WAVELIFT_TEST_BROWSER_MODE=follow");
    environment.push_back ("WAVELIFT_SIGNIN_HELPER="); // the CLI finds the helper beside itself

    const auto signIn =
        test::RunningProgram ({ WAVELIFT_CLI_BINARY, "sign-in", "--browser", browser }, environment).wait();
    INFO (signIn.out << signIn.err);
    REQUIRE (signIn.exitCode == 0);
    CHECK (test::contains (signIn.out, "Signed in as " + sandbox.server().username() + " (soundcloud:users:"));
    CHECK (test::contains (signIn.out, "Tokens are kept in a file readable only by you"));
    CHECK (test::contains (signIn.out, browser == "embedded"
                                           ? "Opened the SoundCloud sign-in window."
                                           : "Opened SoundCloud's sign-in page in your web browser."));
    CHECK (sandbox.requestsTo ("auth", "POST", "/oauth/token").size() == 1);

    const auto whoami = test::RunningProgram ({ WAVELIFT_CLI_BINARY, "whoami" }, environment).wait();
    CHECK (whoami.exitCode == 0);
    CHECK (test::contains (whoami.out, sandbox.server().username() + "\nsoundcloud:users:"));

    const auto signOut = test::RunningProgram ({ WAVELIFT_CLI_BINARY, "sign-out" }, environment).wait();
    CHECK (signOut.exitCode == 0);
    CHECK (test::contains (signOut.out, "Signed out (SoundCloud ended the session)"));

    const auto after = test::RunningProgram ({ WAVELIFT_CLI_BINARY, "whoami" }, environment).wait();
    CHECK (after.exitCode == 1);
    CHECK (test::contains (after.err, "not signed in"));

    const auto usage =
        test::RunningProgram ({ WAVELIFT_CLI_BINARY, "sign-in", "--browser", "lynx" }, environment).wait();
    CHECK (usage.exitCode == 2);
}
