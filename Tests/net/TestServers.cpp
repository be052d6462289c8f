#include "TestServers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace wavelift::test
{
LocalHttpServer::LocalHttpServer()
{
    port_ = server_.bind_to_any_port ("127.0.0.1");
    if (port_ <= 0)
        throw std::runtime_error ("cannot bind a test server");
}

void LocalHttpServer::start()
{
    // The socket already listens (bind_to_any_port), so requests queue until the thread accepts them.
    thread_ = std::thread ([this] { server_.listen_after_bind(); });
}

LocalHttpServer::~LocalHttpServer()
{
    // httplib 0.11 ignores stop() until its loop runs: wait for that state, not for any amount of time.
    while (thread_.joinable() && !server_.is_running())
        std::this_thread::yield();
    server_.stop();
    if (thread_.joinable())
        thread_.join();
}

RawTcpServer::RawTcpServer (Handler handler)
    : handler_ (std::move (handler))
{
    listener_ = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (listener_ < 0 || ::bind (listener_, reinterpret_cast<sockaddr*> (&address), sizeof address) != 0
        || ::listen (listener_, 16) != 0 || ::pipe2 (wakePipe_, O_CLOEXEC) != 0)
        throw std::runtime_error ("cannot start a raw test server");
    socklen_t length = sizeof address;
    ::getsockname (listener_, reinterpret_cast<sockaddr*> (&address), &length);
    port_ = ntohs (address.sin_port);
    thread_ = std::thread ([this] { serve(); });
}

RawTcpServer::~RawTcpServer()
{
    const char wake = 1;
    [[maybe_unused]] auto ignored = ::write (wakePipe_[1], &wake, 1);
    thread_.join();
    ::close (listener_);
    ::close (wakePipe_[0]);
    ::close (wakePipe_[1]);
}

int RawTcpServer::connectionsAccepted() const
{
    const std::lock_guard lock (mutex_);
    return accepted_;
}

void RawTcpServer::serve()
{
    for (;;)
    {
        pollfd fds[2] = { { listener_, POLLIN, 0 }, { wakePipe_[0], POLLIN, 0 } };
        if (::poll (fds, 2, -1) < 0)
            continue;
        if (fds[1].revents != 0)
            return;
        const int connection = ::accept4 (listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0)
            continue;
        {
            const std::lock_guard lock (mutex_);
            ++accepted_;
        }
        handler_ (connection);
        ::close (connection);
    }
}

std::string RawTcpServer::readRequest (int socket, std::size_t maxBodyBytes)
{
    std::string bytes;
    char buffer[4096];
    std::size_t headEnd = std::string::npos;
    while (headEnd == std::string::npos)
    {
        const auto got = ::recv (socket, buffer, sizeof buffer, 0);
        if (got <= 0)
            return bytes;
        bytes.append (buffer, static_cast<std::size_t> (got));
        headEnd = bytes.find ("\r\n\r\n");
    }
    headEnd += 4;

    std::size_t contentLength = 0;
    for (auto at = bytes.find ("\r\n"); at < headEnd; at = bytes.find ("\r\n", at + 2))
        if (strncasecmp (bytes.c_str() + at + 2, "Content-Length:", 15) == 0)
            contentLength = std::stoull (bytes.substr (at + 17));

    const auto wanted = headEnd + std::min (contentLength, maxBodyBytes);
    while (bytes.size() < wanted)
    {
        const auto got = ::recv (socket, buffer, std::min (sizeof buffer, wanted - bytes.size()), 0);
        if (got <= 0)
            break;
        bytes.append (buffer, static_cast<std::size_t> (got));
    }
    return bytes;
}

void RawTcpServer::sendAll (int socket, const std::string& bytes)
{
    std::size_t sent = 0;
    while (sent < bytes.size())
    {
        const auto n = ::send (socket, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += static_cast<std::size_t> (n);
    }
}

void RawTcpServer::resetConnection (int socket)
{
    const linger abortive{ 1, 0 };
    ::setsockopt (socket, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
}

void Signal::notify()
{
    {
        const std::lock_guard lock (mutex_);
        set_ = true;
    }
    condition_.notify_all();
}

void Signal::wait()
{
    std::unique_lock lock (mutex_);
    condition_.wait (lock, [this] { return set_; });
}

bool Signal::isSet() const
{
    const std::lock_guard lock (mutex_);
    return set_;
}

namespace
{
    std::uint64_t statusField (const char* name)
    {
        std::ifstream status ("/proc/self/status");
        std::string line;
        const std::string prefix = std::string (name) + ":";
        while (std::getline (status, line))
            if (line.rfind (prefix, 0) == 0)
                return std::stoull (line.substr (prefix.size())) * 1024;
        return 0;
    }
} // namespace

void resetPeakResidentMemory() { std::ofstream ("/proc/self/clear_refs") << "5"; }

std::uint64_t peakResidentMemoryBytes() { return statusField ("VmHWM"); }

std::uint64_t currentResidentMemoryBytes() { return statusField ("VmRSS"); }

void writePatternFile (const std::filesystem::path& file, std::uint64_t size, std::uint32_t seed)
{
    std::ofstream out (file, std::ios::binary);
    std::mt19937_64 random (seed);
    std::vector<std::uint64_t> block (128 * 1024);
    while (size > 0)
    {
        for (auto& word : block)
            word = random();
        const auto bytes = std::min<std::uint64_t> (size, block.size() * sizeof (std::uint64_t));
        out.write (reinterpret_cast<const char*> (block.data()), static_cast<std::streamsize> (bytes));
        size -= bytes;
    }
}

void RunningHash::add (const char* data, std::size_t size)
{
    for (std::size_t i = 0; i < size; ++i)
    {
        hash_ ^= static_cast<unsigned char> (data[i]);
        hash_ *= 1099511628211ull;
    }
}

std::uint64_t RunningHash::ofFile (const std::filesystem::path& file)
{
    RunningHash hash;
    std::ifstream in (file, std::ios::binary);
    std::vector<char> buffer (1 << 20);
    while (in)
    {
        in.read (buffer.data(), static_cast<std::streamsize> (buffer.size()));
        hash.add (buffer.data(), static_cast<std::size_t> (in.gcount()));
    }
    return hash.value();
}

TemporaryFolder::TemporaryFolder()
{
    auto pattern = (std::filesystem::temp_directory_path() / "wavelift-test-XXXXXX").string();
    if (::mkdtemp (pattern.data()) == nullptr)
        throw std::runtime_error ("cannot create a temporary folder");
    path_ = pattern;
}

TemporaryFolder::~TemporaryFolder()
{
    std::error_code ignored;
    std::filesystem::remove_all (path_, ignored);
}
} // namespace wavelift::test
