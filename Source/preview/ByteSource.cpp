#include "preview/ByteSource.h"

#include <cstdio>
#include <stdexcept>

namespace wavelift::preview
{
namespace
{
    class FileByteSource final : public ByteSource
    {
    public:
        explicit FileByteSource (const std::string& path)
            : file (std::fopen (path.c_str(), "rb"))
        {
            if (file == nullptr)
                throw std::runtime_error ("cannot open " + path);
            std::fseek (file, 0, SEEK_END);
            totalSize = std::ftell (file);
            std::fseek (file, 0, SEEK_SET);
        }

        ~FileByteSource() override { std::fclose (file); }

        int read (std::uint8_t* destination, int size) override
        {
            const auto got = std::fread (destination, 1, (size_t) size, file);
            return got == 0 && std::ferror (file) != 0 ? -1 : (int) got;
        }

        bool seek (std::int64_t newPosition) override { return std::fseek (file, (long) newPosition, SEEK_SET) == 0; }
        std::int64_t position() const override { return std::ftell (file); }
        std::int64_t size() const override { return totalSize; }

    private:
        std::FILE* file;
        std::int64_t totalSize = -1;
    };
} // namespace

std::unique_ptr<ByteSource> FileByteSourceOpener::open (const std::string& url)
{
    const std::string prefix = "file://";
    return std::make_unique<FileByteSource> (url.rfind (prefix, 0) == 0 ? url.substr (prefix.size()) : url);
}
} // namespace wavelift::preview
