#pragma once

namespace wavelift::sandbox
{
/** Resets (RST) the server-side TCP connection between these loopback ports, from inside a request handler.
    cpp-httplib doesn't expose the socket, so it is found by its address in /proc/self/fd; the descriptor number
    is then pointed at an unconnected socket with dup2, so httplib's later close() stays harmless.
    Returns false when the connection wasn't found. */
bool abortConnection (int localPort, int remotePort);
} // namespace wavelift::sandbox
