#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wavelift::test
{
/** A loopback port that was free a moment ago (bind to port 0, read it back, release it). */
inline int freeLoopbackPort()
{
    const int probe = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ::bind (probe, reinterpret_cast<sockaddr*> (&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname (probe, reinterpret_cast<sockaddr*> (&address), &length);
    ::close (probe);
    return ntohs (address.sin_port);
}
} // namespace wavelift::test
