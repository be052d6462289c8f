#include "net/NetError.h"

namespace wavelift::net
{
const char* toString (NetError error) noexcept
{
    switch (error)
    {
        case NetError::couldNotResolve: return "could not resolve host";
        case NetError::couldNotConnect: return "could not connect";
        case NetError::timedOut: return "timed out";
        case NetError::stalled: return "stalled";
        case NetError::cancelled: return "cancelled";
        case NetError::connectionResetBeforeBodySent: return "connection reset before the request was sent";
        case NetError::connectionResetAfterBodySent: return "connection reset after the request was sent";
        case NetError::tls: return "TLS error";
        case NetError::localFile: return "local file error";
        case NetError::tooManyRedirects: return "too many redirects";
        case NetError::other: return "network error";
    }
    return "network error";
}

std::string NetFailure::describe() const
{
    return message.empty() ? std::string (toString (error)) : std::string (toString (error)) + ": " + message;
}
} // namespace wavelift::net
