#include "net/MultipartBody.h"

#include "net/SecureRandom.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace wavelift::net
{
namespace
{
    bool isBoundaryChar (char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
               || std::strchr ("'()+_,-./:=? ", c) != nullptr;
    }

    std::string escapeQuoted (const std::string& text)
    {
        std::string out;
        for (const char c : text)
        {
            if (c == '"')
                out += "%22";
            else if (c == '\r')
                out += "%0D";
            else if (c == '\n')
                out += "%0A";
            else
                out += c;
        }
        return out;
    }

    /** Streams the segments in order. */
    class MultipartReader final : public BodyReader
    {
    public:
        explicit MultipartReader (std::vector<MultipartBody::Segment> segments)
            : segments_ (std::move (segments))
        {
        }

        std::size_t read (char* destination, std::size_t capacity) override
        {
            std::size_t written = 0;
            while (written < capacity && index_ < segments_.size())
            {
                const auto& segment = segments_[index_];
                const auto remaining = segment.size() - offset_;
                if (remaining == 0)
                {
                    advance();
                    continue;
                }
                const auto want = static_cast<std::size_t> (std::min<std::uint64_t> (capacity - written, remaining));
                if (segment.isFile())
                {
                    auto& file = fileFor (segment);
                    if (!file.isOpen())
                    {
                        error_ = file.openError();
                        return 0;
                    }
                    const auto got = file.readAt (offset_, destination + written, want, error_);
                    if (got < 0)
                        return 0;
                    written += static_cast<std::size_t> (got);
                    offset_ += static_cast<std::uint64_t> (got);
                }
                else
                {
                    std::memcpy (destination + written, segment.bytes.data() + offset_, want);
                    written += want;
                    offset_ += want;
                }
            }
            return written;
        }

        bool seek (std::uint64_t position) override
        {
            index_ = 0;
            offset_ = 0;
            file_.reset();
            while (index_ < segments_.size() && position >= segments_[index_].size())
            {
                position -= segments_[index_].size();
                ++index_;
            }
            if (index_ == segments_.size())
                return position == 0;
            offset_ = position;
            return true;
        }

    private:
        void advance()
        {
            ++index_;
            offset_ = 0;
            file_.reset();
        }

        FileRangeReader& fileFor (const MultipartBody::Segment& segment)
        {
            if (file_ == nullptr)
                file_ = std::make_unique<FileRangeReader> (segment.file, segment.fileSize);
            return *file_;
        }

        std::vector<MultipartBody::Segment> segments_;
        std::size_t index_ = 0;
        std::uint64_t offset_ = 0;
        std::unique_ptr<FileRangeReader> file_; // only the current file is open
    };
} // namespace

MultipartBody::MultipartBody()
    : MultipartBody ("wavelift-" + randomHex (16))
{
}

MultipartBody::MultipartBody (std::string boundary)
    : boundary_ (std::move (boundary))
{
    if (boundary_.empty() || boundary_.size() > 70 || boundary_.back() == ' '
        || !std::all_of (boundary_.begin(), boundary_.end(), isBoundaryChar))
        throw std::invalid_argument ("not a valid multipart boundary: \"" + boundary_ + "\"");
}

MultipartBody& MultipartBody::addField (std::string name, std::string value)
{
    segments_.push_back ({ "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + escapeQuoted (name)
                               + "\"\r\n\r\n" + value + "\r\n",
                           {},
                           0 });
    return *this;
}

MultipartBody& MultipartBody::addFile (std::string name, const std::filesystem::path& file, std::string fileName,
                                       std::string contentType)
{
    const auto size = fileSize (file);
    if (!size)
        throw std::runtime_error ("cannot read " + file.string() + ": no such regular file");

    segments_.push_back ({ "--" + boundary_ + "\r\nContent-Disposition: form-data; name=\"" + escapeQuoted (name)
                               + "\"; filename=\"" + escapeQuoted (fileName) + "\"\r\nContent-Type: " + contentType
                               + "\r\n\r\n",
                           {},
                           0 });
    segments_.push_back ({ {}, file, *size });
    segments_.push_back ({ "\r\n", {}, 0 });
    return *this;
}

std::vector<MultipartBody::Segment> MultipartBody::segmentsWithClosing() const
{
    auto all = segments_;
    all.push_back ({ "--" + boundary_ + "--\r\n", {}, 0 });
    return all;
}

std::uint64_t MultipartBody::size() const
{
    std::uint64_t total = 0;
    for (const auto& segment : segmentsWithClosing())
        total += segment.size();
    return total;
}

std::string MultipartBody::contentType() const { return "multipart/form-data; boundary=" + boundary_; }

std::unique_ptr<BodyReader> MultipartBody::open (std::string&) const
{
    return std::make_unique<MultipartReader> (segmentsWithClosing());
}
} // namespace wavelift::net
