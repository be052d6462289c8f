#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wavelift::net
{
/** Reads one body from the start; sequential, with seeking so a transfer can be rewound. */
class BodyReader
{
public:
    virtual ~BodyReader() = default;
    /** Copies up to `capacity` bytes; returns how many (0 at the end). Sets error() and returns 0 on failure. */
    virtual std::size_t read (char* destination, std::size_t capacity) = 0;
    virtual bool seek (std::uint64_t offset) = 0;
    /** Empty while all is well; otherwise what went wrong (e.g. "cannot read /path: ..."). */
    const std::string& error() const noexcept { return error_; }

protected:
    std::string error_;
};

/** A request body with a size known up front (sent with Content-Length, never chunked). Immutable and shareable:
    each transfer opens its own reader, so one body serves redirects and retries. */
class RequestBody
{
public:
    virtual ~RequestBody() = default;
    virtual std::uint64_t size() const = 0;
    /** The Content-Type header value; empty sends none. */
    virtual std::string contentType() const = 0;
    /** A fresh reader at offset 0, or nullptr with `error` set (e.g. the file is gone). */
    virtual std::unique_ptr<BodyReader> open (std::string& error) const = 0;

    /** Bytes held in memory. */
    static std::shared_ptr<const RequestBody> fromBytes (std::string bytes, std::string contentType);
    /** A file streamed from disk in small blocks (memory use independent of its size). Its size is taken now; a file
        that shrinks or grows before the transfer ends fails it with NetError::localFile. */
    static std::shared_ptr<const RequestBody> fromFile (const std::filesystem::path& file, std::string contentType);
    /** application/x-www-form-urlencoded, fields in the given order. */
    static std::shared_ptr<const RequestBody> fromForm (const std::vector<std::pair<std::string, std::string>>& fields);
    /** application/json; charset=utf-8 */
    static std::shared_ptr<const RequestBody> fromJson (std::string json);
};

/** The size of a file, or nullopt when it cannot be read. */
std::optional<std::uint64_t> fileSize (const std::filesystem::path& file);

/** Reads a byte range of a file through a plain descriptor (opened close-on-exec). Shared by file and multipart
    bodies. */
class FileRangeReader
{
public:
    FileRangeReader (const std::filesystem::path& file, std::uint64_t expectedSize);
    ~FileRangeReader();
    FileRangeReader (const FileRangeReader&) = delete;
    FileRangeReader& operator= (const FileRangeReader&) = delete;

    bool isOpen() const noexcept { return fd_ >= 0; }
    /** Reads at `offset` within the file; returns bytes read, or -1 with `error` set. A file shorter than expected
        is an error, not an end. */
    long long readAt (std::uint64_t offset, char* destination, std::size_t capacity, std::string& error);
    const std::string& openError() const noexcept { return openError_; }

private:
    std::filesystem::path file_;
    std::uint64_t expectedSize_;
    int fd_ = -1;
    std::string openError_;
};
} // namespace wavelift::net
