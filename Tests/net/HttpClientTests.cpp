// The HTTP layer against local servers: exact bytes on the wire, headers, redirects, cancellation, stalls, resets,
// and large bodies streamed to and from files with flat memory.
#include "TestServers.h"

#include "net/HttpClient.h"
#include "net/MultipartBody.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sys/socket.h>
#include <thread>

using namespace wavelift;
using net::HttpClient;
using net::NetError;
using net::Request;
using test::RawTcpServer;

namespace Catch
{
template <>
struct StringMaker<net::Progress>
{
    static std::string convert (const net::Progress& p)
    {
        return "{up " + std::to_string (p.uploaded) + "/" + std::to_string (p.uploadTotal) + ", down "
               + std::to_string (p.downloaded) + "/"
               + (p.downloadTotal ? std::to_string (*p.downloadTotal) : std::string ("?")) + "}";
    }
};
} // namespace Catch

namespace
{
const std::string userAgent = "Wavelift/" WAVELIFT_VERSION;

std::string okResponse (const std::string& body = "ok")
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string (body.size()) + "\r\nConnection: close\r\n\r\n"
           + body;
}

std::string readFile (const std::filesystem::path& file)
{
    std::ifstream in (file, std::ios::binary);
    return { std::istreambuf_iterator<char> (in), {} };
}
} // namespace

TEST_CASE ("a POST goes on the wire exactly as built, headers in order", "[net]")
{
    std::string received;
    RawTcpServer server (
        [&] (int socket)
        {
            received = RawTcpServer::readRequest (socket);
            RawTcpServer::sendAll (socket, okResponse());
        });

    auto request = Request::post (
        juce::URL (server.baseUrl() + "/oauth/token"),
        net::RequestBody::fromForm ({ { "grant_type", "refresh_token" }, { "refresh_token", "r t/1" } }));
    request.headers.add ("X-First", "1");
    request.headers.add ("accept", "application/json; charset=utf-8");
    request.headers.add ("X-Empty", "");

    const auto result = HttpClient().perform (request);
    REQUIRE (result.ok());
    CHECK (result.response().status == 200);
    CHECK (result.response().body == "ok");

    const std::string body = "grant_type=refresh_token&refresh_token=r%20t%2F1";
    CHECK (received
           == "POST /oauth/token HTTP/1.1\r\n"
              "Host: 127.0.0.1:"
                  + std::to_string (server.port())
                  + "\r\n"
                    "User-Agent: "
                  + userAgent
                  + "\r\n"
                    "X-First: 1\r\n"
                    "accept: application/json; charset=utf-8\r\n"
                    "X-Empty:\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: "
                  + std::to_string (body.size()) + "\r\n\r\n" + body);
}

