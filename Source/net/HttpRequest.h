#pragma once

#include "net/HttpHeaders.h"
#include "net/RequestBody.h"

#include <juce_core/juce_core.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wavelift::net
{
/** Bytes moved so far in one transfer (one redirect hop), 64-bit throughout. */
struct Progress
{
    std::uint64_t uploaded = 0;
    std::uint64_t uploadTotal = 0;
    std::uint64_t downloaded = 0;
    /** From Content-Length; nullopt until known, or when the server sends none. */
    std::optional<std::uint64_t> downloadTotal;

    bool operator== (const Progress&) const = default;
};

/** Called on the thread running the request, often; keep it cheap. */
using ProgressCallback = std::function<void (const Progress&)>;

struct RedirectPolicy
{
    /** Off by default: the caller sees the 3xx and its Location. */
    bool follow = false;
    int maxRedirects = 5;
};

struct Timeouts
{
    std::chrono::milliseconds connect{ 15000 };
    /** Fails with NetError::stalled when no byte moves in either direction for this long (connected, waiting for or
        moving data). Zero disables it. */
    std::chrono::milliseconds stall{ 60000 };
    /** A limit on the whole request (each hop); zero means none. */
    std::chrono::milliseconds total{ 0 };
};

/** Where the response body goes. */
struct ResponseSink
{
    enum class Kind
    {
        memory,
        file,
        callback
    };

    /** Return false to fail the request with NetError::localFile. */
    using Chunk = std::function<bool (const char* data, std::size_t size)>;

    Kind kind = Kind::memory;
    std::filesystem::path file;
    Chunk callback;

    static ResponseSink toMemory() { return {}; }
    /** Streams a 2xx body to `path` (created or truncated; removed again when the transfer fails). Bodies of other
        statuses stay in memory (Response::body, first 1 MiB) so errors can be read and the file is not clobbered. */
    static ResponseSink toFile (std::filesystem::path path) { return { Kind::file, std::move (path), {} }; }
    /** Streams a 2xx body to `chunk`; other statuses' bodies stay in memory as with toFile. */
    static ResponseSink toCallback (Chunk chunk) { return { Kind::callback, {}, std::move (chunk) }; }
};

/** One HTTP request. `juce::URL` is the URL type; its toString (true) is what goes on the wire. */
struct Request
{
    std::string method = "GET";
    juce::URL url;
    /** Sent in this order. Host, Content-Length and Content-Type (from the body) are added by the client. */
    HttpHeaders headers;
    /** Nullptr sends no body (a POST then sends Content-Length: 0). */
    std::shared_ptr<const RequestBody> body;
    RedirectPolicy redirects;
    Timeouts timeouts;
    ResponseSink sink;
    ProgressCallback onProgress;
    /** Sends "Expect: 100-continue" so a server can refuse a large body before it is sent. Off by default, so that
        requests are sent exactly as built. */
    bool expectContinue = false;

    static Request get (juce::URL url);
    static Request post (juce::URL url, std::shared_ptr<const RequestBody> body);
};

struct Response
{
    int status = 0;
    /** The reason phrase of the status line ("OK"); empty for HTTP/2. */
    std::string reason;
    /** Every header field of the final response, in order. */
    HttpHeaders headers;
    /** The body when it went to memory (or the first 1 MiB of an error body with a file or callback sink). */
    std::string body;
    /** True when the body went to the file or callback sink. */
    bool bodyStreamed = false;
    /** The URL that answered (differs from the request's after followed redirects). */
    juce::URL url;
    /** Each followed hop's URL, in order (empty when none was followed). */
    std::vector<juce::URL> redirectsFollowed;

    bool isSuccess() const noexcept { return status >= 200 && status < 300; }
    bool isRedirect() const noexcept
    {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
};
} // namespace wavelift::net
