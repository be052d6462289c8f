// Tokens and the client secret stay out of saved plugin state, the CLI's output (debug log included) and the
// command lines of the processes sign-in starts (those are checked in SignInFlowTests).
#include "SignInTestSupport.h"

#include "helpers/HostedPlugin.h"

#include <catch2/catch.hpp>

using namespace wavelift;

TEST_CASE ("no token or secret in saved plugin state or in the CLI's output and debug log", "[signin][secrets]")
{
    test::SignInSandbox sandbox;
    std::vector<std::string> log;
    auto account = sandbox.account ([&] (const std::string& line) { log.push_back (line); });
    const auto tokens = sandbox.signInDirectly (*account);
    const std::vector<std::string> secrets{ tokens.accessToken, tokens.refreshToken, sandbox.server().clientSecret() };

    // The plugin runs with the same config folder, signed in, and its state is saved as a host saves a project.
    const test::ScopedEnvironment configDir ("WAVELIFT_CONFIG_DIR", sandbox.configFolder().string());
    juce::String error;
    auto plugin = test::HostedPlugin::load (test::HostedPlugin::Format::vst3, 48000.0, 512, error);
    INFO (error);
    REQUIRE (plugin != nullptr);
    juce::MemoryBlock state;
    plugin->getStateInformation (state);
    const std::string stateBytes (static_cast<const char*> (state.getData()), state.getSize());
    for (const auto& secret : secrets)
        CHECK_FALSE (test::contains (stateBytes, secret));
    plugin.reset();

    auto environment = sandbox.cliEnvironment();
    environment.push_back ("WAVELIFT_DEBUG_HTTP=1");
    const auto whoami = test::RunningProgram ({ WAVELIFT_CLI_BINARY, "whoami" }, environment).wait();
    CHECK (whoami.exitCode == 0);
    CHECK (test::contains (whoami.err, "[wavelift] GET ")); // the debug log ran
    const auto signOut = test::RunningProgram ({ WAVELIFT_CLI_BINARY, "sign-out" }, environment).wait();
    CHECK (signOut.exitCode == 0);
    CHECK (test::contains (signOut.err, "[wavelift] POST "));

    REQUIRE_FALSE (log.empty());
    for (const auto& text : { whoami.out, whoami.err, whoami.commandLine, signOut.out, signOut.err })
        for (const auto& secret : secrets)
            CHECK_FALSE (test::contains (text, secret));
    for (const auto& line : log)
        for (const auto& secret : secrets)
            CHECK_FALSE (test::contains (line, secret));
}
