#include "sandbox/HttpListener.h"

#include "sandbox/ApiResponses.h"
#include "sandbox/ConnectionAbort.h"
#include "sandbox/Crypto.h"
#include "sandbox/FaultInjector.h"
#include "sandbox/HtmlPages.h"
#include "sandbox/RequestLog.h"
#include "sandbox/StopSignal.h"

#include <httplib.h>

#include <chrono>
#include <iostream>
#include <stdexcept>

namespace wavelift::sandbox
{
namespace
{
    // httplib runs pre-routing, the handler and the logger of one request on the same worker thread.
    thread_local std::uint64_t currentSequence = 0;

    bool isAdminPath (const std::string& path) { return path.starts_with ("/_sandbox/"); }

    RecordedRequest describe (const std::string& host, const httplib::Request& request)
    {
        RecordedRequest record;
        record.host = host;
        record.method = request.method;
        record.path = request.path;
        const auto question = request.target.find ('?');
        if (question != std::string::npos)
            record.query = request.target.substr (question + 1);
        record.hadAuthorization = request.has_header ("Authorization");
        if (record.hadAuthorization)
        {
            const auto value = request.get_header_value ("Authorization");
            record.authorizationScheme = value.substr (0, value.find (' '));
        }
        return record;
    }

    std::string cloudfrontRequestId() { return crypto::randomToken (42).substr (0, 56); }

