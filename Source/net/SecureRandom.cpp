#include "net/SecureRandom.h"

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <sys/random.h>
#include <unistd.h>

namespace wavelift::net
{
namespace
{
    bool fillFromGetrandom (unsigned char* data, std::size_t count)
    {
        std::size_t done = 0;
        while (done < count)
        {
            const auto got = ::getrandom (data + done, count - done, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return false;
            done += static_cast<std::size_t> (got);
        }
        return true;
    }

    bool fillFromUrandom (unsigned char* data, std::size_t count)
    {
        const int fd = ::open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        std::size_t done = 0;
        while (done < count)
        {
            const auto got = ::read (fd, data + done, count - done);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            done += static_cast<std::size_t> (got);
        }
        ::close (fd);
        return done == count;
    }
} // namespace

std::vector<unsigned char> secureRandomBytes (std::size_t count)
{
    std::vector<unsigned char> bytes (count);
    if (count > 0 && !fillFromGetrandom (bytes.data(), count) && !fillFromUrandom (bytes.data(), count))
        throw std::runtime_error ("the operating system's secure random source is not available");
    return bytes;
}

std::string randomHex (std::size_t byteCount)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (const auto byte : secureRandomBytes (byteCount))
    {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}
} // namespace wavelift::net
