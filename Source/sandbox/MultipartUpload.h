#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace wavelift::sandbox
{
class RequestBody;

/** A file in the uploads folder that is deleted unless someone takes it over. */
class TemporaryFile
{
public:
    explicit TemporaryFile (std::filesystem::path path)
        : path_ (std::move (path))
    {
    }
    TemporaryFile (const TemporaryFile&) = delete;
    TemporaryFile& operator= (const TemporaryFile&) = delete;
    ~TemporaryFile();

    const std::filesystem::path& path() const { return path_; }
    /** Moves the file to `target` and stops owning it. */
    void moveTo (const std::filesystem::path& target);

private:
    std::filesystem::path path_;
    bool owned_ = true;
};

struct ReceivedFile
{
    std::unique_ptr<TemporaryFile> file;
    std::uint64_t size = 0;
    std::string filename;
    std::string contentType;
};

/** Streams a multipart/form-data upload: track[asset_data] and track[artwork_data] go straight to disk through
    a 1 MiB write buffer (never whole in memory), the other parts become text fields. */
class MultipartUploadReceiver
{
public:
    enum class Failure
    {
        none,
        notMultipart,
        assetTooLarge,
        fieldTooLarge,
        readFailed,
        diskFailed
    };

    MultipartUploadReceiver (std::filesystem::path uploadFolder, std::uint64_t maxFileBytes);

    Failure receive (RequestBody& body);
    /** False when reading stopped early: the connection then has unread bytes and must be closed. */
    bool bodyFullyRead() const { return bodyFullyRead_; }

    const std::map<std::string, std::string>& fields() const { return fields_; }
    std::optional<ReceivedFile>& file (const std::string& name);

private:
    bool beginPart (const std::string& name, const std::string& filename, const std::string& contentType);
    bool appendToPart (const char* data, std::size_t size);
    void closeCurrentFile();
    bool discard (std::size_t size);
    void failTooLarge (Failure failure);

    static constexpr std::uint64_t discardAllowance = 64 * 1024 * 1024;

    const std::filesystem::path uploadFolder_;
    const std::uint64_t maxFileBytes_;
    std::map<std::string, std::string> fields_;
    std::map<std::string, std::optional<ReceivedFile>> files_;
    std::string currentName_;
    ReceivedFile* currentFile_ = nullptr;
    std::FILE* currentStream_ = nullptr;
    std::unique_ptr<char[]> writeBuffer_;
    Failure failure_ = Failure::none;
    std::uint64_t discardedBytes_ = 0;
    bool bodyFullyRead_ = false;
};
} // namespace wavelift::sandbox
