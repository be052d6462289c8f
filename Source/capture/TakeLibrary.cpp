#include "capture/TakeLibrary.h"

#include "capture/FileLock.h"
#include "capture/TakeJson.h"
#include "core/Paths.h"

#include <juce_core/juce_core.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace wavelift::capture
{
namespace
{
    constexpr int indexVersion = 1;

    auto byId (const std::string& id)
    {
        return [&id] (const TakeRecord& take) { return take.id == id; };
    }

    TakeRecord& entry (std::vector<TakeRecord>& takes, const std::string& id)
    {
        const auto found = std::find_if (takes.begin(), takes.end(), byId (id));
        if (found == takes.end())
            throw std::runtime_error ("no take " + id + " in the library");
        return *found;
    }
} // namespace

std::filesystem::path TakeLibrary::defaultFolder() { return wavelift::dataDirectory() / "takes"; }

TakeLibrary::TakeLibrary (std::filesystem::path folder)
    : takesFolder (std::move (folder))
    , indexFile (takesFolder / "index.json")
    , lockFile (takesFolder / ".index.lock")
{
}

std::vector<TakeRecord> TakeLibrary::load() const
{
    std::vector<TakeRecord> takes;
    std::ifstream in (indexFile);
    if (!in)
        return takes; // no library yet

    try
    {
        const auto index = nlohmann::json::parse (in);
        for (const auto& item : index.at ("takes"))
            takes.push_back (takeFromJson (item));
    }
    catch (const std::exception&)
    {
        // Keep a damaged index for a human to look at rather than overwrite it on the next change.
        std::error_code ignored;
        std::filesystem::rename (indexFile, indexFile.string() + ".damaged", ignored);
        takes.clear();
    }
    return takes;
}

void TakeLibrary::save (const std::vector<TakeRecord>& takes) const
{
    auto list = nlohmann::json::array();
    for (const auto& take : takes)
        list.push_back (toJson (take));
    writeJsonAtomically (indexFile, { { "version", indexVersion }, { "takes", std::move (list) } });
}

void TakeLibrary::modify (const std::function<void (std::vector<TakeRecord>&)>& change)
{
    std::filesystem::create_directories (takesFolder);
    const auto lock = FileLock::acquire (lockFile);
    auto takes = load();
    change (takes);
    save (takes);
}

std::vector<TakeRecord> TakeLibrary::takes() const
{
    if (!std::filesystem::exists (indexFile))
        return {};
    const auto lock = FileLock::acquire (lockFile);
    return load();
}

std::optional<TakeRecord> TakeLibrary::find (const std::string& id) const
{
    const auto all = takes();
    const auto found = std::find_if (all.begin(), all.end(), byId (id));
    return found == all.end() ? std::nullopt : std::optional<TakeRecord> (*found);
}

void TakeLibrary::add (const TakeRecord& take)
{
    modify (
        [&] (std::vector<TakeRecord>& takes)
        {
            if (const auto found = std::find_if (takes.begin(), takes.end(), byId (take.id)); found != takes.end())
                *found = take;
            else
                takes.push_back (take);
        });
}

void TakeLibrary::setFigures (const std::string& id, const TakeFigures& figures)
{
    modify ([&] (std::vector<TakeRecord>& takes) { entry (takes, id).figures = figures; });
}

void TakeLibrary::linkPublishedTrack (const std::string& id, const std::string& trackUrn,
                                      const std::string& permalinkUrl, const std::string& secretUrl)
{
    modify (
        [&] (std::vector<TakeRecord>& takes)
        {
            auto& take = entry (takes, id);
            take.publishedTrackUrn = trackUrn;
            take.publishedPermalinkUrl = permalinkUrl;
            take.publishedSecretUrl = secretUrl;
        });
}

std::filesystem::path TakeLibrary::rename (const std::string& id, const std::string& newName)
{
    const bool plain = !newName.empty() && newName.front() != '.'
                       && newName.find_first_of ("/\\:*?\"<>|") == std::string::npos
                       && std::none_of (newName.begin(), newName.end(), [] (char c) { return (unsigned char) c < 32; });
    if (!plain)
        throw std::runtime_error ("'" + newName + "' is not a plain file name");

    std::filesystem::path renamed;
    modify (
        [&] (std::vector<TakeRecord>& takes)
        {
            auto& take = entry (takes, id);
            renamed = take.file.parent_path() / (newName + take.file.extension().string());
            if (renamed == take.file)
                return;
            if (std::filesystem::exists (renamed))
                throw std::runtime_error (renamed.string() + " already exists");
            std::filesystem::rename (take.file, renamed);
            take.file = renamed;
        });
    return renamed;
}

void TakeLibrary::remove (const std::string& id)
{
    modify (
        [&] (std::vector<TakeRecord>& takes)
        {
            std::filesystem::remove (entry (takes, id).file);
            std::erase_if (takes, byId (id));
        });
}

bool TakeLibrary::reveal (const std::string& id) const
{
    const auto take = find (id);
    if (!take || !std::filesystem::exists (take->file))
        return false;
    juce::File (take->file.string()).revealToUser();
    return true;
}
} // namespace wavelift::capture
