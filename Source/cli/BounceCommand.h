#pragma once

#include "cli/CommandLine.h"

namespace wavelift::cli
{
/** `wavelift bounce INPUT --out OUT.wav|OUT.flac [--bits 16|24|32] [--level 0-8] [--dither on|off] [--realtime]
    [--seed N]`: pushes INPUT through the capture engine as a host would and prints the take's figures. */
Command bounceCommand();
} // namespace wavelift::cli
