#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace httplib
{
class Server;
struct Request;
struct Response;
class ContentReader;
struct MultipartFormData;
} // namespace httplib

namespace wavelift::sandbox
{
class FaultInjector;
class RequestLog;
class StopSignal;
struct FaultRule;

/** Uniform access to a request body, whether httplib hands it over as a stream (POST/PUT/DELETE routes
    always get one) or it was already read (GET). Each body can be consumed once. */
class RequestBody
{
public:
    using PartHeader = std::function<bool (const httplib::MultipartFormData& part)>;
    using Chunk = std::function<bool (const char* data, std::size_t size)>;

    RequestBody (const httplib::Request& request, const httplib::ContentReader* reader);

    bool isMultipart() const;
    /** The whole body, or nullopt when it exceeds `limit` or the read fails. */
    std::optional<std::string> readAll (std::size_t limit);
    /** Streams multipart parts: `header` per part, then `chunk` for its content. */
    bool readMultipart (const PartHeader& header, const Chunk& chunk);
    /** Streams the raw body (for multipart bodies: the concatenated part contents). */
    bool readChunks (const Chunk& chunk);
    /** Reads and drops what's left, so an early error response doesn't race the client's upload. */
    bool discard();
    bool consumed() const { return consumed_; }

private:
    const httplib::Request& request_;
    const httplib::ContentReader* reader_;
    bool consumed_ = false;
};

/** What fault bodies need to know about the server. */
struct FaultEnvironment
{
    std::function<std::int64_t()> epochNow;
    int playLimitPer24h = 15000;
    int clientCredentialsLimitPerIp = 30;
};

/** One listener (API, auth or CDN host) on 127.0.0.1: routes, the request log and fault injection. */
class HttpListener
{
public:
    using Handler = std::function<void (const httplib::Request&, httplib::Response&, RequestBody&)>;
    /** Decides an "Expect: 100-continue" request early: return 100 to receive the body, or set `response`
        and return its status to refuse it before the client sends a byte of the body. */
    using ExpectContinueCheck = std::function<int (const httplib::Request&, httplib::Response&)>;

    HttpListener (std::string name, RequestLog& log, FaultInjector& faults, const StopSignal& stopSignal,
                  FaultEnvironment environment);
    HttpListener (const HttpListener&) = delete;
    HttpListener& operator= (const HttpListener&) = delete;
    ~HttpListener();

    /** `method` is GET, POST, PUT or DELETE; `pattern` an httplib regex. Admin routes skip faults and the log. */
    void route (const std::string& method, const std::string& pattern, Handler handler, bool adminRoute = false);
    void setExpectContinueCheck (ExpectContinueCheck check);
    /** Called for requests no route matched. */
    void setNotFoundHandler (Handler handler);

    /** Binds 127.0.0.1:port (0 = any free port) and serves on a thread; throws when the port is taken. */
    void start (int port);
    void stop();

    const std::string& name() const { return name_; }
    int port() const { return port_; }
    std::string baseUrl() const;

private:
    void dispatch (const Handler& handler, bool adminRoute, const httplib::Request& request,
                   httplib::Response& response, const httplib::ContentReader* reader);
    /** Returns true when the fault fully answered (or killed) the request. */
    bool applyFault (const FaultRule& fault, const Handler& handler, const httplib::Request& request,
                     httplib::Response& response, RequestBody& body);

    const std::string name_;
    RequestLog& log_;
    FaultInjector& faults_;
    const StopSignal& stopSignal_;
    const FaultEnvironment environment_;
    std::unique_ptr<httplib::Server> server_;
    ExpectContinueCheck expectContinueCheck_;
    Handler notFoundHandler_;
    std::thread thread_;
    int port_ = 0;
};
} // namespace wavelift::sandbox
