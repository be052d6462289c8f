#include "support/RunningProgram.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>
#include <utility>

extern char** environ;

namespace wavelift::sandbox::test
{
RunningProgram::RunningProgram (const std::vector<std::string>& arguments)
{
    int fds[2];
    if (::pipe2 (fds, O_CLOEXEC) != 0)
        throw std::system_error (errno, std::generic_category(), "pipe2");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2 (&actions, fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (const auto& argument : arguments)
        argv.push_back (const_cast<char*> (argument.c_str()));
    argv.push_back (nullptr);
    const auto result = posix_spawn (&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy (&actions);
    ::close (fds[1]);
    if (result != 0)
    {
        ::close (fds[0]);
        throw std::system_error (result, std::generic_category(), "cannot start " + arguments.front());
    }
    stdout_ = fds[0];
}

RunningProgram::~RunningProgram()
{
    if (!exited_ && pid_ > 0)
    {
        ::kill (pid_, SIGKILL);
        waitForExit();
    }
    if (stdout_ >= 0)
        ::close (stdout_);
}

std::optional<std::string> RunningProgram::readLine (std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;)
    {
        if (const auto newline = buffer_.find ('\n'); newline != std::string::npos)
        {
            auto line = buffer_.substr (0, newline);
            buffer_.erase (0, newline + 1);
            return line;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds> (deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        pollfd pfd{ stdout_, POLLIN, 0 };
        if (::poll (&pfd, 1, static_cast<int> (left.count())) <= 0)
            continue;
        char chunk[4096];
        const auto n = ::read (stdout_, chunk, sizeof (chunk));
        if (n <= 0)
            return std::nullopt;
        buffer_.append (chunk, static_cast<std::size_t> (n));
    }
}

std::string RunningProgram::readRest()
{
    char chunk[4096];
    for (;;)
    {
        const auto n = ::read (stdout_, chunk, sizeof (chunk));
        if (n <= 0)
            break;
        buffer_.append (chunk, static_cast<std::size_t> (n));
    }
    return std::exchange (buffer_, {});
}

void RunningProgram::sendSignal (int signal)
{
    if (!exited_)
        ::kill (pid_, signal);
}

int RunningProgram::waitForExit (std::chrono::milliseconds timeout)
{
    if (exited_)
        return exitCode_;
    int status = 0;
    // A pidfd becomes readable when the child exits: a wait with a timeout and no polling loop.
    const auto pidfd = static_cast<int> (::syscall (SYS_pidfd_open, pid_, 0));
    if (pidfd >= 0)
    {
        pollfd exitWatch{ pidfd, POLLIN, 0 };
        if (::poll (&exitWatch, 1, static_cast<int> (timeout.count())) == 0)
            ::kill (pid_, SIGKILL);
        ::close (pidfd);
    }
    while (::waitpid (pid_, &status, 0) < 0 && errno == EINTR)
    {
    }
    exited_ = true;
    exitCode_ = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
    return exitCode_;
}
} // namespace wavelift::sandbox::test
