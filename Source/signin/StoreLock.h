#pragma once

#include <filesystem>

namespace wavelift::signin
{
/** An exclusive inter-process lock (flock(2) on a lock file in the config folder) held for its lifetime. Every
    process that reads-modifies-writes the token store holds it, so a refresh happens once for all of them.

    flock locks belong to open file descriptions, so two StoreLocks in one process exclude each other too. */
class StoreLock
{
public:
    /** Blocks until the lock is held. Throws std::runtime_error when the lock file cannot be opened. */
    explicit StoreLock (const std::filesystem::path& lockFile);
    ~StoreLock();
    StoreLock (const StoreLock&) = delete;
    StoreLock& operator= (const StoreLock&) = delete;

private:
    int fd_ = -1;
};
} // namespace wavelift::signin
