#include "SignInTestSupport.h"

#include "net/HttpClient.h"

#include <algorithm>
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace wavelift::test
{
SignInSandbox::SignInSandbox (const std::function<void (sandbox::Options&)>& customise)
{
    redirectPort_ = freeLoopbackPort();
    sandbox::Options options;
    options.dataDir = dataFolder_.path();
    options.autoApprove = true;
    options.enableFaultInjection = true;
    options.seedCatalogue = false;
    options.redirectUri = "http://127.0.0.1:" + std::to_string (redirectPort_) + "/callback";
    if (customise)
        customise (options);
    server_ = std::make_unique<sandbox::SandboxServer> (options);
    server_->start();
}

SignInSandbox::~SignInSandbox() { server_->stop(); }

signin::Endpoints SignInSandbox::endpoints() const
{
    return { server_->apiUrl(), server_->authUrl(), server_->clientId(), server_->clientSecret(),
             server_->redirectUri() };
}

std::unique_ptr<signin::Account> SignInSandbox::account (std::function<void (const std::string&)> log,
                                                         signin::TokenEndpoint::Clock now)
{
    signin::Account::Options options;
    options.storeBackend = signin::StoreBackend::file;
    options.log = std::move (log);
    if (now)
        options.now = std::move (now);
    return std::make_unique<signin::Account> (endpoints(), storeLocation(), std::move (options));
}

signin::TokenSet SignInSandbox::signInDirectly (signin::Account& account)
{
    const auto request = signin::AuthorizationRequest::create (account.endpoints());
    const auto answer = account.http().perform (net::Request::get (juce::URL::createWithoutParsing (request.url)));
    REQUIRE (answer.ok());
    REQUIRE (answer.response().status == 302);
    const auto callback = signin::parseCallbackUrl (answer.response().headers.get ("Location").value_or (""));
    REQUIRE (callback.state == request.state);
    const signin::TokenEndpoint endpoint (account.endpoints(), account.http(),
                                          [] { return std::chrono::system_clock::now(); });
    const auto outcome = endpoint.exchangeCode (callback.code, request.codeVerifier);
    REQUIRE (outcome.kind == signin::TokenOutcome::Kind::granted);
    account.userSession().adopt (*outcome.tokens);
    return *outcome.tokens;
}

std::vector<sandbox::RecordedRequest> SignInSandbox::requestsTo (const std::string& host, const std::string& method,
                                                                 const std::string& path) const
{
    std::vector<sandbox::RecordedRequest> matching;
    for (const auto& request : server_->requests())
        if (request.host == host && request.method == method && request.path == path)
            matching.push_back (request);
    return matching;
}

std::vector<std::string> SignInSandbox::cliEnvironment() const
{
    return { "WAVELIFT_CONFIG_DIR=" + configFolder_.path().string(),
             "WAVELIFT_API_URL=" + server_->apiUrl(),
             "WAVELIFT_AUTH_URL=" + server_->authUrl(),
             "WAVELIFT_CLIENT_ID=" + server_->clientId(),
             "WAVELIFT_CLIENT_SECRET=" + server_->clientSecret(),
             "WAVELIFT_REDIRECT_URI=" + server_->redirectUri(),
             "WAVELIFT_TOKEN_STORE=file" };
}

namespace
{
    std::string readCommandLine (pid_t pid)
    {
        std::ifstream in ("/proc/" + std::to_string (pid) + "/cmdline", std::ios::binary);
        std::string text ((std::istreambuf_iterator<char> (in)), {});
        for (auto& c : text)
            if (c == '\0')
                c = ' ';
        return text;
    }

    /** 'R', 'S', 'Z'... from /proc/<pid>/stat; 0 when the process is gone. */
    char processState (pid_t pid)
    {
        std::ifstream in ("/proc/" + std::to_string (pid) + "/stat");
        std::string stat ((std::istreambuf_iterator<char> (in)), {});
        const auto close = stat.rfind (')');
        return close == std::string::npos || close + 2 >= stat.size() ? 0 : stat[close + 2];
    }
} // namespace

std::string commandLineOf (pid_t pid)
{
    // Right after posix_spawn returns the kernel may not have set up the new image's arguments yet: wait for that
    // state (or for the process to be gone), not for any amount of time.
    for (;;)
    {
        auto text = readCommandLine (pid);
        const auto state = processState (pid);
        if (!text.empty() || state == 0 || state == 'Z' || state == 'X')
            return text;
        std::this_thread::yield();
    }
}

RunningProgram::RunningProgram (const std::vector<std::string>& argv, const std::vector<std::string>& environment)
{
    int outPipe[2], errPipe[2];
    REQUIRE (::pipe2 (outPipe, O_CLOEXEC) == 0);
    REQUIRE (::pipe2 (errPipe, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_adddup2 (&actions, outPipe[1], 1);
    posix_spawn_file_actions_adddup2 (&actions, errPipe[1], 2);
    posix_spawn_file_actions_addopen (&actions, 0, "/dev/null", O_RDONLY, 0);

    std::vector<std::string> variables;
    const auto overridden = [&] (const std::string& entry)
    {
        const auto name = entry.substr (0, entry.find ('=') + 1);
        return std::any_of (environment.begin(), environment.end(),
                            [&] (const std::string& added) { return added.rfind (name, 0) == 0; });
    };
    for (char** entry = environ; *entry != nullptr; ++entry)
        if (!overridden (*entry))
            variables.emplace_back (*entry);
    for (const auto& added : environment)
        variables.push_back (added);
    std::vector<char*> envp, args;
    for (auto& v : variables)
        envp.push_back (v.data());
    envp.push_back (nullptr);
    for (const auto& a : argv)
        args.push_back (const_cast<char*> (a.c_str()));
    args.push_back (nullptr);

    REQUIRE (::posix_spawn (&pid_, argv[0].c_str(), &actions, nullptr, args.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy (&actions);
    ::close (outPipe[1]);
    ::close (errPipe[1]);
    out_ = outPipe[0];
    err_ = errPipe[0];
    commandLine_ = commandLineOf (pid_);
}

RunningProgram::~RunningProgram()
{
    if (pid_ > 0)
        wait();
}

ProgramRun RunningProgram::wait()
{
    ProgramRun run;
    run.commandLine = commandLine_;
    pollfd fds[2] = { { out_, POLLIN, 0 }, { err_, POLLIN, 0 } };
    char buffer[4096];
    int open = 2;
    while (open > 0)
    {
        ::poll (fds, 2, -1);
        for (auto& fd : fds)
            if (fd.fd >= 0 && fd.revents != 0)
            {
                const auto got = ::read (fd.fd, buffer, sizeof buffer);
                if (got <= 0)
                {
                    ::close (fd.fd);
                    fd.fd = -1;
                    --open;
                }
                else
                    (fd.fd == out_ ? run.out : run.err).append (buffer, static_cast<std::size_t> (got));
            }
    }
    int status = 0;
    ::waitpid (pid_, &status, 0);
    pid_ = -1;
    run.exitCode = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
    return run;
}

ScopedEnvironment::ScopedEnvironment (std::string name, const std::string& value)
    : name_ (std::move (name))
{
    if (const char* old = std::getenv (name_.c_str()))
        previous_ = old;
    ::setenv (name_.c_str(), value.c_str(), 1);
}

ScopedEnvironment::~ScopedEnvironment()
{
    if (previous_)
        ::setenv (name_.c_str(), previous_->c_str(), 1);
    else
        ::unsetenv (name_.c_str());
}

bool contains (const std::string& haystack, const std::string& needle)
{
    return !needle.empty() && haystack.find (needle) != std::string::npos;
}
} // namespace wavelift::test
