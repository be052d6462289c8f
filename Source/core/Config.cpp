#include "core/Config.h"

#include <nlohmann/json.hpp>

#include <array>
#include <fstream>
#include <sstream>

namespace wavelift
{
namespace
{
    struct Field
    {
        const char* fileKey;
        const char* environmentVariable;
        Config::Value Config::*member;
        bool isUrl;
    };

    constexpr std::array<Field, 5> fields{ {
        { "api_url", "WAVELIFT_API_URL", &Config::apiUrl, true },
        { "auth_url", "WAVELIFT_AUTH_URL", &Config::authUrl, true },
        { "client_id", "WAVELIFT_CLIENT_ID", &Config::clientId, false },
        { "client_secret", "WAVELIFT_CLIENT_SECRET", &Config::clientSecret, false },
        { "redirect_uri", "WAVELIFT_REDIRECT_URI", &Config::redirectUri, true },
    } };

    bool looksLikeHttpUrl (const std::string& text)
    {
        const auto startsWith = [&] (std::string_view prefix) { return text.rfind (prefix, 0) == 0; };
        return (startsWith ("http://") || startsWith ("https://"))
               && text.find_first_of (" \t\r\n") == std::string::npos && text.size() > 8;
    }

    void checkUrl (const Field& field, const std::string& value, const std::string& where)
    {
        if (field.isUrl && !looksLikeHttpUrl (value))
            throw ConfigError (where, field.fileKey, "\"" + value + "\" is not an http:// or https:// URL");
    }

    std::string readWholeFile (const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        if (!in)
            throw ConfigError (file.string(), "", "cannot be read");
        std::ostringstream contents;
        contents << in.rdbuf();
        return contents.str();
    }

    void applyFile (Config& config)
    {
        std::error_code ignored;
        if (!std::filesystem::exists (config.file, ignored))
            return;

        const auto where = config.file.string();
        nlohmann::json document;
        try
        {
            document = nlohmann::json::parse (readWholeFile (config.file));
        }
        catch (const nlohmann::json::parse_error& e)
        {
            throw ConfigError (where, "", std::string ("is not valid JSON (") + e.what() + ")");
        }

        if (!document.is_object())
            throw ConfigError (where, "", "must hold one JSON object, e.g. {\"client_id\": \"...\"}");

        for (const auto& [key, value] : document.items())
        {
            const Field* field = nullptr;
            for (const auto& candidate : fields)
                if (key == candidate.fileKey)
                    field = &candidate;

            if (field == nullptr)
                throw ConfigError (
                    where, key,
                    "is not a known key (known: api_url, auth_url, client_id, client_secret, redirect_uri)");
            if (!value.is_string())
                throw ConfigError (where, key, "must be a string");

            const auto text = value.get<std::string>();
            checkUrl (*field, text, where);
            config.*(field->member) = { text, ConfigSource::configFile };
        }
    }

    void applyEnvironment (Config& config, const EnvironmentLookup& env)
    {
        for (const auto& field : fields)
        {
            if (auto value = env (field.environmentVariable))
            {
                try
                {
                    checkUrl (field, *value, "");
                }
                catch (const ConfigError&)
                {
                    throw ConfigError (std::string ("environment variable ") + field.environmentVariable, field.fileKey,
                                       "\"" + *value + "\" is not an http:// or https:// URL");
                }
                config.*(field.member) = { *value, ConfigSource::environment };
            }
        }
    }

    const char* sourceName (ConfigSource source)
    {
        switch (source)
        {
            case ConfigSource::builtInDefault: return "default";
            case ConfigSource::configFile: return "config file";
            case ConfigSource::environment: return "environment";
        }
        return "?";
    }
} // namespace

ConfigError::ConfigError (std::string where, std::string key, const std::string& problem)
    : std::runtime_error (where + (key.empty() ? std::string() : ": key \"" + key + "\"") + ": " + problem)
    , where_ (std::move (where))
    , key_ (std::move (key))
{
}

Config loadConfig (const EnvironmentLookup& env)
{
    Config config;
    config.file = configDirectory (env) / configFileName;
    applyFile (config);
    applyEnvironment (config, env);
    return config;
}

void requireAppCredentials (const Config& config)
{
    for (const auto* field : { &fields[2], &fields[3] })
        if ((config.*(field->member)).value.empty())
            throw ConfigError (config.file.string(), field->fileKey,
                               std::string ("is not set: put it in this file or set ") + field->environmentVariable);
}

std::string Config::describe() const
{
    std::ostringstream out;
    out << "config file: " << file.string() << '\n';
    for (const auto& field : fields)
    {
        const auto& entry = this->*(field.member);
        const bool secret = field.member == &Config::clientSecret;
        const auto shown =
            entry.value.empty() ? std::string ("(not set)") : (secret ? std::string ("(set, hidden)") : entry.value);
        out << field.fileKey << ": " << shown << "  [" << sourceName (entry.source) << "]\n";
    }
    return out.str();
}
} // namespace wavelift
