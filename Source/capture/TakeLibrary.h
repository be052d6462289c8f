#pragma once

#include "capture/TakeRecord.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::capture
{
/** The takes in the user's data folder: a JSON index (index.json) next to the files. Safe to use from several
    threads and processes at once (every change is a locked read-modify-write, written atomically). */
class TakeLibrary
{
public:
    /** The library's usual place: <data folder>/takes. */
    static std::filesystem::path defaultFolder();

    explicit TakeLibrary (std::filesystem::path folder);

    const std::filesystem::path& folder() const noexcept { return takesFolder; }

    std::vector<TakeRecord> takes() const;
    std::optional<TakeRecord> find (const std::string& id) const;

    /** Adds the take, or replaces the one with the same id. */
    void add (const TakeRecord&);

    void setFigures (const std::string& id, const TakeFigures&);

    /** Links the take to the SoundCloud track it was published as. */
    void linkPublishedTrack (const std::string& id, const std::string& trackUrn, const std::string& permalinkUrl,
                             const std::string& secretUrl);

    /** Gives the take's file a new name (the extension stays) and returns the new path. Throws std::runtime_error
        when the name is not a plain file name or is taken. */
    std::filesystem::path rename (const std::string& id, const std::string& newName);

    /** Deletes the take's file and its entry. */
    void remove (const std::string& id);

    /** Shows the take's file in the system's file manager; false when the file is gone. */
    bool reveal (const std::string& id) const;

private:
    std::vector<TakeRecord> load() const;
    void save (const std::vector<TakeRecord>&) const;
    void modify (const std::function<void (std::vector<TakeRecord>&)>& change);

    std::filesystem::path takesFolder, indexFile, lockFile;
};
} // namespace wavelift::capture
