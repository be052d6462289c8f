#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wavelift::cli
{
/** A usage mistake: printed with the command's synopsis, exit code 2. */
struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/** Options (`--name value`, `--name=value`, `--flag`) and positional arguments of one subcommand, consumed as the
    command reads them; whatever is left over is an error, so a typo never passes silently. */
class Arguments
{
public:
    explicit Arguments (std::vector<std::string> arguments);

    /** The value of --name (the last one when repeated); nullopt when absent. */
    std::optional<std::string> option (const std::string& name);
    /** Every value of a repeatable --name. */
    std::vector<std::string> options (const std::string& name);
    /** True when --name was given (without a value). */
    bool flag (const std::string& name);
    /** An integer option within [low, high]. */
    std::optional<long long> integer (const std::string& name, long long low, long long high);
    std::optional<double> number (const std::string& name, double low, double high);
    /** The next positional argument; throws UsageError naming `what` when there is none. */
    std::string positional (const std::string& what);

    /** Throws UsageError for anything not consumed. */
    void finish() const;

private:
    std::vector<std::string> items;
    std::vector<bool> used;
};
} // namespace wavelift::cli
