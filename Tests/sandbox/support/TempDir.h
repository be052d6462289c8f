#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace wavelift::sandbox::test
{
/** A fresh folder under the system temp dir, removed with everything in it at the end of the test. */
class TempDir
{
public:
    explicit TempDir (const std::string& prefix = "wavelift-sandbox-test-")
    {
        auto pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
        if (::mkdtemp (pattern.data()) == nullptr)
            throw std::runtime_error ("mkdtemp failed");
        path_ = pattern;
    }
    TempDir (const TempDir&) = delete;
    TempDir& operator= (const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all (path_, ignored);
    }

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};
} // namespace wavelift::sandbox::test
