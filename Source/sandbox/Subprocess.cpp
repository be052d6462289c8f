#include "sandbox/Subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>
#include <utility>

extern char** environ;

namespace wavelift::sandbox
{
namespace
{
    constexpr std::size_t maxCapturedBytes = 1024 * 1024;

    [[noreturn]] void throwErrno (int error, const std::string& what)
    {
        throw std::system_error (error, std::generic_category(), what);
    }

    struct Pipe
    {
        int readEnd = -1;
        int writeEnd = -1;

        Pipe()
        {
            int fds[2];
            if (::pipe2 (fds, O_CLOEXEC) != 0)
                throwErrno (errno, "pipe2");
            readEnd = fds[0];
            writeEnd = fds[1];
        }
        Pipe (const Pipe&) = delete;
        Pipe& operator= (const Pipe&) = delete;
        ~Pipe()
        {
            closeRead();
            closeWrite();
        }
        void closeRead()
        {
            if (readEnd >= 0)
                ::close (std::exchange (readEnd, -1));
        }
        void closeWrite()
        {
            if (writeEnd >= 0)
                ::close (std::exchange (writeEnd, -1));
        }
    };

    class SpawnFileActions
    {
    public:
        SpawnFileActions() { posix_spawn_file_actions_init (&actions_); }
        SpawnFileActions (const SpawnFileActions&) = delete;
        SpawnFileActions& operator= (const SpawnFileActions&) = delete;
        ~SpawnFileActions() { posix_spawn_file_actions_destroy (&actions_); }
        posix_spawn_file_actions_t* get() { return &actions_; }

    private:
        posix_spawn_file_actions_t actions_;
    };

    class SpawnAttributes
    {
    public:
        SpawnAttributes() { posix_spawnattr_init (&attributes_); }
        SpawnAttributes (const SpawnAttributes&) = delete;
        SpawnAttributes& operator= (const SpawnAttributes&) = delete;
        ~SpawnAttributes() { posix_spawnattr_destroy (&attributes_); }
        posix_spawnattr_t* get() { return &attributes_; }

    private:
        posix_spawnattr_t attributes_;
    };
} // namespace

ChildProcess::ChildProcess (const std::vector<std::string>& arguments)
{
    Pipe out;
    Pipe err;
    SpawnFileActions actions;
    posix_spawn_file_actions_addopen (actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2 (actions.get(), out.writeEnd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2 (actions.get(), err.writeEnd, STDERR_FILENO);
    // Server sockets are not close-on-exec: a child holding one would keep client connections open.
    posix_spawn_file_actions_addclosefrom_np (actions.get(), 3);

    // The child must not inherit a blocked-signal mask (the CLI blocks SIGINT/SIGTERM for sigwait) or
    // ignored SIGPIPE.
    SpawnAttributes attributes;
    sigset_t emptyMask;
    sigemptyset (&emptyMask);
    posix_spawnattr_setsigmask (attributes.get(), &emptyMask);
    sigset_t defaults;
    sigemptyset (&defaults);
    sigaddset (&defaults, SIGPIPE);
    sigaddset (&defaults, SIGINT);
    sigaddset (&defaults, SIGTERM);
    posix_spawnattr_setsigdefault (attributes.get(), &defaults);
    posix_spawnattr_setflags (attributes.get(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> argv;
    for (const auto& argument : arguments)
        argv.push_back (const_cast<char*> (argument.c_str()));
    argv.push_back (nullptr);

    const auto result = posix_spawnp (&pid_, argv[0], actions.get(), attributes.get(), argv.data(), environ);
    if (result != 0)
        throwErrno (result, "cannot start " + arguments.front());
    out.closeWrite();
    err.closeWrite();
    stdoutFd_ = std::exchange (out.readEnd, -1);
    stderrFd_ = std::exchange (err.readEnd, -1);
}

ChildProcess::~ChildProcess()
{
    {
        std::lock_guard lock (mutex_);
        if (!exited_ && pid_ > 0)
        {
            ::kill (pid_, SIGKILL);
            int status = 0;
            ::waitpid (pid_, &status, 0);
            exited_ = true;
        }
    }
    if (stdoutFd_ >= 0)
        ::close (stdoutFd_);
    if (stderrFd_ >= 0)
        ::close (stderrFd_);
}

ProcessOutput ChildProcess::waitForExit()
{
    ProcessOutput output;
    std::array<pollfd, 2> fds{ pollfd{ stdoutFd_, POLLIN, 0 }, pollfd{ stderrFd_, POLLIN, 0 } };
    std::array<std::string*, 2> sinks{ &output.standardOutput, &output.standardError };
    std::array<char, 65536> buffer{};
    int open = 2;
    while (open > 0)
    {
        if (::poll (fds.data(), fds.size(), -1) < 0)
        {
            if (errno == EINTR)
                continue;
            break;
        }
        for (std::size_t i = 0; i < fds.size(); ++i)
        {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            const auto n = ::read (fds[i].fd, buffer.data(), buffer.size());
            if (n > 0)
            {
                if (sinks[i]->size() < maxCapturedBytes)
                    sinks[i]->append (buffer.data(), static_cast<std::size_t> (n));
            }
            else if (n == 0 || errno != EINTR)
            {
                fds[i].fd = -1;
                --open;
            }
        }
    }

    // Wait without reaping first, so kill() can never hit a recycled pid.
    siginfo_t info{};
    while (::waitid (P_PID, static_cast<id_t> (pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR)
    {
    }
    std::lock_guard lock (mutex_);
    int status = 0;
    while (::waitpid (pid_, &status, 0) < 0 && errno == EINTR)
    {
    }
    exited_ = true;
    if (WIFEXITED (status))
        output.exitCode = WEXITSTATUS (status);
    else if (WIFSIGNALED (status))
        output.killedBySignal = true;
    return output;
}

void ChildProcess::kill()
{
    std::lock_guard lock (mutex_);
    if (!exited_ && pid_ > 0)
        ::kill (pid_, SIGKILL);
}

ProcessOutput runProcess (const std::vector<std::string>& arguments)
{
    ChildProcess child (arguments);
    return child.waitForExit();
}
} // namespace wavelift::sandbox