TEST_CASE ("a GET and an empty POST carry no stray headers", "[net]")
{
    std::vector<std::string> received;
    RawTcpServer server (
        [&] (int socket)
        {
            received.push_back (RawTcpServer::readRequest (socket));
            RawTcpServer::sendAll (socket, okResponse());
        });
    const auto host = "Host: 127.0.0.1:" + std::to_string (server.port()) + "\r\n";

    REQUIRE (HttpClient().perform (Request::get (juce::URL (server.baseUrl() + "/me?a=1"))).ok());
    auto signOut = Request::post (juce::URL (server.baseUrl() + "/sign-out"), nullptr);
    REQUIRE (HttpClient().perform (signOut).ok());

    REQUIRE (received.size() == 2);
    CHECK (received[0] == "GET /me?a=1 HTTP/1.1\r\n" + host + "User-Agent: " + userAgent + "\r\nAccept: */*\r\n\r\n");
    CHECK (received[1]
           == "POST /sign-out HTTP/1.1\r\n" + host + "User-Agent: " + userAgent
                  + "\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE ("a streamed multipart body is sent byte for byte with its Content-Length", "[net][multipart]")
{
    test::TemporaryFolder folder;
    const auto audio = folder / "take.wav";
    {
        std::ofstream (audio, std::ios::binary) << std::string ("RIFF\0\0\0\0WAVE", 12) << "pcm\r\n--data";
    }
    std::string received;
    RawTcpServer server (
        [&] (int socket)
        {
            received = RawTcpServer::readRequest (socket);
            RawTcpServer::sendAll (socket, okResponse());
        });

    auto body = std::make_shared<net::MultipartBody> ("wavelift-test-boundary");
    body->addField ("track[title]", "Caf\xc3\xa9 \"live\"")
        .addFile ("track[asset_data]", audio, "take \"1\".wav", "audio/wav")
        .addField ("track[sharing]", "private");

    const std::string expectedBody = "--wavelift-test-boundary\r\n"
                                     "Content-Disposition: form-data; name=\"track[title]\"\r\n\r\n"
                                     "Caf\xc3\xa9 \"live\"\r\n"
                                     "--wavelift-test-boundary\r\n"
                                     "Content-Disposition: form-data; name=\"track[asset_data]\"; "
                                     "filename=\"take %221%22.wav\"\r\n"
                                     "Content-Type: audio/wav\r\n\r\n"
                                     + readFile (audio)
                                     + "\r\n"
                                       "--wavelift-test-boundary\r\n"
                                       "Content-Disposition: form-data; name=\"track[sharing]\"\r\n\r\n"
                                       "private\r\n"
                                       "--wavelift-test-boundary--\r\n";
    CHECK (body->size() == expectedBody.size());

    std::vector<net::Progress> progress;
    auto request = Request::post (juce::URL (server.baseUrl() + "/tracks"), body);
    request.headers.add ("Authorization", "OAuth token-1");
    request.onProgress = [&] (const net::Progress& p) { progress.push_back (p); };
    const auto result = HttpClient().perform (request);
    REQUIRE (result.ok());

    CHECK (received
           == "POST /tracks HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string (server.port())
                  + "\r\nUser-Agent: " + userAgent
                  + "\r\nAccept: */*\r\nAuthorization: OAuth token-1\r\n"
                    "Content-Type: multipart/form-data; boundary=wavelift-test-boundary\r\n"
                    "Content-Length: "
                  + std::to_string (expectedBody.size()) + "\r\n\r\n" + expectedBody);
    REQUIRE (!progress.empty());
    CHECK (progress.back() == net::Progress{ expectedBody.size(), expectedBody.size(), 2, 2 });
}

TEST_CASE ("every response header arrives, the first one included, looked up without regard to case", "[net]")
{
    RawTcpServer server (
        [&] (int socket)
        {
            RawTcpServer::readRequest (socket);
            RawTcpServer::sendAll (socket, "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
                                           "HTTP/1.1 201 Created\r\n"
                                           "X-First: one\r\n"
                                           "Set-Cookie: a=1\r\n"
                                           "set-cookie: b=2\r\n"
                                           "X-Folded: start\r\n  continued\r\n"
                                           "Content-Length: 4\r\n"
                                           "Connection: close\r\n\r\nbody");
        });

    const auto result = HttpClient().perform (Request::get (juce::URL (server.baseUrl() + "/x")));
    REQUIRE (result.ok());
    const auto& response = result.response();
    CHECK (response.status == 201);
    CHECK (response.reason == "Created");
    CHECK (response.headers.size() == 6);
    CHECK (response.headers.begin()->name == "X-First");
    CHECK (response.headers.get ("x-first") == "one");
    CHECK (response.headers.getAll ("SET-COOKIE") == std::vector<std::string>{ "a=1", "b=2" });
    CHECK (response.headers.get ("X-Folded") == "start continued");
    CHECK_FALSE (response.headers.contains ("X-Interim"));
    CHECK (response.body == "body");
}

TEST_CASE ("redirects are the caller's to follow", "[net][redirect]")
{
    test::LocalHttpServer other;
    std::vector<std::string> otherAuthorization;
    other.server().Get ("/elsewhere",
                        [&] (const httplib::Request& req, httplib::Response& res)
                        {
                            otherAuthorization.push_back (req.get_header_value ("Authorization"));
                            res.set_content ("{\"landed\":true}", "application/json");
                        });
    other.start();

    test::LocalHttpServer origin;
    std::vector<std::string> originLog;
    origin.server().Get ("/start",
                         [&] (const httplib::Request& req, httplib::Response& res)
                         {
                             originLog.push_back ("GET /start " + req.get_header_value ("Authorization"));
                             res.status = 302;
                             res.set_header ("Location", "/same-host");
                             res.set_content ("moved", "text/plain");
                         });
    origin.server().Get ("/same-host",
                         [&] (const httplib::Request& req, httplib::Response& res)
                         {
                             originLog.push_back ("GET /same-host " + req.get_header_value ("Authorization"));
                             res.status = 307;
                             res.set_header ("Location", other.baseUrl() + "/elsewhere");
                         });
    origin.server().Post ("/form",
                          [&] (const httplib::Request& req, httplib::Response& res)
                          {
                              originLog.push_back ("POST /form " + req.body);
                              res.status = 302;
                              res.set_header ("Location", "/same-host-get");
                          });
    origin.server().Get ("/same-host-get",
                         [&] (const httplib::Request& req, httplib::Response& res)
                         {
                             originLog.push_back ("GET /same-host-get body=" + req.body);
                             res.set_content ("got", "text/plain");
                         });
    origin.server().Post ("/keep",
                          [&] (const httplib::Request& req, httplib::Response& res)
                          {
                              originLog.push_back ("POST /keep " + req.body);
                              res.status = 308;
                              res.set_header ("Location", "/kept");
                          });
    origin.server().Post ("/kept",
                          [&] (const httplib::Request& req, httplib::Response& res)
                          {
                              originLog.push_back ("POST /kept " + req.body);
                              res.set_content ("kept", "text/plain");
                          });
    origin.server().Get ("/loop",
                         [&] (const httplib::Request&, httplib::Response& res)
                         {
                             res.status = 302;
                             res.set_header ("Location", "/loop");
                         });
    origin.start();

    SECTION ("not followed by default: the 3xx and its Location come back")
    {
        auto request = Request::get (juce::URL (origin.baseUrl() + "/start"));
        request.headers.add ("Authorization", "OAuth secret-token");
        const auto result = HttpClient().perform (request);
        REQUIRE (result.ok());
        CHECK (result.response().status == 302);
        CHECK (result.response().headers.get ("location") == "/same-host");
        CHECK (result.response().body == "moved");
        CHECK (originLog == std::vector<std::string>{ "GET /start OAuth secret-token" });
        CHECK (otherAuthorization.empty());
    }

    SECTION ("followed: Authorization stays on the same host and never goes to another")
    {
        auto request = Request::get (juce::URL (origin.baseUrl() + "/start"));
        request.headers.add ("Authorization", "OAuth secret-token");
        request.redirects.follow = true;
        const auto result = HttpClient().perform (request);
        REQUIRE (result.ok());
        CHECK (result.response().status == 200);
        CHECK (result.response().body == "{\"landed\":true}");
        CHECK (result.response().url.toString (true) == juce::String (other.baseUrl() + "/elsewhere"));
        CHECK (result.response().redirectsFollowed.size() == 2);
        CHECK (originLog
               == std::vector<std::string>{ "GET /start OAuth secret-token", "GET /same-host OAuth secret-token" });
        CHECK (otherAuthorization == std::vector<std::string>{ "" });
    }

    SECTION ("a 302 turns a POST into a bodiless GET; a 308 resends the POST and its body")
    {
        auto form =
            Request::post (juce::URL (origin.baseUrl() + "/form"), net::RequestBody::fromForm ({ { "a", "1" } }));
        form.redirects.follow = true;
        REQUIRE (HttpClient().perform (form).ok());
        auto keep =
            Request::post (juce::URL (origin.baseUrl() + "/keep"), net::RequestBody::fromForm ({ { "b", "2" } }));
        keep.redirects.follow = true;
        const auto kept = HttpClient().perform (keep);
        REQUIRE (kept.ok());
        CHECK (kept.response().body == "kept");
        CHECK (originLog
               == std::vector<std::string>{ "POST /form a=1", "GET /same-host-get body=", "POST /keep b=2",
                                            "POST /kept b=2" });
    }

    SECTION ("a redirect loop ends with tooManyRedirects")
    {
        auto request = Request::get (juce::URL (origin.baseUrl() + "/loop"));
        request.redirects = { true, 3 };
        const auto result = HttpClient().perform (request);
        REQUIRE_FALSE (result.ok());
        CHECK (result.failure().error == NetError::tooManyRedirects);
    }
}

TEST_CASE ("a request is cancelled from another thread at any moment", "[net][cancel]")
{
    test::TemporaryFolder folder;
    test::LocalHttpServer server;
    test::Signal serverHasData, releaseServer;
    std::atomic<std::uint64_t> serverReceived{ 0 };

    server.server().Post (
        "/upload",
        [&] (const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader)
        {
            reader (
                [&] (const char*, size_t length)
                {
                    serverReceived += length;
                    if (serverReceived >= 1024 * 1024 && !serverHasData.isSet())
                    {
                        serverHasData.notify();
                        releaseServer.wait(); // stop reading: the client's upload cannot finish before it is cancelled
                        return false;
                    }
                    return true;
                });
            res.set_content ("done", "text/plain");
        });
    server.server().Get ("/download",
                         [&] (const httplib::Request&, httplib::Response& res)
                         {
                             res.set_content_provider (
                                 std::uint64_t (1) << 30, "application/octet-stream",
                                 [&] (size_t offset, size_t, httplib::DataSink& sink)
                                 {
                                     if (offset >= 1024 * 1024)
                                     {
                                         releaseServer.wait(); // hold the rest back until the test is over
                                         return false;
                                     }
                                     const std::string block (64 * 1024, 'x');
                                     return sink.write (block.data(), block.size());
                                 });
                         });
    server.server().Get ("/slow",
                         [&] (const httplib::Request&, httplib::Response& res)
                         {
                             serverHasData.notify();
                             releaseServer.wait();
                             res.set_content ("late", "text/plain");
                         });
    server.start();

    std::stop_source stop;
    std::optional<net::HttpResult> result;

    SECTION ("mid-upload")
    {
        const auto file = folder / "big.bin";
        test::writePatternFile (file, 64 * 1024 * 1024, 1);
        std::atomic<std::uint64_t> uploaded{ 0 };
        auto request = Request::post (juce::URL (server.baseUrl() + "/upload"),
                                      net::RequestBody::fromFile (file, "application/octet-stream"));
        request.onProgress = [&] (const net::Progress& p) { uploaded = p.uploaded; };
        std::thread worker ([&] { result = HttpClient().perform (request, stop.get_token()); });
        serverHasData.wait();
        stop.request_stop();
        worker.join();
        releaseServer.notify();

        REQUIRE (result.has_value());
        REQUIRE_FALSE (result->ok());
        CHECK (result->failure().error == NetError::cancelled);
        CHECK (uploaded < 64u * 1024 * 1024);
    }

    SECTION ("mid-download, and the partial file is removed")
    {
        const auto target = folder / "download.bin";
        test::Signal clientHasData;
        auto request = Request::get (juce::URL (server.baseUrl() + "/download"));
        request.sink = net::ResponseSink::toFile (target);
        request.onProgress = [&] (const net::Progress& p)
        {
            if (p.downloaded >= 512 * 1024 && !clientHasData.isSet())
                clientHasData.notify();
        };
        std::thread worker ([&] { result = HttpClient().perform (request, stop.get_token()); });
        clientHasData.wait();
        stop.request_stop();
        worker.join();
        releaseServer.notify();

        REQUIRE_FALSE (result->ok());
        CHECK (result->failure().error == NetError::cancelled);
        CHECK_FALSE (std::filesystem::exists (target));
    }

    SECTION ("while waiting for the response")
    {
        std::thread worker (
            [&] {
                result = HttpClient().perform (Request::get (juce::URL (server.baseUrl() + "/slow")), stop.get_token());
            });
        serverHasData.wait();
        stop.request_stop();
        worker.join();
        releaseServer.notify();

        REQUIRE_FALSE (result->ok());
        CHECK (result->failure().error == NetError::cancelled);
    }

    SECTION ("before it starts: nothing is sent")
    {
        RawTcpServer raw ([] (int) {});
        stop.request_stop();
        result = HttpClient().perform (Request::get (juce::URL (raw.baseUrl() + "/")), stop.get_token());
        releaseServer.notify();
        REQUIRE_FALSE (result->ok());
        CHECK (result->failure().error == NetError::cancelled);
        CHECK (raw.connectionsAccepted() == 0);
    }
}

TEST_CASE ("a transfer that stops moving fails as stalled", "[net][stall]")
{
    test::Signal release;
    RawTcpServer server (
        [&] (int socket)
        {
            RawTcpServer::readRequest (socket);
            RawTcpServer::sendAll (socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
            release.wait();
        });

    auto request = Request::get (juce::URL (server.baseUrl() + "/stream"));
    request.timeouts.stall = std::chrono::milliseconds (300);
    const auto result = HttpClient().perform (request);
    release.notify();

    REQUIRE_FALSE (result.ok());
    CHECK (result.failure().error == NetError::stalled);
}

TEST_CASE ("connection failures are typed", "[net][errors]")
{
    SECTION ("nothing listening")
    {
        int port = 0;
        {
            RawTcpServer closed ([] (int) {});
            port = closed.port();
        }
        const auto result =
            HttpClient().perform (Request::get (juce::URL ("http://127.0.0.1:" + std::to_string (port))));
        REQUIRE_FALSE (result.ok());
        CHECK (result.failure().error == NetError::couldNotConnect);
    }

    SECTION ("reset before the body was sent: safe to retry")
    {
        RawTcpServer server (
            [] (int socket)
            {
                RawTcpServer::readRequest (socket, 10);
                RawTcpServer::resetConnection (socket);
            });
        const auto result = HttpClient().perform (Request::post (
            juce::URL (server.baseUrl() + "/tracks"), net::RequestBody::fromBytes (std::string (8 << 20, 'a'), "x/y")));
        REQUIRE_FALSE (result.ok());
        CHECK (result.failure().error == NetError::connectionResetBeforeBodySent);
    }

    SECTION ("reset after the whole body was sent: ambiguous")
    {
        RawTcpServer server (
            [] (int socket)
            {
                RawTcpServer::readRequest (socket);
                RawTcpServer::resetConnection (socket);
            });
        const auto result = HttpClient().perform (
            Request::post (juce::URL (server.baseUrl() + "/tracks"), net::RequestBody::fromBytes ("small", "x/y")));
        REQUIRE_FALSE (result.ok());
        CHECK (result.failure().error == NetError::connectionResetAfterBodySent);
    }

    SECTION ("a body file that does not exist, a response file that cannot be written")
    {
        RawTcpServer server (
            [] (int socket)
            {
                RawTcpServer::readRequest (socket);
                RawTcpServer::sendAll (socket, okResponse());
            });
        const auto missing = HttpClient().perform (Request::post (
            juce::URL (server.baseUrl()), net::RequestBody::fromFile ("/nonexistent/take.wav", "audio/wav")));
        REQUIRE_FALSE (missing.ok());
        CHECK (missing.failure().error == NetError::localFile);
        CHECK (missing.failure().message.find ("/nonexistent/take.wav") != std::string::npos);

        auto download = Request::get (juce::URL (server.baseUrl()));
        download.sink = net::ResponseSink::toFile ("/nonexistent/folder/out.bin");
        const auto unwritable = HttpClient().perform (download);
        REQUIRE_FALSE (unwritable.ok());
        CHECK (unwritable.failure().error == NetError::localFile);
    }
}

TEST_CASE ("error bodies stay in memory when a file sink was asked for", "[net]")
{
    test::TemporaryFolder folder;
    RawTcpServer server (
        [] (int socket)
        {
            RawTcpServer::readRequest (socket);
            RawTcpServer::sendAll (socket,
                                   "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                                   "15\r\nConnection: close\r\n\r\n{\"code\":404}   ");
        });
    auto request = Request::get (juce::URL (server.baseUrl() + "/tracks/1"));
    request.sink = net::ResponseSink::toFile (folder / "out.bin");
    const auto result = HttpClient().perform (request);
    REQUIRE (result.ok());
    CHECK (result.response().status == 404);
    CHECK (result.response().body == "{\"code\":404}   ");
    CHECK_FALSE (result.response().bodyStreamed);
    CHECK_FALSE (std::filesystem::exists (folder / "out.bin"));
}

TEST_CASE ("200 MB stream from and to files with flat memory and exact progress", "[net][large]")
{
    constexpr std::uint64_t size = 200ull * 1024 * 1024;
    test::TemporaryFolder folder;
    const auto source = folder / "source.bin";
    test::writePatternFile (source, size, 7);
    const auto sourceHash = test::RunningHash::ofFile (source);

    test::LocalHttpServer server;
    std::uint64_t receivedBytes = 0;
    test::RunningHash receivedHash;
    server.server().Post ("/upload",
                          [&] (const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader)
                          {
                              receivedBytes = 0;
                              receivedHash = {};
                              reader (
                                  [&] (const char* data, size_t length)
                                  {
                                      receivedBytes += length;
                                      receivedHash.add (data, length);
                                      return true;
                                  });
                              res.set_content ("stored", "text/plain");
                          });
    std::vector<std::string> partHeaders;
    std::string titleValue;
    server.server().Post ("/multipart",
                          [&] (const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader)
                          {
                              receivedBytes = 0;
                              receivedHash = {};
                              std::string currentPart;
                              reader (
                                  [&] (const httplib::MultipartFormData& part)
                                  {
                                      currentPart = part.name;
                                      partHeaders.push_back (part.name + "|" + part.filename + "|" + part.content_type);
                                      return true;
                                  },
                                  [&] (const char* data, size_t length)
                                  {
                                      if (currentPart == "track[asset_data]")
                                      {
                                          receivedBytes += length;
                                          receivedHash.add (data, length);
                                      }
                                      else
                                          titleValue.append (data, length);
                                      return true;
                                  });
                              res.set_content ("stored", "text/plain");
                          });
    server.server().Get ("/download",
                         [&] (const httplib::Request&, httplib::Response& res)
                         {
                             auto in = std::make_shared<std::ifstream> (source, std::ios::binary);
                             res.set_content_provider (
                                 size, "application/octet-stream",
                                 [in] (size_t offset, size_t length, httplib::DataSink& sink)
                                 {
                                     std::vector<char> block (std::min<size_t> (length, 256 * 1024));
                                     in->seekg (static_cast<std::streamoff> (offset));
                                     in->read (block.data(), static_cast<std::streamsize> (block.size()));
                                     return sink.write (block.data(), static_cast<size_t> (in->gcount()));
                                 });
                         });
    server.start();

    std::optional<net::Progress> last;
    const auto track = [&] (const net::Progress& p) { last = p; };
    const auto baseline = test::currentResidentMemoryBytes();
    test::resetPeakResidentMemory();

    SECTION ("upload from a file")
    {
        auto request = Request::post (juce::URL (server.baseUrl() + "/upload"),
                                      net::RequestBody::fromFile (source, "application/octet-stream"));
        request.onProgress = track;
        const auto result = HttpClient().perform (request);
        const auto peak = test::peakResidentMemoryBytes();
        REQUIRE (result.ok());
        CHECK (result.response().body == "stored");
        CHECK (receivedBytes == size);
        CHECK (receivedHash.value() == sourceHash);
        CHECK (last == net::Progress{ size, size, 6, 6 });
        INFO ("peak RSS growth " << (peak - baseline) / 1024 << " KiB");
        WARN ("upload 200 MB from file: baseline RSS " << baseline / 1024 << " KiB, peak " << peak / 1024 << " KiB");
        CHECK (peak < baseline + 48ull * 1024 * 1024);
    }

    SECTION ("multipart upload with the file streamed from disk")
    {
        auto body = std::make_shared<net::MultipartBody> ("large-test-boundary");
        body->addField ("track[title]", "Large").addFile ("track[asset_data]", source, "large.bin", "audio/flac");
        auto request = Request::post (juce::URL (server.baseUrl() + "/multipart"), body);
        request.onProgress = track;
        const auto result = HttpClient().perform (request);
        const auto peak = test::peakResidentMemoryBytes();
        REQUIRE (result.ok());
        CHECK (result.response().body == "stored");
        CHECK (partHeaders == std::vector<std::string>{ "track[title]||", "track[asset_data]|large.bin|audio/flac" });
        CHECK (titleValue == "Large");
        CHECK (receivedBytes == size);
        CHECK (receivedHash.value() == sourceHash);
        CHECK (body->size() == size + 243);
        CHECK (last == net::Progress{ body->size(), body->size(), 6, 6 });
        WARN ("multipart 200 MB: baseline RSS " << baseline / 1024 << " KiB, peak " << peak / 1024 << " KiB");
        CHECK (peak < baseline + 48ull * 1024 * 1024);
    }

    SECTION ("download to a file")
    {
        const auto target = folder / "downloaded.bin";
        auto request = Request::get (juce::URL (server.baseUrl() + "/download"));
        request.sink = net::ResponseSink::toFile (target);
        request.onProgress = track;
        const auto result = HttpClient().perform (request);
        const auto peak = test::peakResidentMemoryBytes();
        REQUIRE (result.ok());
        CHECK (result.response().bodyStreamed);
        CHECK (result.response().body.empty());
        CHECK (std::filesystem::file_size (target) == size);
        CHECK (test::RunningHash::ofFile (target) == sourceHash);
        CHECK (last == net::Progress{ 0, 0, size, size });
        WARN ("download 200 MB to file: baseline RSS " << baseline / 1024 << " KiB, peak " << peak / 1024 << " KiB");
        CHECK (peak < baseline + 48ull * 1024 * 1024);
    }
}
