#include "signin/TokenStore.h"

#include "net/SecureRandom.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace wavelift::signin
{
std::string StoreKey::toString() const
{
    return std::string (signin::toString (kind)) + "|" + clientId + "|" + apiHost;
}

namespace
{
    std::runtime_error storeError (const std::string& what, const std::filesystem::path& file)
    {
        return std::runtime_error ("cannot " + what + " the token file " + file.string() + ": "
                                   + std::strerror (errno));
    }

    nlohmann::json readDocument (const std::filesystem::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        if (!in)
            return nlohmann::json::object();
        std::stringstream text;
        text << in.rdbuf();
        auto document = nlohmann::json::parse (text.str(), nullptr, false);
        // A damaged file holds nothing usable: start over rather than fail every sign-in.
        return document.is_object() && document.contains ("tokens") && document["tokens"].is_object()
                   ? document
                   : nlohmann::json::object();
    }

    void writeAll (int fd, const std::string& bytes, const std::filesystem::path& file)
    {
        std::size_t written = 0;
        while (written < bytes.size())
        {
            const auto n = ::write (fd, bytes.data() + written, bytes.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                throw storeError ("write", file);
            written += static_cast<std::size_t> (n);
        }
    }

    /** Replaces `file` with `bytes` so that a crash leaves either the old or the new file, never a torn one. */
    void writeAtomically (const std::filesystem::path& file, const std::string& bytes)
    {
        const auto folder = file.parent_path();
        std::error_code ignored;
        std::filesystem::create_directories (folder, ignored);
        ::chmod (folder.c_str(), 0700);

        const auto temporary = folder / (file.filename().string() + ".tmp-" + net::randomHex (6));
        const int fd = ::open (temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            throw storeError ("create", temporary);
        try
        {
            writeAll (fd, bytes, temporary);
            if (::fsync (fd) != 0)
                throw storeError ("flush", temporary);
        }
        catch (...)
        {
            ::close (fd);
            ::unlink (temporary.c_str());
            throw;
        }
        ::close (fd);
        if (::rename (temporary.c_str(), file.c_str()) != 0)
        {
            const auto error = storeError ("replace", file);
            ::unlink (temporary.c_str());
            throw error;
        }
        if (const int dir = ::open (folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0)
        {
            ::fsync (dir); // makes the rename itself durable
            ::close (dir);
        }
    }
} // namespace

FileTokenStore::FileTokenStore (std::filesystem::path file)
    : file_ (std::move (file))
{
}

std::optional<TokenSet> FileTokenStore::load (const StoreLock&, const StoreKey& key)
{
    const auto document = readDocument (file_);
    const auto id = key.toString();
    if (!document.contains ("tokens") || !document["tokens"].contains (id))
        return std::nullopt;
    return TokenSet::fromJson (document["tokens"][id]);
}

void FileTokenStore::save (const StoreLock&, const StoreKey& key, const TokenSet& tokens)
{
    auto document = readDocument (file_);
    document["version"] = 1;
    document["tokens"][key.toString()] = tokens.toJson();
    writeAtomically (file_, document.dump (2) + "\n");
}

void FileTokenStore::remove (const StoreLock&, const StoreKey& key)
{
    auto document = readDocument (file_);
    if (!document.contains ("tokens") || !document["tokens"].contains (key.toString()))
        return;
    document["tokens"].erase (key.toString());
    writeAtomically (file_, document.dump (2) + "\n");
}

std::string FileTokenStore::describe() const { return "a file readable only by you (" + file_.string() + ")"; }
} // namespace wavelift::signin
