#include "capture/TakeJournal.h"

#include "capture/TakeJson.h"

#include <fstream>
#include <stdexcept>

namespace wavelift::capture
{
namespace
{
    nlohmann::json entryToJson (const JournalEntry& entry)
    {
        return { { "take", toJson (entry.take) },
                 { "partFile", entry.partFile.string() },
                 { "spoolFile", entry.spoolFile.string() } };
    }

    JournalEntry entryFromJson (const nlohmann::json& j)
    {
        return { takeFromJson (j.at ("take")), j.at ("partFile").get<std::string>(),
                 j.value ("spoolFile", std::string()) };
    }
} // namespace

std::filesystem::path TakeJournal::folderIn (const std::filesystem::path& takesFolder)
{
    return takesFolder / ".journal";
}

TakeJournal::TakeJournal (const std::filesystem::path& folder, const JournalEntry& entry)
    : file (folder / (entry.take.id + ".json"))
{
    std::filesystem::create_directories (folder);
    // Lock under a name recovery ignores, then rename: a note is never visible unlocked.
    auto pending = folder / (entry.take.id + ".pending");
    lock = FileLock::acquire (pending);
    {
        std::ofstream out (pending, std::ios::trunc);
        out << entryToJson (entry).dump (2) << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error ("cannot write the take journal " + pending.string());
    }
    std::filesystem::rename (pending, file);
}

void TakeJournal::complete()
{
    std::error_code ignored;
    std::filesystem::remove (file, ignored);
    lock.reset();
}

std::vector<TakeJournal::Claimed> TakeJournal::claimAbandoned (const std::filesystem::path& folder)
{
    std::vector<Claimed> claimed;
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator (folder, error))
    {
        if (item.path().extension() != ".json")
            continue;
        auto lock = FileLock::tryAcquire (item.path());
        if (!lock || !std::filesystem::exists (item.path())) // live, or completed while we looked
            continue;
        try
        {
            std::ifstream in (item.path());
            claimed.push_back ({ item.path(), entryFromJson (nlohmann::json::parse (in)), std::move (*lock) });
        }
        catch (const std::exception&)
        {
            // A note cut short by the crash itself: nothing to recover from it.
        }
    }
    return claimed;
}
} // namespace wavelift::capture
