// The wavelift-sandbox executable: --help, the one-line startup JSON, serving, clean shutdown on SIGTERM/SIGINT.

#include "support/RunningProgram.h"
#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

#include <csignal>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
const std::string executable = WAVELIFT_SANDBOX_EXECUTABLE;
}

TEST_CASE ("sandbox cli - --help documents every flag and the seeded credentials", "[sandbox][cli]")
{
    RunningProgram program ({ executable, "--help" });
    const auto help = program.readRest();
    CHECK (program.waitForExit() == 0);
    for (const auto* flag : { "--port", "--auth-port", "--cdn-port", "--data", "--auto-approve", "--token-lifetime",
                              "--redirect-uri", "--hls-container", "--play-limit", "--enable-fault-injection", "--help",
                              "--cdn-url-lifetime", "--upload-quota" })
    {
        INFO (flag);
        CHECK (help.find (std::string (flag) + " ") != std::string::npos);
    }
    CHECK (help.find ("username sandbox_user") != std::string::npos);
    CHECK (help.find ("password sandbox-password") != std::string::npos);

    RunningProgram wrong ({ executable, "--hls-container", "mkv" });
    CHECK (wrong.waitForExit() == 2);
    RunningProgram unknown ({ executable, "--frobnicate" });
    CHECK (unknown.waitForExit() == 2);
}

TEST_CASE ("sandbox cli - prints one JSON line - serves - and exits cleanly on SIGTERM and SIGINT", "[sandbox][cli]")
{
    TempDir data;
    std::string clientId;
    for (const int signal : { SIGTERM, SIGINT })
    {
        RunningProgram program ({ executable, "--data", data.path().string(), "--port", "0", "--auto-approve",
                                  "--token-lifetime", "120", "--hls-container", "fmp4", "--play-limit", "10",
                                  "--redirect-uri", "http://127.0.0.1:9999/cb" });
        const auto line = program.readLine (std::chrono::seconds (120));
        REQUIRE (line);
        const auto startup = nlohmann::json::parse (*line);
        std::vector<std::string> keys;
        for (const auto& [key, value] : startup.items())
        {
            keys.push_back (key);
            CHECK (value.is_string());
        }
        CHECK (keys
               == std::vector<std::string>{ "api_url", "auth_url", "cdn_url", "client_id", "client_secret", "password",
                                            "redirect_uri", "username" });
        CHECK (line->find ("{\"api_url\":") == 0); // the documented order
        CHECK (startup.at ("redirect_uri") == "http://127.0.0.1:9999/cb");
        CHECK (startup.at ("username") == "sandbox_user");
        CHECK (startup.at ("password") == "sandbox-password");
        if (clientId.empty())
            clientId = startup.at ("client_id");
        CHECK (startup.at ("client_id") == clientId); // kept in the data folder across restarts

        // It serves: auto-approve completes the authorize step with a plain redirect, as curl -L would follow.
        const auto pkce = Pkce::generate();
        const auto authorize =
            get (startup.at ("auth_url").get<std::string>() + "/authorize?client_id=" + clientId
                 + "&redirect_uri=" + urlEncode ("http://127.0.0.1:9999/cb")
                 + "&response_type=code&code_challenge=" + pkce.challenge + "&code_challenge_method=S256&state=cli");
        CHECK (authorize.status == 302);
        CHECK (authorize.header ("location").starts_with ("http://127.0.0.1:9999/cb?code="));
        CHECK (get (startup.at ("api_url").get<std::string>() + "/me").status == 401);

        program.sendSignal (signal);
        CHECK (program.waitForExit() == 0);
        CHECK_FALSE (program.readLine (std::chrono::milliseconds (100))); // exactly one line on stdout
    }
}

TEST_CASE ("sandbox cli - a port that is taken fails the start with a message", "[sandbox][cli]")
{
    TestSandbox running;
    const auto port = running.server().apiUrl().substr (running.server().apiUrl().rfind (':') + 1);
    TempDir data;
    RunningProgram program ({ executable, "--data", data.path().string(), "--port", port });
    CHECK (program.waitForExit() == 1);
    CHECK (program.readRest().empty());
}
