#pragma once

#include "net/HttpRequest.h"
#include "net/NetError.h"

#include <functional>
#include <stop_token>
#include <string>
#include <variant>

namespace wavelift::net
{
/** A response or the reason there is none. */
class HttpResult
{
public:
    HttpResult (Response response)
        : value_ (std::move (response))
    {
    }
    HttpResult (NetFailure failure)
        : value_ (std::move (failure))
    {
    }

    bool ok() const noexcept { return std::holds_alternative<Response> (value_); }
    explicit operator bool() const noexcept { return ok(); }

    /** Precondition: ok(). */
    const Response& response() const { return std::get<Response> (value_); }
    Response& response() { return std::get<Response> (value_); }
    /** Precondition: !ok(). */
    const NetFailure& failure() const { return std::get<NetFailure> (value_); }

private:
    std::variant<Response, NetFailure> value_;
};

/** Receives one line per request with every secret redacted (see Redaction.h). */
using LogSink = std::function<void (const std::string& line)>;

struct ClientOptions
{
    std::string userAgent = "Wavelift/" WAVELIFT_VERSION;
    LogSink log;
};

/** Runs requests on libcurl (one easy handle per transfer, driven by a multi handle so that a cancellation wakes the
    transfer at once). Stateless apart from its options: one client can serve many threads at the same time.

    perform() blocks the calling thread: never call it on the message thread or the audio thread. */
class HttpClient
{
public:
    explicit HttpClient (ClientOptions options = {});

    /** Sends the request; follows redirects only when request.redirects.follow (then 301/302 turn a POST into a GET,
        303 turns anything but HEAD into a GET, 307/308 resend the same method and body; Authorization and Cookie
        are dropped for good once a redirect leaves the original scheme, host and port). Requesting a stop on `stop`
        from any thread ends the transfer promptly with NetError::cancelled. */
    HttpResult perform (const Request& request, std::stop_token stop = {}) const;

    const ClientOptions& options() const noexcept { return options_; }

private:
    ClientOptions options_;
};
} // namespace wavelift::net
