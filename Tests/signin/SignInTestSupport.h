#pragma once

#include "helpers/LoopbackPort.h"

#include "TestServers.h"

#include "sandbox/SandboxServer.h"
#include "signin/Account.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wavelift::test
{
/** An in-process sandbox (auto-approve, fault injection, no seeded catalogue) with a redirect URI on a free
    loopback port, and a config folder of its own for the token store. */
class SignInSandbox
{
public:
    explicit SignInSandbox (const std::function<void (sandbox::Options&)>& customise = {});
    ~SignInSandbox();

    sandbox::SandboxServer& server() { return *server_; }
    signin::Endpoints endpoints() const;
    signin::StoreLocation storeLocation() const { return { configFolder_.path() }; }
    const std::filesystem::path& configFolder() const { return configFolder_.path(); }
    int redirectPort() const { return redirectPort_; }

    /** An Account on the file store in this sandbox's config folder, logging into `log` when given. */
    std::unique_ptr<signin::Account> account (std::function<void (const std::string&)> log = {},
                                              signin::TokenEndpoint::Clock now = {});

    /** Signs the account in without a browser: GET /authorize (auto-approved, redirect not followed), the code from
        the Location, the token exchange, the tokens adopted. */
    signin::TokenSet signInDirectly (signin::Account& account);

    /** Requests the sandbox logged for host "auth"/"api", method and path. */
    std::vector<sandbox::RecordedRequest> requestsTo (const std::string& host, const std::string& method,
                                                      const std::string& path) const;

    /** The environment for a `wavelift` child process talking to this sandbox (config folder, URLs, app). */
    std::vector<std::string> cliEnvironment() const;

private:
    TemporaryFolder dataFolder_, configFolder_;
    int redirectPort_ = 0;
    std::unique_ptr<sandbox::SandboxServer> server_;
};

/** /proc/<pid>/cmdline with the NULs as spaces; empty once the process is gone. */
std::string commandLineOf (pid_t pid);

/** Runs `argv` with `environment` added to this process's, waits, and returns exit status, stdout and stderr. */
struct ProgramRun
{
    int exitCode = -1;
    std::string out, err;
    std::string commandLine; ///< as /proc showed it while running (empty if it ended before being looked at)
};
class RunningProgram
{
public:
    RunningProgram (const std::vector<std::string>& argv, const std::vector<std::string>& environment);
    ~RunningProgram();
    pid_t pid() const { return pid_; }
    ProgramRun wait();

private:
    pid_t pid_ = -1;
    int out_ = -1, err_ = -1;
    std::string commandLine_;
};

/** Sets an environment variable for the lifetime of the object (restoring the previous value). */
class ScopedEnvironment
{
public:
    ScopedEnvironment (std::string name, const std::string& value);
    ~ScopedEnvironment();

private:
    std::string name_;
    std::optional<std::string> previous_;
};

/** True when `haystack` contains `needle` (non-empty). */
bool contains (const std::string& haystack, const std::string& needle);
} // namespace wavelift::test
