#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
struct ProcessOutput
{
    int exitCode = -1;
    bool killedBySignal = false;
    std::string standardOutput;
    std::string standardError;

    bool succeeded() const { return !killedBySignal && exitCode == 0; }
};

/** A child started with posix_spawnp from an argument vector (no shell): stdin is /dev/null, stdout and stderr
    are captured, and no other descriptor of ours leaks into it. Killed and reaped on destruction. */
class ChildProcess
{
public:
    /** Throws std::system_error when the program cannot be started. */
    explicit ChildProcess (const std::vector<std::string>& arguments);
    ChildProcess (const ChildProcess&) = delete;
    ChildProcess& operator= (const ChildProcess&) = delete;
    ~ChildProcess();

    /** Collects the output until the child closes it, then reaps the child. Call once. */
    ProcessOutput waitForExit();
    /** Sends SIGKILL unless the child already exited; safe from any thread. */
    void kill();

private:
    pid_t pid_ = -1;
    int stdoutFd_ = -1;
    int stderrFd_ = -1;
    std::mutex mutex_;
    bool exited_ = false;
};

/** Runs a program to completion and returns its output. */
ProcessOutput runProcess (const std::vector<std::string>& arguments);
} // namespace wavelift::sandbox
