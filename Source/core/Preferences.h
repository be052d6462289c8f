#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wavelift
{
/** The producer's choices that hold across projects and plugin instances (preferences.json in the config folder).
    Never secrets: tokens live in the token store. */
struct Preferences
{
    std::string titlePattern = "{take}";    // the take-naming pattern (publish/TitlePattern.h)
    std::vector<std::string> defaultTags;   // prefilled on every take
    std::string defaultSharing = "private"; // "private" or "public": private unless the producer changes it
    std::string signInMethod = "automatic"; // "automatic", "embedded" or "system"
    bool publishWhenTakeEnds = false;       // every finished take goes to the outbox with the defaults above

    bool operator== (const Preferences&) const = default;
};

/** What reading the preferences gave: the values (defaults for anything missing or unreadable) and, when the file
    was broken, what was wrong and where the broken file was kept. */
struct LoadedPreferences
{
    Preferences preferences;
    std::string problem;
};

/** Reads and writes preferences.json. Unknown keys are ignored (a newer Wavelift may have written them); a value of
    the wrong type falls back to its default and is reported; a file that is not JSON is moved aside to
    preferences.json.broken so the next save does not destroy what the producer may want back. Blocking file I/O:
    never on the message thread or the audio thread. */
class PreferencesFile
{
public:
    explicit PreferencesFile (std::filesystem::path file);

    /** preferences.json in configDirectory(). */
    static PreferencesFile standard();

    LoadedPreferences load() const;
    /** Writes atomically (a temporary file renamed over the old one). Throws std::runtime_error on failure. */
    void save (const Preferences&) const;

    const std::filesystem::path& path() const noexcept { return file; }

private:
    std::filesystem::path file;
};
} // namespace wavelift
