#pragma once

#include "cli/CommandLine.h"

namespace wavelift::cli
{
Command searchCommand();
Command resolveCommand();
Command tracksCommand();
Command previewCommand();
Command uploadCommand();
Command compareCommand();
Command renderCommand();
} // namespace wavelift::cli
