#include "net/RequestBody.h"

#include "net/FormEncoding.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wavelift::net
{
std::optional<std::uint64_t> fileSize (const std::filesystem::path& file)
{
    struct stat info
    {
    };
    if (::stat (file.c_str(), &info) != 0 || !S_ISREG (info.st_mode))
        return std::nullopt;
    return static_cast<std::uint64_t> (info.st_size);
}

FileRangeReader::FileRangeReader (const std::filesystem::path& file, std::uint64_t expectedSize)
    : file_ (file)
    , expectedSize_ (expectedSize)
{
    fd_ = ::open (file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        openError_ = "cannot open " + file.string() + ": " + std::strerror (errno);
    else
        ::posix_fadvise (fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileRangeReader::~FileRangeReader()
{
    if (fd_ >= 0)
        ::close (fd_);
}

long long FileRangeReader::readAt (std::uint64_t offset, char* destination, std::size_t capacity, std::string& error)
{
    if (offset >= expectedSize_)
        return 0;
    capacity = static_cast<std::size_t> (std::min<std::uint64_t> (capacity, expectedSize_ - offset));
    for (;;)
    {
        const auto got = ::pread (fd_, destination, capacity, static_cast<off_t> (offset));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
        {
            error = "cannot read " + file_.string() + ": " + std::strerror (errno);
            return -1;
        }
        if (got == 0)
        {
            error = file_.string() + " became shorter while it was being sent";
            return -1;
        }
        return got;
    }
}

namespace
{
    class MemoryBody final : public RequestBody
    {
    public:
        MemoryBody (std::string bytes, std::string type)
            : bytes_ (std::move (bytes))
            , type_ (std::move (type))
        {
        }

        std::uint64_t size() const override { return bytes_.size(); }
        std::string contentType() const override { return type_; }

        std::unique_ptr<BodyReader> open (std::string&) const override
        {
            class Reader final : public BodyReader
            {
            public:
                explicit Reader (const std::string& bytes)
                    : bytes_ (bytes)
                {
                }

                std::size_t read (char* destination, std::size_t capacity) override
                {
                    const auto n = std::min (capacity, bytes_.size() - position_);
                    std::memcpy (destination, bytes_.data() + position_, n);
                    position_ += n;
                    return n;
                }

                bool seek (std::uint64_t offset) override
                {
                    if (offset > bytes_.size())
                        return false;
                    position_ = static_cast<std::size_t> (offset);
                    return true;
                }

            private:
                const std::string& bytes_;
                std::size_t position_ = 0;
            };
            return std::make_unique<Reader> (bytes_);
        }

    private:
        std::string bytes_, type_;
    };

    class FileBody final : public RequestBody
    {
    public:
        FileBody (std::filesystem::path file, std::uint64_t size, std::string type)
            : file_ (std::move (file))
            , size_ (size)
            , type_ (std::move (type))
        {
        }

        std::uint64_t size() const override { return size_; }
        std::string contentType() const override { return type_; }

        std::unique_ptr<BodyReader> open (std::string& error) const override
        {
            class Reader final : public BodyReader
            {
            public:
                Reader (const std::filesystem::path& file, std::uint64_t size)
                    : file_ (file, size)
                {
                }

                bool isOpen() const { return file_.isOpen(); }
                const std::string& openError() const { return file_.openError(); }

                std::size_t read (char* destination, std::size_t capacity) override
                {
                    const auto got = file_.readAt (position_, destination, capacity, error_);
                    if (got <= 0)
                        return 0;
                    position_ += static_cast<std::uint64_t> (got);
                    return static_cast<std::size_t> (got);
                }

                bool seek (std::uint64_t offset) override
                {
                    position_ = offset;
                    return true;
                }

            private:
                FileRangeReader file_;
                std::uint64_t position_ = 0;
            };

            auto reader = std::make_unique<Reader> (file_, size_);
            if (!reader->isOpen())
            {
                error = reader->openError();
                return nullptr;
            }
            return reader;
        }

    private:
        std::filesystem::path file_;
        std::uint64_t size_;
        std::string type_;
    };

    /** A body whose file could not even be looked at: fails when the transfer opens it, as NetError::localFile. */
    class MissingFileBody final : public RequestBody
    {
    public:
        explicit MissingFileBody (std::filesystem::path file)
            : file_ (std::move (file))
        {
        }
        std::uint64_t size() const override { return 0; }
        std::string contentType() const override { return {}; }
        std::unique_ptr<BodyReader> open (std::string& error) const override
        {
            error = "cannot read " + file_.string() + ": no such regular file";
            return nullptr;
        }

    private:
        std::filesystem::path file_;
    };
} // namespace

std::shared_ptr<const RequestBody> RequestBody::fromBytes (std::string bytes, std::string contentType)
{
    return std::make_shared<MemoryBody> (std::move (bytes), std::move (contentType));
}

std::shared_ptr<const RequestBody> RequestBody::fromFile (const std::filesystem::path& file, std::string contentType)
{
    if (const auto size = fileSize (file))
        return std::make_shared<FileBody> (file, *size, std::move (contentType));
    return std::make_shared<MissingFileBody> (file);
}

std::shared_ptr<const RequestBody>
RequestBody::fromForm (const std::vector<std::pair<std::string, std::string>>& fields)
{
    return fromBytes (formUrlEncode (fields), "application/x-www-form-urlencoded");
}

std::shared_ptr<const RequestBody> RequestBody::fromJson (std::string json)
{
    return fromBytes (std::move (json), "application/json; charset=utf-8");
}
} // namespace wavelift::net
