#pragma once

#include "sandbox/SandboxOptions.h"

#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
struct CommandLine
{
    Options options;
    bool showHelp = false;
};

/** Parses the wavelift-sandbox arguments (without argv[0]); sets `error` and returns nullopt when invalid. */
std::optional<CommandLine> parseCommandLine (const std::vector<std::string>& arguments, std::string& error);

std::string helpText();
} // namespace wavelift::sandbox
