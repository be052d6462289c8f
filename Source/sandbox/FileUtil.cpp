#include "sandbox/FileUtil.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace wavelift::sandbox
{
namespace
{
    class FileDescriptor
    {
    public:
        explicit FileDescriptor (int fd)
            : fd_ (fd)
        {
        }
        FileDescriptor (const FileDescriptor&) = delete;
        FileDescriptor& operator= (const FileDescriptor&) = delete;
        ~FileDescriptor()
        {
            if (fd_ >= 0)
                ::close (fd_);
        }
        int get() const { return fd_; }
        int release() { return std::exchange (fd_, -1); }

    private:
        int fd_;
    };

    [[noreturn]] void throwErrno (const std::string& what)
    {
        throw std::system_error (errno, std::generic_category(), what);
    }
} // namespace

void writeFileAtomically (const std::filesystem::path& target, std::string_view content)
{
    static std::atomic<unsigned> counter{ 0 };
    const auto temporary =
        target.parent_path()
        / (target.filename().string() + ".tmp-" + std::to_string (::getpid()) + "-" + std::to_string (counter++));
    {
        FileDescriptor file{ ::open (temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) };
        if (file.get() < 0)
            throwErrno ("cannot create " + temporary.string());
        std::size_t written = 0;
        while (written < content.size())
        {
            const auto n = ::write (file.get(), content.data() + written, content.size() - written);
            if (n < 0)
            {
                if (errno == EINTR)
                    continue;
                throwErrno ("cannot write " + temporary.string());
            }
            written += static_cast<std::size_t> (n);
        }
        if (::fsync (file.get()) != 0)
            throwErrno ("cannot fsync " + temporary.string());
    }
    if (::rename (temporary.c_str(), target.c_str()) != 0)
    {
        const auto error = errno;
        ::unlink (temporary.c_str());
        throw std::system_error (error, std::generic_category(), "cannot rename over " + target.string());
    }
    // Persist the rename itself.
    FileDescriptor folder{ ::open (target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) };
    if (folder.get() >= 0)
        ::fsync (folder.get());
}

std::optional<std::string> readWholeFile (const std::filesystem::path& file)
{
    std::ifstream in (file, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void removeQuietly (const std::filesystem::path& path) noexcept
{
    std::error_code ignored;
    std::filesystem::remove_all (path, ignored);
}
} // namespace wavelift::sandbox
