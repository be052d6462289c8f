#pragma once

#include "cli/CommandLine.h"

namespace wavelift::cli
{
/** wavelift sign-in [--browser automatic|embedded|system] */
Command signInCommand();
/** wavelift sign-out */
Command signOutCommand();
/** wavelift whoami: the signed-in user's name and URN, from GET /me */
Command whoamiCommand();
} // namespace wavelift::cli
