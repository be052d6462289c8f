#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace wavelift::signin
{
/** A child process started with posix_spawn (no fork of a possibly huge, multithreaded host), in its own process
    group, inheriting no descriptor but 0-2. Secrets never go into its arguments: pass them through stdin. */
class ChildProcess
{
public:
    struct Options
    {
        bool pipeStdin = false;
        bool pipeStdout = false;
        /** Sends the child's stdout to /dev/null when not piped (browser commands chatter). */
        bool silenceStdout = false;
    };

    /** Starts argv[0] (searched in PATH when it has no slash); nullptr with `error` set when it cannot start. */
    static std::unique_ptr<ChildProcess> start (const std::vector<std::string>& argv, Options options,
                                                std::string& error);

    /** Kills the process group if it is still running after stdin was closed and `graceSeconds` passed, and reaps. */
    ~ChildProcess();
    ChildProcess (const ChildProcess&) = delete;
    ChildProcess& operator= (const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    int stdinFd() const noexcept { return stdin_; }
    int stdoutFd() const noexcept { return stdout_; }

    bool writeToStdin (const std::string& bytes);
    void closeStdin();

    /** Waits up to `seconds` for the child to exit (pidfd + poll, no sleeping); returns its wait status. */
    std::optional<int> waitFor (double seconds);
    /** SIGKILL to the whole process group (the child and whatever it started). */
    void killGroup();

    /** Gives up ownership without killing: the process is reaped later (see reapDetachedChildren). For a browser
        that the user keeps using after sign-in. */
    void detach();

    /** Reaps detached children that have exited (called on every start). */
    static void reapDetachedChildren();

private:
    ChildProcess() = default;

    pid_t pid_ = -1;
    int pidfd_ = -1;
    int stdin_ = -1;
    int stdout_ = -1;
    bool reaped_ = false;
    double graceSeconds_ = 5.0;
};

/** Splits a command line the way a POSIX shell splits words with single and double quotes (no expansions). */
std::vector<std::string> splitCommandLine (const std::string& command);
} // namespace wavelift::signin
