#pragma once

#include <string>

namespace wavelift::net
{
/** Why a request produced no HTTP response. HTTP error statuses are responses, not NetErrors. */
enum class NetError
{
    couldNotResolve,
    couldNotConnect,
    timedOut, ///< the connect timeout or the total time limit passed
    stalled,  ///< no byte moved in either direction for the stall window
    cancelled,
    connectionResetBeforeBodySent, ///< the server cannot have processed the request: safe to retry
    connectionResetAfterBodySent,  ///< ambiguous: the server may have acted on the request
    tls,
    localFile, ///< reading the body file or writing the response file failed
    tooManyRedirects,
    other
};

const char* toString (NetError error) noexcept;

/** A failed request: the typed reason and a human-readable message (curl's text plus method, host and path; never
    a query string, a header value or a body, so it carries no secrets). */
struct NetFailure
{
    NetError error = NetError::other;
    std::string message;

    /** "cancelled: ..." */
    std::string describe() const;
};
} // namespace wavelift::net
