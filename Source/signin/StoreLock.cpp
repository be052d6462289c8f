#include "signin/StoreLock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace wavelift::signin
{
StoreLock::StoreLock (const std::filesystem::path& lockFile)
{
    std::error_code ignored;
    std::filesystem::create_directories (lockFile.parent_path(), ignored);
    fd_ = ::open (lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw std::runtime_error ("cannot open the sign-in lock " + lockFile.string() + ": " + std::strerror (errno));
    while (::flock (fd_, LOCK_EX) != 0)
        if (errno != EINTR)
        {
            const auto error = errno;
            ::close (fd_);
            throw std::runtime_error ("cannot lock " + lockFile.string() + ": " + std::strerror (error));
        }
}

StoreLock::~StoreLock()
{
    ::flock (fd_, LOCK_UN);
    ::close (fd_);
}
} // namespace wavelift::signin
