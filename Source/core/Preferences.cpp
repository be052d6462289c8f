#include "core/Preferences.h"

#include "core/Paths.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wavelift
{
namespace
{
    using json = nlohmann::json;

    template <typename T>
    void read (const json& j, const char* key, T& target, std::string& problems)
    {
        if (!j.contains (key))
            return;
        try
        {
            target = j.at (key).get<T>();
        }
        catch (const json::exception&)
        {
            problems += std::string (problems.empty() ? "" : "; ") + "\"" + key + "\" has the wrong type";
        }
    }

    bool isOneOf (const std::string& value, std::initializer_list<const char*> allowed)
    {
        for (const auto* candidate : allowed)
            if (value == candidate)
                return true;
        return false;
    }
} // namespace

PreferencesFile::PreferencesFile (std::filesystem::path f)
    : file (std::move (f))
{
}

PreferencesFile PreferencesFile::standard() { return PreferencesFile (configDirectory() / "preferences.json"); }

LoadedPreferences PreferencesFile::load() const
{
    LoadedPreferences loaded;
    std::ifstream in (file, std::ios::binary);
    if (!in)
        return loaded; // none yet: the defaults

    std::stringstream text;
    text << in.rdbuf();
    in.close();
    const auto j = json::parse (text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
    {
        auto kept = file;
        kept += ".broken";
        std::error_code ignored;
        std::filesystem::rename (file, kept, ignored);
        loaded.problem = file.string() + " is not a JSON object; using the defaults"
                         + (ignored ? std::string() : " (the broken file is kept as " + kept.filename().string() + ")");
        return loaded;
    }

    auto& p = loaded.preferences;
    std::string problems;
    read (j, "titlePattern", p.titlePattern, problems);
    read (j, "defaultTags", p.defaultTags, problems);
    read (j, "defaultSharing", p.defaultSharing, problems);
    read (j, "signInMethod", p.signInMethod, problems);
    read (j, "publishWhenTakeEnds", p.publishWhenTakeEnds, problems);
    const Preferences defaults;
    if (!isOneOf (p.defaultSharing, { "private", "public" }))
    {
        problems += std::string (problems.empty() ? "" : "; ") + "\"defaultSharing\" must be private or public";
        p.defaultSharing = defaults.defaultSharing;
    }
    if (!isOneOf (p.signInMethod, { "automatic", "embedded", "system" }))
    {
        problems +=
            std::string (problems.empty() ? "" : "; ") + "\"signInMethod\" must be automatic, embedded or system";
        p.signInMethod = defaults.signInMethod;
    }
    if (!problems.empty())
        loaded.problem = file.string() + ": " + problems + " (defaults used for those)";
    return loaded;
}

void PreferencesFile::save (const Preferences& p) const
{
    const json j{ { "titlePattern", p.titlePattern },
                  { "defaultTags", p.defaultTags },
                  { "defaultSharing", p.defaultSharing },
                  { "signInMethod", p.signInMethod },
                  { "publishWhenTakeEnds", p.publishWhenTakeEnds } };
    std::error_code error;
    std::filesystem::create_directories (file.parent_path(), error);
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out (temporary, std::ios::binary | std::ios::trunc);
        out << j.dump (2) << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error ("could not write " + temporary.string() + " (is the disk full?)");
    }
    std::filesystem::rename (temporary, file, error);
    if (error)
        throw std::runtime_error ("could not replace " + file.string() + ": " + error.message());
}
} // namespace wavelift
