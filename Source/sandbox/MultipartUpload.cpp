#include "sandbox/MultipartUpload.h"

#include "sandbox/Crypto.h"
#include "sandbox/FileUtil.h"
#include "sandbox/HttpListener.h"

#include <httplib.h>

namespace wavelift::sandbox
{
namespace
{
    constexpr std::size_t maxFieldBytes = 64 * 1024;
    constexpr std::size_t writeBufferBytes = 1024 * 1024;

    bool isFilePart (const std::string& name) { return name == "track[asset_data]" || name == "track[artwork_data]"; }
} // namespace

TemporaryFile::~TemporaryFile()
{
    if (owned_)
        removeQuietly (path_);
}

void TemporaryFile::moveTo (const std::filesystem::path& target)
{
    std::filesystem::create_directories (target.parent_path());
    std::filesystem::rename (path_, target);
    path_ = target;
    owned_ = false;
}

MultipartUploadReceiver::MultipartUploadReceiver (std::filesystem::path uploadFolder, std::uint64_t maxFileBytes)
    : uploadFolder_ (std::move (uploadFolder))
    , maxFileBytes_ (maxFileBytes)
{
}

std::optional<ReceivedFile>& MultipartUploadReceiver::file (const std::string& name) { return files_[name]; }

bool MultipartUploadReceiver::beginPart (const std::string& name, const std::string& filename,
                                         const std::string& contentType)
{
    if (failure_ != Failure::none)
        return true;
    closeCurrentFile();
    currentName_ = name;
    currentFile_ = nullptr;
    if (!isFilePart (name))
    {
        fields_[name].clear();
        return true;
    }
    auto& slot = files_[name];
    if (slot)
        return true; // a repeated file part is read and ignored, as the first one counts
    std::filesystem::create_directories (uploadFolder_);
    slot = ReceivedFile{ std::make_unique<TemporaryFile> (uploadFolder_
                                                          / ("upload-" + crypto::randomToken (12) + ".part")),
                         0, filename, contentType };
    currentStream_ = std::fopen (slot->file->path().c_str(), "wbe");
    if (currentStream_ == nullptr)
    {
        failure_ = Failure::diskFailed;
        return false;
    }
    if (!writeBuffer_)
        writeBuffer_ = std::make_unique<char[]> (writeBufferBytes);
    std::setvbuf (currentStream_, writeBuffer_.get(), _IOFBF, writeBufferBytes);
    currentFile_ = &*slot;
    return true;
}

bool MultipartUploadReceiver::discard (std::size_t size)
{
    // Reading the rest lets the client finish sending and see the error response; a close with unread data
    // would reset the connection and lose it. Past the allowance, give up on that.
    discardedBytes_ += size;
    return discardedBytes_ <= discardAllowance;
}

void MultipartUploadReceiver::failTooLarge (Failure failure)
{
    failure_ = failure;
    closeCurrentFile();
    for (auto& [name, file] : files_)
        file.reset();
}

bool MultipartUploadReceiver::appendToPart (const char* data, std::size_t size)
{
    if (failure_ != Failure::none)
        return discard (size);
    if (!isFilePart (currentName_))
    {
        auto& field = fields_[currentName_];
        if (field.size() + size > maxFieldBytes)
        {
            failTooLarge (Failure::fieldTooLarge);
            return discard (size);
        }
        field.append (data, size);
        return true;
    }
    if (currentFile_ == nullptr)
        return true;
    if (currentFile_->size + size > maxFileBytes_)
    {
        failTooLarge (Failure::assetTooLarge);
        return discard (size);
    }
    if (std::fwrite (data, 1, size, currentStream_) != size)
    {
        failure_ = Failure::diskFailed;
        return false;
    }
    currentFile_->size += size;
    return true;
}

void MultipartUploadReceiver::closeCurrentFile()
{
    if (currentStream_ != nullptr)
    {
        if (std::fclose (currentStream_) != 0 && failure_ == Failure::none)
            failure_ = Failure::diskFailed;
        currentStream_ = nullptr;
    }
    currentFile_ = nullptr;
}

MultipartUploadReceiver::Failure MultipartUploadReceiver::receive (RequestBody& body)
{
    if (!body.isMultipart())
        return Failure::notMultipart;
    const auto ok =
        body.readMultipart ([this] (const httplib::MultipartFormData& part)
                            { return beginPart (part.name, part.filename, part.content_type); },
                            [this] (const char* data, std::size_t size) { return appendToPart (data, size); });
    closeCurrentFile();
    bodyFullyRead_ = ok;
    if (failure_ != Failure::none)
        return failure_;
    return ok ? Failure::none : Failure::readFailed;
}
} // namespace wavelift::sandbox
