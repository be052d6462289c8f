#pragma once

#include "net/RequestBody.h"

#include <filesystem>
#include <string>
#include <vector>

namespace wavelift::net
{
/** A multipart/form-data body (RFC 7578) streamed from memory and disk: text fields are held in memory, file parts
    are read in small blocks while the transfer runs, so memory use does not depend on the files' sizes. The whole
    size is known before the first byte is sent (Content-Length, no chunking).

    Layout, byte for byte (CRLF line ends):
        --B\r\nContent-Disposition: form-data; name="N"\r\n\r\nVALUE\r\n
        --B\r\nContent-Disposition: form-data; name="N"; filename="F"\r\nContent-Type: T\r\n\r\nFILE BYTES\r\n
        --B--\r\n
    Names and file names escape '"' as %22 and CR/LF as %0D/%0A (the WHATWG form-data rule). */
class MultipartBody final : public RequestBody
{
public:
    /** A boundary from the secure random source: "wavelift-" and 32 hex digits. */
    MultipartBody();
    /** A fixed boundary (1-70 characters of RFC 2046's bchars, not ending in a space); throws std::invalid_argument
        otherwise. Tests use this to assert exact bytes. */
    explicit MultipartBody (std::string boundary);

    MultipartBody& addField (std::string name, std::string value);
    /** A file part; the file's size is taken now. Throws std::runtime_error naming the file when it cannot be
        read. */
    MultipartBody& addFile (std::string name, const std::filesystem::path& file, std::string fileName,
                            std::string contentType);

    const std::string& boundary() const noexcept { return boundary_; }

    std::uint64_t size() const override;
    std::string contentType() const override; // multipart/form-data; boundary=B
    std::unique_ptr<BodyReader> open (std::string& error) const override;

    /** One piece of the body: bytes held here, or a whole file. */
    struct Segment
    {
        std::string bytes;
        std::filesystem::path file;
        std::uint64_t fileSize = 0;
        bool isFile() const { return !file.empty(); }
        std::uint64_t size() const { return isFile() ? fileSize : bytes.size(); }
    };

private:
    std::vector<Segment> segmentsWithClosing() const;

    std::string boundary_;
    std::vector<Segment> segments_;
};
} // namespace wavelift::net
