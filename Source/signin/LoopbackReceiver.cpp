#include "signin/LoopbackReceiver.h"

#include <juce_core/juce_core.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wavelift::signin
{
namespace
{
    constexpr std::size_t maxRequestBytes = 16 * 1024;
    constexpr int perConnectionTimeoutMs = 5000;

    struct LoopbackAddress
    {
        int port = 0;
        std::string path;
    };

    std::optional<LoopbackAddress> parseLoopback (const std::string& uri)
    {
        const juce::URL url (uri);
        const auto domain = url.getDomain().toLowerCase();
        if (url.getScheme() != "http" || (domain != "127.0.0.1" && domain != "localhost") || url.getPort() <= 0)
            return std::nullopt;
        auto path = url.getSubPath (false).toStdString();
        if (path.empty() || path[0] != '/')
            path = "/" + path;
        return LoopbackAddress{ url.getPort(), path };
    }

    std::string escapeHtml (const std::string& text)
    {
        std::string out;
        for (const char c : text)
            switch (c)
            {
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '&': out += "&amp;"; break;
                case '"': out += "&quot;"; break;
                default: out += c;
            }
        return out;
    }

    std::string htmlPage (const std::string& title, const std::string& text)
    {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title
               + "</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>" + title + "</h1><p>" + text
               + "</p></body></html>";
    }

    void sendResponse (int connection, int status, const char* reason, const std::string& body)
    {
        const auto bytes = "HTTP/1.1 " + std::to_string (status) + " " + reason
                           + "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                             "Content-Length: "
                           + std::to_string (body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        std::size_t sent = 0;
        while (sent < bytes.size())
        {
            const auto n = ::send (connection, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                return;
            sent += static_cast<std::size_t> (n);
        }
    }

    /** Reads the head and (for a POST) the body; empty on timeout or garbage. */
    std::string readRequest (int connection)
    {
        std::string bytes;
        char buffer[2048];
        std::size_t wanted = std::string::npos;
        while (bytes.size() < maxRequestBytes && (wanted == std::string::npos || bytes.size() < wanted))
        {
            pollfd fd{ connection, POLLIN, 0 };
            if (::poll (&fd, 1, perConnectionTimeoutMs) <= 0)
                break;
            const auto got = ::recv (connection, buffer, sizeof buffer, 0);
            if (got <= 0)
                break;
            bytes.append (buffer, static_cast<std::size_t> (got));
            if (wanted == std::string::npos)
                if (const auto headEnd = bytes.find ("\r\n\r\n"); headEnd != std::string::npos)
                {
                    std::size_t length = 0;
                    const auto head = juce::String (bytes.substr (0, headEnd)).toLowerCase();
                    if (const auto at = head.indexOf ("\r\ncontent-length:"); at >= 0)
                        length = static_cast<std::size_t> (head.substring (at + 17).getLargeIntValue());
                    wanted = headEnd + 4 + std::min (length, maxRequestBytes);
                }
        }
        return bytes;
    }
} // namespace

bool isLoopbackRedirect (const std::string& redirectUri) { return parseLoopback (redirectUri).has_value(); }

std::unique_ptr<LoopbackReceiver> LoopbackReceiver::start (const std::string& redirectUri, std::string expectedState,
                                                           CallbackHandler onCallback, std::string& error)
{
    const auto address = parseLoopback (redirectUri);
    if (!address)
    {
        error = "the redirect URI " + redirectUri + " is not an http://127.0.0.1:PORT/ address";
        return nullptr;
    }

    auto receiver = std::unique_ptr<LoopbackReceiver> (new LoopbackReceiver());
    receiver->path_ = address->path;
    receiver->expectedState_ = std::move (expectedState);
    receiver->onCallback_ = std::move (onCallback);
    receiver->port_ = address->port;

    const int listener = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int reuse = 1;
    ::setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    sockaddr_in socketAddress{};
    socketAddress.sin_family = AF_INET;
    socketAddress.sin_port = htons (static_cast<uint16_t> (address->port));
    socketAddress.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (listener < 0 || ::bind (listener, reinterpret_cast<sockaddr*> (&socketAddress), sizeof socketAddress) != 0
        || ::listen (listener, 8) != 0 || ::pipe2 (receiver->wake_, O_CLOEXEC) != 0)
    {
        error = "cannot listen on 127.0.0.1:" + std::to_string (address->port) + " for the sign-in redirect ("
                + std::strerror (errno) + ")";
        if (listener >= 0)
            ::close (listener);
        return nullptr;
    }
    receiver->listener_ = listener;
    receiver->thread_ = std::thread ([r = receiver.get()] { r->serve(); });
    return receiver;
}

LoopbackReceiver::~LoopbackReceiver()
{
    const char wake = 1;
    [[maybe_unused]] auto ignored = ::write (wake_[1], &wake, 1);
    if (thread_.joinable())
        thread_.join();
    ::close (listener_);
    ::close (wake_[0]);
    ::close (wake_[1]);
}

std::vector<std::string> LoopbackReceiver::refusedHits() const
{
    const std::lock_guard lock (mutex_);
    return refused_;
}

void LoopbackReceiver::serve()
{
    for (;;)
    {
        pollfd fds[2] = { { listener_, POLLIN, 0 }, { wake_[0], POLLIN, 0 } };
        if (::poll (fds, 2, -1) < 0)
        {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[1].revents != 0)
            return;
        const int connection = ::accept4 (listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0)
            continue;
        handle (connection);
        ::close (connection);
    }
}

void LoopbackReceiver::handle (int connection)
{
    const auto request = readRequest (connection);
    const auto lineEnd = request.find ("\r\n");
    const auto firstSpace = request.find (' ');
    const auto secondSpace = request.find (' ', firstSpace + 1);
    if (lineEnd == std::string::npos || firstSpace == std::string::npos || secondSpace == std::string::npos
        || secondSpace > lineEnd)
    {
        sendResponse (connection, 400, "Bad Request", htmlPage ("Bad request", "This is Wavelift's sign-in helper."));
        return;
    }
    const auto method = request.substr (0, firstSpace);
    const auto target = request.substr (firstSpace + 1, secondSpace - firstSpace - 1);
    const auto question = target.find ('?');
    auto path = target.substr (0, question);
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    auto expectedPath = path_;
    while (expectedPath.size() > 1 && expectedPath.back() == '/')
        expectedPath.pop_back();

    if (path != expectedPath || (method != "GET" && method != "POST"))
    {
        sendResponse (connection, 404, "Not Found", htmlPage ("Not found", "This is Wavelift's sign-in helper."));
        return;
    }

    AuthorizationCallback callback;
    if (method == "POST")
    {
        const auto bodyStart = request.find ("\r\n\r\n");
        callback = parseCallbackFields (bodyStart == std::string::npos ? "" : request.substr (bodyStart + 4));
    }
    else
        callback = parseCallbackFields (question == std::string::npos ? "" : target.substr (question + 1));

    {
        const std::lock_guard lock (mutex_);
        if (callbackTaken_)
        {
            refused_.push_back ("already used");
            sendResponse (connection, 400, "Bad Request",
                          htmlPage ("Link already used",
                                    "This sign-in link was already used. Nothing was done; you can close this tab."));
            return;
        }
        callbackTaken_ = true;
    }

    if (!equalSecrets (callback.state, expectedState_))
        sendResponse (connection, 400, "Bad Request",
                      htmlPage ("Sign-in not accepted", "This answer does not belong to the sign-in Wavelift started. "
                                                        "Nothing was done; please start the sign-in again."));
    else if (!callback.error.empty())
        sendResponse (
            connection, 200, "OK",
            htmlPage ("Sign-in did not complete", "SoundCloud answered: " + escapeHtml (callback.error)
                                                      + ". You can close this tab and try again in Wavelift."));
    else
        sendResponse (connection, 200, "OK",
                      htmlPage ("Signed in to Wavelift", "You can close this tab and return to Wavelift."));
    onCallback_ (callback);
}
} // namespace wavelift::signin
