#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace wavelift::cli
{
/** What a subcommand sees: its own arguments (after the subcommand name) and where to write. */
struct Invocation
{
    std::vector<std::string> arguments;
    std::ostream& out;
    std::ostream& err;
};

struct Command
{
    std::string name;
    std::string synopsis; // one line for the overview, e.g. "bounce INPUT --out FILE"
    std::string summary;  // what it does, one sentence
    std::function<int (const Invocation&)> run;
};

/** The exit codes every subcommand uses. */
enum ExitCode
{
    exitOk = 0,
    exitFailure = 1,
    exitUsage = 2,
    exitConfig = 3
};

/** Dispatches argv to a subcommand; handles --help and --version itself. */
class CommandLine
{
public:
    explicit CommandLine (std::vector<Command> commands);

    int run (const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) const;

    void printHelp (std::ostream& out) const;

private:
    std::vector<Command> commands;
};

/** The subcommands that exist in this build. */
std::vector<Command> builtInCommands();
} // namespace wavelift::cli
