#include "capture/FileLock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace wavelift::capture
{
FileLock::FileLock (int descriptor) noexcept
    : fd (descriptor)
{
}

FileLock FileLock::acquire (const std::filesystem::path& file)
{
    const int descriptor = ::open (file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (descriptor < 0)
        throw std::runtime_error ("cannot open " + file.string() + ": " + std::strerror (errno));
    while (::flock (descriptor, LOCK_EX) != 0)
    {
        if (errno != EINTR)
        {
            ::close (descriptor);
            throw std::runtime_error ("cannot lock " + file.string() + ": " + std::strerror (errno));
        }
    }
    return FileLock (descriptor);
}

std::optional<FileLock> FileLock::tryAcquire (const std::filesystem::path& file)
{
    const int descriptor = ::open (file.c_str(), O_RDWR | O_CLOEXEC);
    if (descriptor < 0)
        return std::nullopt;
    if (::flock (descriptor, LOCK_EX | LOCK_NB) != 0)
    {
        ::close (descriptor);
        return std::nullopt;
    }
    return FileLock (descriptor);
}

FileLock::FileLock (FileLock&& other) noexcept
    : fd (std::exchange (other.fd, -1))
{
}

FileLock& FileLock::operator= (FileLock&& other) noexcept
{
    if (this != &other)
    {
        if (fd >= 0)
            ::close (fd);
        fd = std::exchange (other.fd, -1);
    }
    return *this;
}

FileLock::~FileLock()
{
    if (fd >= 0)
        ::close (fd); // closing the last descriptor releases the flock
}
} // namespace wavelift::capture
