#pragma once

#include "cli/Arguments.h"
#include "cli/CommandLine.h"

#include <functional>

namespace wavelift::cli
{
/** Runs a subcommand's body on its arguments and turns the failures every command shares into their words and exit
    codes: a usage mistake (2, with the synopsis), no usable token, an API refusal (with the rate limit's reset time).
    Anything else reaches CommandLine's own handler. */
int runCommand (const Invocation& invocation, const char* usage, const std::function<int (Arguments&)>& body);
} // namespace wavelift::cli
