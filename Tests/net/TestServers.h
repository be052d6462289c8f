#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace wavelift::test
{
/** A cpp-httplib server on 127.0.0.1 and a free port, serving on its own thread until destroyed. */
class LocalHttpServer
{
public:
    LocalHttpServer();
    ~LocalHttpServer();

    httplib::Server& server() { return server_; }
    /** Starts serving; call after the routes are set. */
    void start();
    int port() const { return port_; }
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string (port_); }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

/** A plain TCP server for tests that need the exact bytes on the wire or a misbehaving peer. Connections are handled
    one at a time, in order, by `handler` on the server's thread. */
class RawTcpServer
{
public:
    using Handler = std::function<void (int socket)>;

    explicit RawTcpServer (Handler handler);
    ~RawTcpServer();

    int port() const { return port_; }
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string (port_); }
    int connectionsAccepted() const;

    /** Reads a request's head (up to the blank line) and, when it has a Content-Length, up to `maxBodyBytes` of its
        body; returns the raw bytes. */
    static std::string readRequest (int socket, std::size_t maxBodyBytes = SIZE_MAX);
    static void sendAll (int socket, const std::string& bytes);
    /** Closes with SO_LINGER 0, so the peer sees a reset. */
    static void resetConnection (int socket);

private:
    void serve();

    Handler handler_;
    int listener_ = -1;
    int wakePipe_[2] = { -1, -1 };
    int port_ = 0;
    mutable std::mutex mutex_;
    int accepted_ = 0;
    std::thread thread_;
};

/** A one-shot signal between threads (a tiny std::latch with a timeout-free wait). */
class Signal
{
public:
    void notify();
    void wait();
    bool isSet() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable condition_;
    bool set_ = false;
};

/** Peak resident memory of this process: reset, then read (Linux /proc/self/clear_refs and VmHWM). */
void resetPeakResidentMemory();
std::uint64_t peakResidentMemoryBytes();
std::uint64_t currentResidentMemoryBytes();

/** Writes `size` deterministic pseudo-random bytes. */
void writePatternFile (const std::filesystem::path& file, std::uint64_t size, std::uint32_t seed);

/** FNV-1a 64 over a stream of chunks, for comparing large payloads without holding them. */
class RunningHash
{
public:
    void add (const char* data, std::size_t size);
    std::uint64_t value() const { return hash_; }
    static std::uint64_t ofFile (const std::filesystem::path& file);

private:
    std::uint64_t hash_ = 1469598103934665603ull;
};

/** A fresh temporary folder, removed with its contents on destruction. */
class TemporaryFolder
{
public:
    TemporaryFolder();
    ~TemporaryFolder();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/ (const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};
} // namespace wavelift::test
