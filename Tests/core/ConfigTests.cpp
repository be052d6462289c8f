#include "core/Config.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <unistd.h>

namespace
{
using namespace wavelift;

/** A fresh folder under the system temp folder, removed with everything in it at the end of the test. */
struct TemporaryFolder
{
    TemporaryFolder()
    {
        static std::atomic<int> counter{ 0 };
        path = std::filesystem::temp_directory_path()
               / ("wavelift-config-test-" + std::to_string (::getpid()) + "-" + std::to_string (counter++));
        std::filesystem::create_directories (path);
    }
    ~TemporaryFolder() { std::filesystem::remove_all (path); }

    std::filesystem::path path;
};

EnvironmentLookup fakeEnvironment (std::map<std::string, std::string> values)
{
    return [values = std::move (values)] (const char* name) -> std::optional<std::string>
    {
        if (auto found = values.find (name); found != values.end())
            return found->second;
        return std::nullopt;
    };
}

void writeFile (const std::filesystem::path& file, const std::string& text)
{
    std::ofstream (file, std::ios::binary) << text;
}
} // namespace

TEST_CASE ("config: defaults are SoundCloud's live hosts when nothing is configured", "[config]")
{
    TemporaryFolder folder;
    const auto config = loadConfig (fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() } }));

    CHECK (config.apiUrl.value == "https://api.soundcloud.com");
    CHECK (config.authUrl.value == "https://secure.soundcloud.com");
    CHECK (config.redirectUri.value == "http://127.0.0.1:8765/callback");
    CHECK (config.clientId.value.empty());
    CHECK (config.apiUrl.source == ConfigSource::builtInDefault);
    CHECK (config.file == folder.path / "config.json");
    CHECK_FALSE (config.hasAppCredentials());
}

TEST_CASE ("config: the file overrides defaults and the environment overrides the file", "[config]")
{
    TemporaryFolder folder;
    writeFile (folder.path / "config.json", R"({"api_url": "http://127.0.0.1:9000", "client_id": "from-file",
                                               "client_secret": "file-secret"})");

    const auto config = loadConfig (fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() },
                                                       { "WAVELIFT_CLIENT_ID", "from-env" },
                                                       { "WAVELIFT_AUTH_URL", "http://127.0.0.1:9001" } }));

    CHECK (config.apiUrl.value == "http://127.0.0.1:9000");
    CHECK (config.apiUrl.source == ConfigSource::configFile);
    CHECK (config.clientId.value == "from-env");
    CHECK (config.clientId.source == ConfigSource::environment);
    CHECK (config.authUrl.value == "http://127.0.0.1:9001");
    CHECK (config.clientSecret.value == "file-secret");
    CHECK (config.redirectUri.source == ConfigSource::builtInDefault);
    CHECK (config.hasAppCredentials());
}

TEST_CASE ("config: the folder follows XDG_CONFIG_HOME and HOME when WAVELIFT_CONFIG_DIR is unset", "[config]")
{
    CHECK (configDirectory (fakeEnvironment ({ { "XDG_CONFIG_HOME", "/x/cfg" }, { "HOME", "/home/u" } }))
           == std::filesystem::path ("/x/cfg/wavelift"));
    CHECK (configDirectory (fakeEnvironment ({ { "HOME", "/home/u" } }))
           == std::filesystem::path ("/home/u/.config/wavelift"));
    CHECK (dataDirectory (fakeEnvironment ({ { "HOME", "/home/u" } }))
           == std::filesystem::path ("/home/u/.local/share/wavelift"));
}

TEST_CASE ("config: a malformed file is an error naming the file", "[config]")
{
    TemporaryFolder folder;
    const auto file = folder.path / "config.json";
    writeFile (file, "{\"api_url\": \"http://x.test\",,}");

    try
    {
        loadConfig (fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() } }));
        FAIL ("a malformed file was accepted");
    }
    catch (const ConfigError& e)
    {
        CHECK (e.where() == file.string());
        CHECK_THAT (e.what(), Catch::Contains (file.string()) && Catch::Contains ("not valid JSON"));
    }
}

TEST_CASE ("config: a bad value is an error naming the file and the key", "[config]")
{
    TemporaryFolder folder;
    const auto file = folder.path / "config.json";
    const auto env = fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() } });

    const auto expectError = [&] (const std::string& text, const std::string& key, const std::string& words)
    {
        writeFile (file, text);
        try
        {
            loadConfig (env);
            FAIL ("accepted: " << text);
        }
        catch (const ConfigError& e)
        {
            CHECK (e.key() == key);
            CHECK_THAT (e.what(), Catch::Contains (file.string()) && Catch::Contains (words));
            if (!key.empty())
                CHECK_THAT (e.what(), Catch::Contains ("key \"" + key + "\""));
        }
    };

    expectError (R"({"client_id": 42})", "client_id", "must be a string");
    expectError (R"({"api_url": "ftp://example.com"})", "api_url", "not an http:// or https:// URL");
    expectError (R"({"clientid": "x"})", "clientid", "not a known key");
    expectError (R"(["client_id"])", "", "one JSON object");
}

TEST_CASE ("config: a bad environment value names the variable", "[config]")
{
    TemporaryFolder folder;
    try
    {
        loadConfig (fakeEnvironment (
            { { "WAVELIFT_CONFIG_DIR", folder.path.string() }, { "WAVELIFT_API_URL", "api.soundcloud.com" } }));
        FAIL ("accepted a URL without a scheme");
    }
    catch (const ConfigError& e)
    {
        CHECK (e.where() == "environment variable WAVELIFT_API_URL");
        CHECK (e.key() == "api_url");
    }
}

TEST_CASE ("config: missing app credentials name the file, the key and the variable", "[config]")
{
    TemporaryFolder folder;
    const auto config = loadConfig (
        fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() }, { "WAVELIFT_CLIENT_ID", "id-only" } }));

    try
    {
        requireAppCredentials (config);
        FAIL ("no error without a client secret");
    }
    catch (const ConfigError& e)
    {
        CHECK (e.key() == "client_secret");
        CHECK_THAT (e.what(), Catch::Contains ("WAVELIFT_CLIENT_SECRET") && Catch::Contains (config.file.string()));
    }
}

TEST_CASE ("config: describe() never shows the client secret", "[config][security]")
{
    TemporaryFolder folder;
    const auto config = loadConfig (fakeEnvironment ({ { "WAVELIFT_CONFIG_DIR", folder.path.string() },
                                                       { "WAVELIFT_CLIENT_ID", "visible-id" },
                                                       { "WAVELIFT_CLIENT_SECRET", "s3cr3t-value" } }));
    const auto text = config.describe();
    CHECK_THAT (text, Catch::Contains ("visible-id") && Catch::Contains ("(set, hidden)"));
    CHECK_THAT (text, !Catch::Contains ("s3cr3t-value"));
}
