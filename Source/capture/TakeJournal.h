#pragma once

#include "capture/FileLock.h"
#include "capture/TakeRecord.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace wavelift::capture
{
/** What recovery needs to finish a take whose process died: the take as it began, and its files in progress. */
struct JournalEntry
{
    TakeRecord take;                 // take.file is where the finished take goes
    std::filesystem::path partFile;  // the file being written (WAV, or FLAC being encoded)
    std::filesystem::path spoolFile; // FLAC only: the raw samples to re-encode from
};

/** The on-disk note of a take in progress, locked for as long as the take is being written, so that recovery
    (in this or another process) never touches a live take. */
class TakeJournal
{
public:
    /** The journal folder inside a takes folder. */
    static std::filesystem::path folderIn (const std::filesystem::path& takesFolder);

    /** Writes and locks <folder>/<id>.json. Throws std::runtime_error on failure. */
    TakeJournal (const std::filesystem::path& folder, const JournalEntry&);

    /** The take reached its final file: the note goes. Without this, the note stays for recovery. */
    void complete();

    // Recovery side ---------------------------------------------------------------------------------------------
    struct Claimed
    {
        std::filesystem::path file;
        JournalEntry entry;
        FileLock lock; // held while recovering, so two recoveries never work on one take
    };

    /** The notes in the folder that no living writer holds. Unreadable notes are skipped. */
    static std::vector<Claimed> claimAbandoned (const std::filesystem::path& folder);

private:
    std::filesystem::path file;
    std::optional<FileLock> lock;
};
} // namespace wavelift::capture
