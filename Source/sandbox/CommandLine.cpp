#include "sandbox/CommandLine.h"

#include "sandbox/Seeder.h"

#include <charconv>
#include <functional>
#include <map>

namespace wavelift::sandbox
{
namespace
{
    std::optional<long long> parseInteger (const std::string& text, long long minimum, long long maximum)
    {
        long long value = 0;
        const auto* end = text.data() + text.size();
        const auto [pointer, error] = std::from_chars (text.data(), end, value);
        if (error != std::errc() || pointer != end || value < minimum || value > maximum)
            return std::nullopt;
        return value;
    }
} // namespace

std::string helpText()
{
    return std::string (
               "Usage: wavelift-sandbox [options]\n"
               "\n"
               "A local stand-in for the SoundCloud API (api.soundcloud.com), its auth host (secure.soundcloud.com)\n"
               "and its CDN, on 127.0.0.1. At start it prints one line of JSON with api_url, auth_url, cdn_url,\n"
               "client_id, client_secret, redirect_uri, username and password, then serves until SIGINT/SIGTERM.\n"
               "\n"
               "Options:\n"
               "  --port N                 API host port (default 0: a free port)\n"
               "  --auth-port N            auth host port (default 0: a free port)\n"
               "  --cdn-port N             CDN host port (default 0: a free port)\n"
               "  --data DIR               data folder for state.json, uploads and transcodes\n"
               "                           (default ./wavelift-sandbox-data); the catalogue is seeded on first use\n"
               "  --auto-approve           GET /authorize skips the sign-in page and redirects with a code at once\n"
               "                           (so any browser, even curl -L, completes it)\n"
               "  --token-lifetime S       access-token lifetime in seconds (default 3599)\n"
               "  --redirect-uri URI       the app's registered redirect URI (default http://127.0.0.1:8765/callback)\n"
               "  --hls-container ts|fmp4  HLS segment container (default ts)\n"
               "  --play-limit N           play/stream requests per client id in 24 h (default 15000)\n"
               "  --cdn-url-lifetime S     lifetime of signed CDN URLs in seconds (default 300)\n"
               "  --upload-quota S         upload seconds of the seeded user, 0 = unlimited (default 10800)\n"
               "  --enable-fault-injection enable the /_sandbox/ admin endpoints on the API host (tests only):\n"
               "                           POST/GET/DELETE /_sandbox/faults, GET/DELETE /_sandbox/requests,\n"
               "                           GET /_sandbox/stats, POST /_sandbox/clock, POST "
               "/_sandbox/wait-for-transcodes\n"
               "  --help                   show this text\n"
               "\n"
               "Seeded sign-in user:  username ")
           + seededUsername + "   password " + seededPassword
           + "\n"
             "The client_id and client_secret are generated when the data folder is first used, kept in it,\n"
             "and printed in the startup JSON.\n";
}

std::optional<CommandLine> parseCommandLine (const std::vector<std::string>& arguments, std::string& error)
{
    CommandLine commandLine;
    auto& options = commandLine.options;
    options.dataDir = "wavelift-sandbox-data";

    const auto port = [] (int& target)
    {
        return [&target] (const std::string& value)
        {
            const auto parsed = parseInteger (value, 0, 65535);
            if (parsed)
                target = static_cast<int> (*parsed);
            return parsed.has_value();
        };
    };
    const auto positive = [] (int& target, long long minimum)
    {
        return [&target, minimum] (const std::string& value)
        {
            const auto parsed = parseInteger (value, minimum, 1ll << 30);
            if (parsed)
                target = static_cast<int> (*parsed);
            return parsed.has_value();
        };
    };
    const std::map<std::string, std::function<bool (const std::string&)>> valued{
        { "--port", port (options.apiPort) },
        { "--auth-port", port (options.authPort) },
        { "--cdn-port", port (options.cdnPort) },
        { "--data",
          [&] (const std::string& value)
          {
              options.dataDir = value;
              return !value.empty();
          } },
        { "--token-lifetime", positive (options.accessTokenLifetimeSeconds, 1) },
        { "--cdn-url-lifetime", positive (options.cdnUrlLifetimeSeconds, 1) },
        { "--play-limit", positive (options.playLimitPer24h, 0) },
        { "--redirect-uri",
          [&] (const std::string& value)
          {
              options.redirectUri = value;
              return value.find ("://") != std::string::npos;
          } },
        { "--hls-container",
          [&] (const std::string& value)
          {
              if (value == "ts")
                  options.hlsContainer = HlsContainer::mpegTs;
              else if (value == "fmp4")
                  options.hlsContainer = HlsContainer::fragmentedMp4;
              else
                  return false;
              return true;
          } },
        { "--upload-quota",
          [&] (const std::string& value)
          {
              const auto parsed = parseInteger (value, 0, 1ll << 40);
              if (parsed)
                  options.uploadQuotaSeconds = *parsed;
              return parsed.has_value();
          } },
    };

    for (std::size_t i = 0; i < arguments.size(); ++i)
    {
        auto argument = arguments[i];
        std::optional<std::string> inlineValue;
        if (const auto equals = argument.find ('='); argument.starts_with ("--") && equals != std::string::npos)
        {
            inlineValue = argument.substr (equals + 1);
            argument = argument.substr (0, equals);
        }
        if (argument == "--help" || argument == "-h")
        {
            commandLine.showHelp = true;
        }
        else if (argument == "--auto-approve")
        {
            options.autoApprove = true;
        }
        else if (argument == "--enable-fault-injection")
        {
            options.enableFaultInjection = true;
        }
        else if (const auto it = valued.find (argument); it != valued.end())
        {
            if (!inlineValue && i + 1 >= arguments.size())
            {
                error = argument + " needs a value";
                return std::nullopt;
            }
            const auto value = inlineValue ? *inlineValue : arguments[++i];
            if (!it->second (value))
            {
                error = "invalid value for " + argument + ": '" + value + "'";
                return std::nullopt;
            }
        }
        else
        {
            error = "unknown option '" + argument + "' (see --help)";
            return std::nullopt;
        }
    }
    return commandLine;
}
} // namespace wavelift::sandbox
