#pragma once

#include <filesystem>
#include <optional>

namespace wavelift::capture
{
/** An exclusive advisory lock on a file (flock), held while this object lives. The lock belongs to the open file,
    so it also excludes other threads of this process, and the system drops it when the process dies. */
class FileLock
{
public:
    /** Waits for the lock; creates the file when it does not exist. Throws std::runtime_error on failure. */
    static FileLock acquire (const std::filesystem::path& file);

    /** The lock if nobody else holds it; never creates the file. */
    static std::optional<FileLock> tryAcquire (const std::filesystem::path& file);

    FileLock (FileLock&&) noexcept;
    FileLock& operator= (FileLock&&) noexcept;
    FileLock (const FileLock&) = delete;
    FileLock& operator= (const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock (int descriptor) noexcept;
    int fd = -1;
};
} // namespace wavelift::capture
