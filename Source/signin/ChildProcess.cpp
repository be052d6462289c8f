#include "signin/ChildProcess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace wavelift::signin
{
namespace
{
    std::mutex detachedMutex;
    std::vector<pid_t> detachedChildren;

    void closeIfOpen (int& fd)
    {
        if (fd >= 0)
            ::close (fd);
        fd = -1;
    }
} // namespace

void ChildProcess::reapDetachedChildren()
{
    const std::lock_guard lock (detachedMutex);
    std::erase_if (detachedChildren,
                   [] (pid_t pid)
                   {
                       int status = 0;
                       return ::waitpid (pid, &status, WNOHANG) != 0; // exited (reaped) or not ours any more
                   });
}

std::unique_ptr<ChildProcess> ChildProcess::start (const std::vector<std::string>& argv, Options options,
                                                   std::string& error)
{
    reapDetachedChildren();
    if (argv.empty())
    {
        error = "no command";
        return nullptr;
    }

    int inPipe[2] = { -1, -1 }, outPipe[2] = { -1, -1 };
    if ((options.pipeStdin && ::pipe2 (inPipe, O_CLOEXEC) != 0)
        || (options.pipeStdout && ::pipe2 (outPipe, O_CLOEXEC) != 0))
    {
        error = std::string ("cannot create a pipe: ") + std::strerror (errno);
        return nullptr;
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    if (options.pipeStdin)
        posix_spawn_file_actions_adddup2 (&actions, inPipe[0], 0);
    else
        posix_spawn_file_actions_addopen (&actions, 0, "/dev/null", O_RDONLY, 0);
    if (options.pipeStdout)
        posix_spawn_file_actions_adddup2 (&actions, outPipe[1], 1);
    else if (options.silenceStdout)
        posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
    // A host has many descriptors open (sockets, audio devices, files): the child gets none of them.
    posix_spawn_file_actions_addclosefrom_np (&actions, 3);

    posix_spawnattr_t attributes;
    posix_spawnattr_init (&attributes);
    sigset_t defaults;
    sigemptyset (&defaults);
    sigaddset (&defaults, SIGPIPE);
    sigaddset (&defaults, SIGTERM);
    sigaddset (&defaults, SIGINT);
    sigset_t none;
    sigemptyset (&none);
    posix_spawnattr_setsigdefault (&attributes, &defaults);
    posix_spawnattr_setsigmask (&attributes, &none);
    posix_spawnattr_setpgroup (&attributes, 0);
    posix_spawnattr_setflags (&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::vector<char*> args;
    for (const auto& arg : argv)
        args.push_back (const_cast<char*> (arg.c_str()));
    args.push_back (nullptr);

    pid_t pid = -1;
    const int failed = ::posix_spawnp (&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy (&actions);
    posix_spawnattr_destroy (&attributes);

    auto child = std::unique_ptr<ChildProcess> (new ChildProcess());
    if (options.pipeStdin)
    {
        ::close (inPipe[0]);
        child->stdin_ = inPipe[1];
    }
    if (options.pipeStdout)
    {
        ::close (outPipe[1]);
        child->stdout_ = outPipe[0];
    }
    if (failed != 0)
    {
        error = "cannot start " + argv[0] + ": " + std::strerror (failed);
        return nullptr;
    }
    child->pid_ = pid;
    child->pidfd_ = static_cast<int> (::syscall (SYS_pidfd_open, pid, 0));
    return child;
}

ChildProcess::~ChildProcess()
{
    closeStdin();
    closeIfOpen (stdout_);
    if (pid_ > 0 && !reaped_ && !waitFor (graceSeconds_))
    {
        killGroup();
        waitFor (-1);
    }
    closeIfOpen (pidfd_);
}

bool ChildProcess::writeToStdin (const std::string& bytes)
{
    std::size_t written = 0;
    while (stdin_ >= 0 && written < bytes.size())
    {
        const auto n = ::write (stdin_, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        written += static_cast<std::size_t> (n);
    }
    return written == bytes.size();
}

void ChildProcess::closeStdin() { closeIfOpen (stdin_); }

std::optional<int> ChildProcess::waitFor (double seconds)
{
    if (pid_ <= 0)
        return std::nullopt;
    if (pidfd_ >= 0 && seconds >= 0)
    {
        pollfd fd{ pidfd_, POLLIN, 0 };
        while (::poll (&fd, 1, static_cast<int> (seconds * 1000)) < 0 && errno == EINTR)
            ;
    }
    int status = 0;
    const auto result = ::waitpid (pid_, &status, seconds < 0 ? 0 : WNOHANG);
    if (result == pid_)
    {
        reaped_ = true;
        return status;
    }
    return std::nullopt;
}

void ChildProcess::killGroup()
{
    if (pid_ > 0 && !reaped_)
    {
        ::kill (-pid_, SIGKILL);
        ::kill (pid_, SIGKILL);
    }
}

void ChildProcess::detach()
{
    closeStdin();
    closeIfOpen (stdout_);
    if (pid_ > 0 && !reaped_)
    {
        const std::lock_guard lock (detachedMutex);
        detachedChildren.push_back (pid_);
    }
    reaped_ = true;
    pid_ = -1;
}

std::vector<std::string> splitCommandLine (const std::string& command)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    char quote = 0;
    for (std::size_t i = 0; i < command.size(); ++i)
    {
        const char c = command[i];
        if (quote != 0)
        {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < command.size())
                word += command[++i];
            else
                word += c;
        }
        else if (c == '\'' || c == '"')
        {
            quote = c;
            inWord = true;
        }
        else if (c == '\\' && i + 1 < command.size())
        {
            word += command[++i];
            inWord = true;
        }
        else if (c == ' ' || c == '\t' || c == '\n')
        {
            if (inWord)
                words.push_back (std::move (word));
            word.clear();
            inWord = false;
        }
        else
        {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push_back (std::move (word));
    return words;
}
} // namespace wavelift::signin
