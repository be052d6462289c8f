#include "sandbox/ConnectionAbort.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace wavelift::sandbox
{
namespace
{
    int portOf (const sockaddr_storage& address)
    {
        if (address.ss_family == AF_INET)
            return ntohs (reinterpret_cast<const sockaddr_in&> (address).sin_port);
        if (address.ss_family == AF_INET6)
            return ntohs (reinterpret_cast<const sockaddr_in6&> (address).sin6_port);
        return -1;
    }

    int findConnection (int localPort, int remotePort)
    {
        DIR* folder = ::opendir ("/proc/self/fd");
        if (folder == nullptr)
            return -1;
        int found = -1;
        while (const auto* entry = ::readdir (folder))
        {
            char* end = nullptr;
            const auto fd = static_cast<int> (std::strtol (entry->d_name, &end, 10));
            if (end == entry->d_name || *end != '\0' || fd == ::dirfd (folder))
                continue;
            sockaddr_storage local{};
            sockaddr_storage peer{};
            socklen_t localSize = sizeof (local);
            socklen_t peerSize = sizeof (peer);
            if (::getsockname (fd, reinterpret_cast<sockaddr*> (&local), &localSize) != 0
                || ::getpeername (fd, reinterpret_cast<sockaddr*> (&peer), &peerSize) != 0)
                continue;
            if (portOf (local) == localPort && portOf (peer) == remotePort)
            {
                found = fd;
                break;
            }
        }
        ::closedir (folder);
        return found;
    }
} // namespace

bool abortConnection (int localPort, int remotePort)
{
    const auto fd = findConnection (localPort, remotePort);
    if (fd < 0)
        return false;
    // Linger 0 turns the close into a reset instead of an orderly FIN.
    const linger abortive{ 1, 0 };
    ::setsockopt (fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof (abortive));
    const auto placeholder = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (placeholder < 0)
    {
        ::shutdown (fd, SHUT_RDWR);
        return true;
    }
    // dup2 closes the connection's last descriptor atomically (sending the RST) and leaves the number valid.
    ::dup2 (placeholder, fd);
    ::close (placeholder);
    return true;
}
} // namespace wavelift::sandbox
