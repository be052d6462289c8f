// preferences.json: the producer's defaults that hold across projects.
#include "core/Preferences.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace
{
using namespace wavelift;

struct PreferencesFolder
{
    PreferencesFolder()
    {
        static std::atomic<int> counter{ 0 };
        path = std::filesystem::temp_directory_path()
               / ("wavelift-preferences-test-" + std::to_string (::getpid()) + "-" + std::to_string (counter++));
        std::filesystem::create_directories (path);
    }
    ~PreferencesFolder() { std::filesystem::remove_all (path); }
    std::filesystem::path path;
};

std::string readText (const std::filesystem::path& file)
{
    std::ifstream in (file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

TEST_CASE ("preferences: defaults when missing, every field survives a save and a load", "[core][preferences]")
{
    PreferencesFolder folder;
    const PreferencesFile file (folder.path / "sub" / "preferences.json");

    const auto fresh = file.load();
    CHECK (fresh.problem.empty());
    CHECK (fresh.preferences == Preferences{});
    CHECK (fresh.preferences.defaultSharing == "private");
    CHECK_FALSE (fresh.preferences.publishWhenTakeEnds);

    Preferences chosen;
    chosen.titlePattern = "{track} {date}";
    chosen.defaultTags = { "lofi", "drum and bass" };
    chosen.defaultSharing = "public";
    chosen.signInMethod = "system";
    chosen.publishWhenTakeEnds = true;
    file.save (chosen);
    const auto loaded = file.load();
    CHECK (loaded.problem.empty());
    CHECK (loaded.preferences == chosen);
    CHECK_FALSE (std::filesystem::exists (file.path().string() + ".tmp"));
}

TEST_CASE ("preferences: a broken file is kept aside and wrong values are reported", "[core][preferences]")
{
    PreferencesFolder folder;
    const PreferencesFile file (folder.path / "preferences.json");

    std::ofstream (file.path()) << "{ not json";
    const auto broken = file.load();
    CHECK (broken.preferences == Preferences{});
    CHECK_THAT (broken.problem, Catch::Contains ("not a JSON object") && Catch::Contains ("preferences.json.broken"));
    CHECK (readText (folder.path / "preferences.json.broken") == "{ not json");
    CHECK_FALSE (std::filesystem::exists (file.path()));

    std::ofstream (file.path()) << R"({"titlePattern": 7, "defaultSharing": "everyone", "defaultTags": ["a"],
                                      "signInMethod": "embedded", "fromTheFuture": true})";
    const auto odd = file.load();
    CHECK (odd.preferences.titlePattern == "{take}");
    CHECK (odd.preferences.defaultSharing == "private");
    CHECK (odd.preferences.defaultTags == std::vector<std::string>{ "a" });
    CHECK (odd.preferences.signInMethod == "embedded");
    CHECK_THAT (odd.problem, Catch::Contains ("\"titlePattern\" has the wrong type")
                                 && Catch::Contains ("\"defaultSharing\" must be private or public"));
}
