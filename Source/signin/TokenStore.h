#pragma once

#include "signin/StoreLock.h"
#include "signin/TokenSet.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wavelift::signin
{
/** Which tokens: one set per kind, client id and API host. */
struct StoreKey
{
    TokenKind kind = TokenKind::user;
    std::string clientId;
    std::string apiHost;

    /** "user|client-id|api.soundcloud.com" */
    std::string toString() const;
};

/** Where tokens live between runs: never in plugin state. Every call takes the StoreLock as proof that the caller
    holds it (reads included, so a reader never sees another process half-way through a refresh). Implementations
    report failures by throwing std::runtime_error with a message that names no secret. */
class TokenStore
{
public:
    virtual ~TokenStore() = default;
    virtual std::optional<TokenSet> load (const StoreLock&, const StoreKey& key) = 0;
    /** Durable when it returns (the file is fsynced and renamed into place; the keyring has acknowledged). */
    virtual void save (const StoreLock&, const StoreKey& key, const TokenSet& tokens) = 0;
    virtual void remove (const StoreLock&, const StoreKey& key) = 0;
    /** "a file readable only by you (/path)" or "the Secret Service keyring". */
    virtual std::string describe() const = 0;
};

/** Tokens in a JSON file (mode 0600, folder 0700) written atomically: a temporary file in the same folder, fsync,
    rename, fsync of the folder. */
class FileTokenStore final : public TokenStore
{
public:
    explicit FileTokenStore (std::filesystem::path file);
    std::optional<TokenSet> load (const StoreLock&, const StoreKey& key) override;
    void save (const StoreLock&, const StoreKey& key, const TokenSet& tokens) override;
    void remove (const StoreLock&, const StoreKey& key) override;
    std::string describe() const override;
    const std::filesystem::path& file() const noexcept { return file_; }

private:
    std::filesystem::path file_;
};

/** Where the token store, its lock and its file live in a config folder. */
struct StoreLocation
{
    std::filesystem::path folder;
    std::filesystem::path lockFile() const { return folder / "signin.lock"; }
    std::filesystem::path tokenFile() const { return folder / "tokens.json"; }
};

enum class StoreBackend
{
    automatic, ///< Secret Service when one answers, else the file
    file,
    secretService
};

/** The Secret Service (through libsecret, loaded at run time) when one runs on the session bus, else the file.
    WAVELIFT_TOKEN_STORE=file|secret-service overrides `backend` for automatic. `onNote` receives why the file was
    chosen, e.g. "no Secret Service on the session bus". */
std::unique_ptr<TokenStore> openTokenStore (const StoreLocation& location,
                                            StoreBackend backend = StoreBackend::automatic,
                                            const std::function<void (const std::string&)>& onNote = {});
} // namespace wavelift::signin
