#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
/** A program under test, started without a shell, whose stdout can be read line by line while it runs. */
class RunningProgram
{
public:
    explicit RunningProgram (const std::vector<std::string>& arguments);
    RunningProgram (const RunningProgram&) = delete;
    RunningProgram& operator= (const RunningProgram&) = delete;
    ~RunningProgram();

    /** The next stdout line, or nullopt on EOF or when nothing arrives within `timeout`. */
    std::optional<std::string> readLine (std::chrono::milliseconds timeout);
    /** Everything left on stdout until the program closes it. */
    std::string readRest();
    void sendSignal (int signal);
    /** Waits for the exit; returns the exit code, or 128 + signal number when killed. A program still running
        after `timeout` is killed, so a broken shutdown fails the test instead of hanging it. */
    int waitForExit (std::chrono::milliseconds timeout = std::chrono::seconds (60));

private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    std::string buffer_;
    bool exited_ = false;
    int exitCode_ = -1;
};
} // namespace wavelift::sandbox::test