    /** Replaces the response body by one that stops after `cut` bytes of the announced length. */
    void cutResponse (httplib::Response& response, std::optional<std::uint64_t> afterBytes, int localPort,
                      int remotePort)
    {
        const auto contentType = response.get_header_value ("Content-Type");
        if (response.content_provider_)
        {
            const auto total = response.content_length_;
            if (total == 0 || response.is_chunked_content_provider_)
            {
                abortConnection (localPort, remotePort);
                return;
            }
            const auto cut =
                static_cast<std::size_t> (std::min<std::uint64_t> (afterBytes.value_or (total / 2), total - 1));
            auto original = response.content_provider_;
            response.headers.erase ("Content-Type");
            response.set_content_provider (
                total, contentType,
                [original, cut] (std::size_t offset, std::size_t length, httplib::DataSink& sink)
                {
                    if (offset >= cut)
                        return false;
                    std::size_t position = offset;
                    httplib::DataSink limited;
                    limited.write = [&] (const char* data, std::size_t size)
                    {
                        const auto take = std::min (size, cut - std::min (cut, position));
                        const bool written = take == 0 || sink.write (data, take);
                        position += take;
                        return written && take == size;
                    };
                    limited.is_writable = [&] { return sink.is_writable(); };
                    limited.done = [] {};
                    original (offset, std::min (length, cut - offset), limited);
                    return false;
                });
            return;
        }

        const auto body = std::make_shared<std::string> (std::move (response.body));
        response.body.clear();
        if (body->empty())
        {
            abortConnection (localPort, remotePort);
            return;
        }
        const auto cut = static_cast<std::size_t> (
            std::min<std::uint64_t> (afterBytes.value_or (body->size() / 2), body->size() - 1));
        response.headers.erase ("Content-Type");
        response.set_content_provider (body->size(), contentType,
                                       [body, cut] (std::size_t offset, std::size_t, httplib::DataSink& sink)
                                       {
                                           if (offset < cut)
                                               sink.write (body->data() + offset, cut - offset);
                                           return false;
                                       });
    }
} // namespace

// ---------------------------------------------------------------------------------------------------------------

RequestBody::RequestBody (const httplib::Request& request, const httplib::ContentReader* reader)
    : request_ (request)
    , reader_ (reader)
{
}

bool RequestBody::isMultipart() const { return request_.is_multipart_form_data(); }

std::optional<std::string> RequestBody::readAll (std::size_t limit)
{
    if (reader_ == nullptr)
    {
        consumed_ = true;
        if (request_.body.size() > limit)
            return std::nullopt;
        return request_.body;
    }
    std::string content;
    bool tooLarge = false;
    const auto ok = readChunks (
        [&] (const char* data, std::size_t size)
        {
            if (content.size() + size > limit)
            {
                tooLarge = true;
                return false;
            }
            content.append (data, size);
            return true;
        });
    if (!ok || tooLarge)
        return std::nullopt;
    return content;
}

bool RequestBody::readMultipart (const PartHeader& header, const Chunk& chunk)
{
    if (consumed_ || reader_ == nullptr || !isMultipart())
        return false;
    consumed_ = true;
    return (*reader_) ([&] (const httplib::MultipartFormData& part) { return header (part); },
                       [&] (const char* data, std::size_t size) { return chunk (data, size); });
}

bool RequestBody::readChunks (const Chunk& chunk)
{
    if (consumed_)
        return false;
    if (reader_ == nullptr)
    {
        consumed_ = true;
        return request_.body.empty() || chunk (request_.body.data(), request_.body.size());
    }
    if (isMultipart())
        return readMultipart ([] (const httplib::MultipartFormData&) { return true; }, chunk);
    consumed_ = true;
    return (*reader_) ([&] (const char* data, std::size_t size) { return chunk (data, size); });
}

bool RequestBody::discard()
{
    if (consumed_)
        return true;
    return readChunks ([] (const char*, std::size_t) { return true; });
}

// ---------------------------------------------------------------------------------------------------------------

HttpListener::HttpListener (std::string name, RequestLog& log, FaultInjector& faults, const StopSignal& stopSignal,
                            FaultEnvironment environment)
    : name_ (std::move (name))
    , log_ (log)
    , faults_ (faults)
    , stopSignal_ (stopSignal)
    , environment_ (std::move (environment))
    , server_ (std::make_unique<httplib::Server>())
{
    // Stalled requests hold a worker each; leave room for the rest.
    server_->new_task_queue = [] { return new httplib::ThreadPool (16); };
    // Short, so stop() doesn't wait long for idle keep-alive connections.
    server_->set_keep_alive_timeout (2);
    // httplib's default also sets SO_REUSEPORT, which would let a second sandbox share a taken port silently.
    server_->set_socket_options (
        [] (socket_t socket)
        {
            const int yes = 1;
            ::setsockopt (socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof (yes));
        });

    server_->set_pre_routing_handler (
        [this] (const httplib::Request& request, httplib::Response&)
        {
            currentSequence = isAdminPath (request.path) ? 0 : log_.recordArrival (describe (name_, request));
            return httplib::Server::HandlerResponse::Unhandled;
        });
    server_->set_logger (
        [this] (const httplib::Request&, const httplib::Response& response)
        {
            if (currentSequence != 0)
                log_.recordWrittenStatus (currentSequence, response.status);
        });
    server_->set_expect_100_continue_handler (
        [this] (const httplib::Request& request, httplib::Response& response)
        {
            if (!expectContinueCheck_ || isAdminPath (request.path)
                || faults_.armedFor (name_, request.method, request.path))
                return 100;
            const auto status = expectContinueCheck_ (request, response);
            if (status != 100)
            {
                // Pre-routing won't run for a request refused here: log it now.
                currentSequence = log_.recordArrival (describe (name_, request));
                log_.recordStatus (currentSequence, status);
                response.status = status;
                response.set_header ("Connection", "close");
                // httplib writes this early response without computing Content-Length.
                response.set_header ("Content-Length", std::to_string (response.body.size()));
            }
            return status;
        });
}

HttpListener::~HttpListener() { stop(); }

void HttpListener::route (const std::string& method, const std::string& pattern, Handler handler, bool adminRoute)
{
    const httplib::Server::Handler plain =
        [this, handler, adminRoute] (const httplib::Request& request, httplib::Response& response)
    { dispatch (handler, adminRoute, request, response, nullptr); };
    const httplib::Server::HandlerWithContentReader streaming =
        [this, handler, adminRoute] (const httplib::Request& request, httplib::Response& response,
                                     const httplib::ContentReader& reader)
    { dispatch (handler, adminRoute, request, response, &reader); };

    if (method == "GET")
    {
        server_->Get (pattern, plain);
    }
    else if (method == "POST")
    {
        server_->Post (pattern, plain);
        server_->Post (pattern, streaming);
    }
    else if (method == "PUT")
    {
        server_->Put (pattern, plain);
        server_->Put (pattern, streaming);
    }
    else if (method == "DELETE")
    {
        server_->Delete (pattern, plain);
        server_->Delete (pattern, streaming);
    }
    else
    {
        throw std::invalid_argument ("unsupported method " + method);
    }
}

void HttpListener::setExpectContinueCheck (ExpectContinueCheck check) { expectContinueCheck_ = std::move (check); }

void HttpListener::setNotFoundHandler (Handler handler) { notFoundHandler_ = std::move (handler); }

void HttpListener::dispatch (const Handler& handler, bool adminRoute, const httplib::Request& request,
                             httplib::Response& response, const httplib::ContentReader* reader)
{
    RequestBody body (request, reader);
    // Recorded before httplib writes, so a client that got the answer already finds it in the log.
    const auto recordOutcome = [&] (bool connectionCut)
    {
        if (currentSequence != 0)
            log_.recordStatus (currentSequence, connectionCut ? 0 : response.status);
    };
    if (!adminRoute)
    {
        if (auto fault = faults_.take (name_, request.method, request.path))
        {
            if (currentSequence != 0)
                log_.recordFault (currentSequence, toString (fault->kind));
            if (applyFault (*fault, handler, request, response, body))
            {
                // A cut response still sent its status line; a reset request or interrupted stall sent nothing.
                recordOutcome (fault->kind == FaultKind::resetRequest || fault->kind == FaultKind::stall);
                return;
            }
        }
    }
    try
    {
        handler (request, response, body);
    }
    catch (const std::exception& error)
    {
        std::cerr << "wavelift-sandbox: " << name_ << " " << request.method << " " << request.path
                  << " failed: " << error.what() << "\n";
        body.discard();
        response.headers.clear();
        sendApiError (response, 500, "Internal Server Error");
    }
    recordOutcome (false);
}

bool HttpListener::applyFault (const FaultRule& fault, const Handler& handler, const httplib::Request& request,
                               httplib::Response& response, RequestBody& body)
{
    switch (fault.kind)
    {
        case FaultKind::status5xx:
        {
            body.discard();
            const auto status = fault.status != 0 ? fault.status : 500;
            sendApiError (response, status, reasonPhrase (status));
            return true;
        }
        case FaultKind::cloudfrontHtml:
        {
            body.discard();
            const auto status = fault.status != 0 ? fault.status : 503;
            const auto requestId = cloudfrontRequestId();
            response.status = status;
            response.set_header ("Server", "CloudFront");
            response.set_header ("X-Cache", "Error from cloudfront");
            response.set_header ("X-Amz-Cf-Id", requestId);
            response.set_content (cloudfrontErrorPage (status, requestId), "text/html");
            return true;
        }
        case FaultKind::emptyBody:
        {
            body.discard();
            response.status = fault.status != 0 ? fault.status : 200;
            response.set_content ("", jsonContentType);
            return true;
        }
        case FaultKind::rateLimit429:
        {
            body.discard();
            const auto now = environment_.epochNow();
            if (fault.variant == "cloudfront")
            {
                response.set_header ("Server", "CloudFront");
                response.set_header ("x-ratelimit-limit", "-1");
                response.set_header ("x-ratelimit-remaining", "0");
                response.set_header ("x-ratelimit-reset", "0");
                sendJson (response, 429, { { "error", "Rate Limit Exceeded" } });
            }
            else if (fault.variant == "plain")
            {
                response.status = 429;
                response.set_content ("Please slow down.", "text/plain");
            }
            else if (fault.variant == "client_credentials")
            {
                sendJson (response, 429,
                          clientCredentialsRateLimitBody ("by-ip", environment_.clientCredentialsLimitPerIp, "PT1H",
                                                          now + 3600));
            }
            else
            {
                sendJson (response, 429, playsRateLimitBody (environment_.playLimitPer24h, now + 24 * 3600));
            }
            return true;
        }
        case FaultKind::resetRequest:
        {
            const auto limit = fault.afterBytes.value_or (0);
            std::uint64_t seen = 0;
            if (limit > 0)
                body.readChunks (
                    [&] (const char*, std::size_t size)
                    {
                        seen += size;
                        return seen < limit;
                    });
            abortConnection (request.local_port, request.remote_port);
            return true;
        }
        case FaultKind::stall:
        {
            if (stopSignal_.waitFor (std::chrono::seconds (fault.stallSeconds)))
            {
                abortConnection (request.local_port, request.remote_port);
                return true;
            }
            return false;
        }
        case FaultKind::resetResponse:
        {
            handler (request, response, body);
            cutResponse (response, fault.afterBytes, request.local_port, request.remote_port);
            return true;
        }
    }
    return false;
}

void HttpListener::start (int port)
{
    if (notFoundHandler_)
        for (const auto* method : { "GET", "POST", "PUT", "DELETE" })
            route (method, ".*", notFoundHandler_);

    port_ =
        port == 0 ? server_->bind_to_any_port ("127.0.0.1") : (server_->bind_to_port ("127.0.0.1", port) ? port : -1);
    if (port_ <= 0)
        throw std::runtime_error ("cannot listen on 127.0.0.1:" + std::to_string (port) + " for the " + name_
                                  + " host");
    thread_ = std::thread ([this] { server_->listen_after_bind(); });
    // The socket already accepts (it is listening); wait for the accept loop too, so start() means "serving".
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds (10);
    while (!server_->is_running())
    {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error ("the " + name_ + " host did not start");
        std::this_thread::sleep_for (std::chrono::milliseconds (1));
    }
}

void HttpListener::stop()
{
    if (thread_.joinable())
    {
        server_->stop();
        thread_.join();
    }
}

std::string HttpListener::baseUrl() const { return "http://127.0.0.1:" + std::to_string (port_); }
} // namespace wavelift::sandbox
