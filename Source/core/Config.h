#pragma once

#include "core/Paths.h"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace wavelift
{
/** Where a configuration value came from, for diagnostics ("client_id from WAVELIFT_CLIENT_ID"). */
enum class ConfigSource
{
    builtInDefault,
    configFile,
    environment
};

/** The service endpoints and app credentials every target uses. Defaults are SoundCloud's live hosts. */
struct Config
{
    struct Value
    {
        std::string value;
        ConfigSource source = ConfigSource::builtInDefault;
    };

    Value apiUrl{ "https://api.soundcloud.com" };
    Value authUrl{ "https://secure.soundcloud.com" };
    Value clientId;
    Value clientSecret;
    Value redirectUri{ "http://127.0.0.1:8765/callback" };

    /** The config file that was looked at (it may not exist). */
    std::filesystem::path file;

    /** True when client id and secret are both set. */
    bool hasAppCredentials() const noexcept { return !clientId.value.empty() && !clientSecret.value.empty(); }

    /** A human-readable summary with the client secret redacted: safe for logs and --help output. */
    std::string describe() const;
};

/** A configuration problem, naming the file (or environment variable) and the key at fault. */
class ConfigError : public std::runtime_error
{
public:
    ConfigError (std::string where, std::string key, const std::string& problem);

    const std::string& where() const noexcept { return where_; }
    const std::string& key() const noexcept { return key_; }

private:
    std::string where_, key_;
};

/** Name of the config file inside the config folder. */
inline constexpr const char* configFileName = "config.json";

/** Loads defaults, then <configDirectory>/config.json if it exists, then the WAVELIFT_* environment variables
    (WAVELIFT_API_URL, WAVELIFT_AUTH_URL, WAVELIFT_CLIENT_ID, WAVELIFT_CLIENT_SECRET, WAVELIFT_REDIRECT_URI).
    Throws ConfigError for a malformed file, an unknown key, a value of the wrong type or a URL that is not http(s). */
Config loadConfig (const EnvironmentLookup& env = systemEnvironment());

/** Throws ConfigError naming where to set the client id or secret when either is missing. */
void requireAppCredentials (const Config& config);
} // namespace wavelift
