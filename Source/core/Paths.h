#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace wavelift
{
/** Reads one environment variable; injectable so tests never touch the real environment. */
using EnvironmentLookup = std::function<std::optional<std::string> (const char* name)>;

/** The process environment (std::getenv); empty values count as unset. */
EnvironmentLookup systemEnvironment();

/** The user's Wavelift config folder: $WAVELIFT_CONFIG_DIR, else $XDG_CONFIG_HOME/wavelift, else ~/.config/wavelift
    (~/Library/Application Support/Wavelift on macOS, %APPDATA%\Wavelift on Windows). */
std::filesystem::path configDirectory (const EnvironmentLookup& env = systemEnvironment());

/** The user's Wavelift data folder (takes, outbox, caches): $WAVELIFT_DATA_DIR, else $XDG_DATA_HOME/wavelift, else
    ~/.local/share/wavelift (the same per-OS folders as the config elsewhere). */
std::filesystem::path dataDirectory (const EnvironmentLookup& env = systemEnvironment());
} // namespace wavelift
