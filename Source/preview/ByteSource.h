#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace wavelift::preview
{
/** A readable resource the decoder pulls bytes from: a local file, a memory block, or an HTTP body fetched through
    the project's HTTP layer. Used on the decoder's thread only. */
class ByteSource
{
public:
    virtual ~ByteSource() = default;

    /** Reads up to `size` bytes; returns how many (0 at the end), or -1 on an error (then error() says what). */
    virtual int read (std::uint8_t* destination, int size) = 0;

    /** Moves to an absolute position; false when the source cannot seek there. */
    virtual bool seek (std::int64_t position) = 0;

    virtual std::int64_t position() const = 0;

    /** Total size in bytes, or -1 when unknown. */
    virtual std::int64_t size() const = 0;

    virtual std::string error() const { return {}; }
};

/** Opens the resource at a URL: the HLS demuxer asks for the playlist, the init section and each segment this way,
    so whatever fetches them (authorisation, CDN rules, retries) stays in one place. */
class ByteSourceOpener
{
public:
    virtual ~ByteSourceOpener() = default;

    /** Throws std::runtime_error with a clear message when the resource cannot be opened. */
    virtual std::unique_ptr<ByteSource> open (const std::string& url) = 0;
};

/** Opens local paths and file:// URLs. */
class FileByteSourceOpener final : public ByteSourceOpener
{
public:
    std::unique_ptr<ByteSource> open (const std::string& url) override;
};
} // namespace wavelift::preview
