// Tokens in the desktop keyring through libsecret, loaded at run time: the plugin gets no DT_NEEDED on libsecret or
// GLib, and a system without them simply uses the file store. Only libsecret's headers are used at build time.
#include "signin/TokenStore.h"

#include <libsecret/secret.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <dlfcn.h>
#include <stdexcept>

namespace wavelift::signin
{
namespace
{
    /** The few libsecret entry points this store needs, resolved from libsecret-1.so.0 (and GLib through it). */
    struct LibSecret
    {
        using Store = gboolean (*) (const SecretSchema*, const gchar*, const gchar*, const gchar*, GCancellable*,
                                    GError**, ...);
        using Lookup = gchar* (*) (const SecretSchema*, GCancellable*, GError**, ...);
        using Clear = gboolean (*) (const SecretSchema*, GCancellable*, GError**, ...);
        using FreePassword = void (*) (gchar*);
        using FreeError = void (*) (GError*);

        void* handle = nullptr;
        Store store = nullptr;
        Lookup lookup = nullptr;
        Clear clear = nullptr;
        FreePassword freePassword = nullptr;
        FreeError freeError = nullptr;

        static const LibSecret* get()
        {
            static const LibSecret* const instance = []() -> const LibSecret*
            {
                static LibSecret lib;
                lib.handle = ::dlopen ("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
                if (lib.handle == nullptr)
                    return nullptr;
                lib.store = reinterpret_cast<Store> (::dlsym (lib.handle, "secret_password_store_sync"));
                lib.lookup = reinterpret_cast<Lookup> (::dlsym (lib.handle, "secret_password_lookup_sync"));
                lib.clear = reinterpret_cast<Clear> (::dlsym (lib.handle, "secret_password_clear_sync"));
                lib.freePassword = reinterpret_cast<FreePassword> (::dlsym (lib.handle, "secret_password_free"));
                lib.freeError = reinterpret_cast<FreeError> (::dlsym (lib.handle, "g_error_free"));
                const bool complete = lib.store && lib.lookup && lib.clear && lib.freePassword && lib.freeError;
                return complete ? &lib : nullptr;
            }();
            return instance;
        }
    };

    const SecretSchema* tokenSchema()
    {
        static const SecretSchema schema = { "audio.wavelift.Token",
                                             SECRET_SCHEMA_NONE,
                                             { { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { "api_host", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING } },
                                             0,
                                             nullptr,
                                             nullptr,
                                             nullptr,
                                             nullptr,
                                             nullptr,
                                             nullptr,
                                             nullptr };
        return &schema;
    }

    /** Takes a GError's message and frees it. */
    std::string takeError (const LibSecret& lib, GError* error)
    {
        if (error == nullptr)
            return {};
        std::string message = error->message != nullptr ? error->message : "unknown error";
        lib.freeError (error);
        return message;
    }

    class SecretServiceTokenStore final : public TokenStore
    {
    public:
        explicit SecretServiceTokenStore (const LibSecret& lib)
            : lib_ (lib)
        {
        }

        std::optional<TokenSet> load (const StoreLock&, const StoreKey& key) override
        {
            GError* error = nullptr;
            gchar* secret = lib_.lookup (tokenSchema(), nullptr, &error, "kind", toString (key.kind), "client_id",
                                         key.clientId.c_str(), "api_host", key.apiHost.c_str(), nullptr);
            if (error != nullptr)
                throw std::runtime_error ("the keyring could not be read: " + takeError (lib_, error));
            if (secret == nullptr)
                return std::nullopt;
            const std::string text (secret);
            lib_.freePassword (secret);
            return TokenSet::fromJson (nlohmann::json::parse (text, nullptr, false));
        }

        void save (const StoreLock&, const StoreKey& key, const TokenSet& tokens) override
        {
            GError* error = nullptr;
            const auto label =
                "Wavelift SoundCloud " + std::string (toString (key.kind)) + " token (" + key.apiHost + ")";
            lib_.store (tokenSchema(), SECRET_COLLECTION_DEFAULT, label.c_str(), tokens.toJson().dump().c_str(),
                        nullptr, &error, "kind", toString (key.kind), "client_id", key.clientId.c_str(), "api_host",
                        key.apiHost.c_str(), nullptr);
            if (error != nullptr)
                throw std::runtime_error ("the keyring refused the token: " + takeError (lib_, error));
        }

        void remove (const StoreLock&, const StoreKey& key) override
        {
            GError* error = nullptr;
            lib_.clear (tokenSchema(), nullptr, &error, "kind", toString (key.kind), "client_id", key.clientId.c_str(),
                        "api_host", key.apiHost.c_str(), nullptr);
            if (error != nullptr)
                throw std::runtime_error ("the keyring could not delete the token: " + takeError (lib_, error));
        }

        std::string describe() const override { return "the Secret Service keyring"; }

    private:
        const LibSecret& lib_;
    };

    bool sessionBusLikelyExists()
    {
        // Without an address GLib would try to autolaunch a bus (and leave a daemon behind): don't let it.
        if (const char* address = std::getenv ("DBUS_SESSION_BUS_ADDRESS"); address != nullptr && *address != '\0')
            return true;
        if (const char* runtime = std::getenv ("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0')
        {
            std::error_code ignored;
            if (std::filesystem::exists (std::filesystem::path (runtime) / "bus", ignored))
            {
                ::setenv ("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + std::string (runtime) + "/bus").c_str(), 0);
                return true;
            }
        }
        return false;
    }

    /** A lookup that finds nothing proves the service answers; an error means there is none (or it is broken). */
    std::string probe (const LibSecret& lib)
    {
        GError* error = nullptr;
        gchar* found =
            lib.lookup (tokenSchema(), nullptr, &error, "kind", "probe", "client_id", "", "api_host", "", nullptr);
        if (found != nullptr)
            lib.freePassword (found);
        return takeError (lib, error);
    }
} // namespace

std::unique_ptr<TokenStore> openTokenStore (const StoreLocation& location, StoreBackend backend,
                                            const std::function<void (const std::string&)>& onNote)
{
    const auto note = [&] (const std::string& text)
    {
        if (onNote)
            onNote (text);
    };
    if (backend == StoreBackend::automatic)
        if (const char* forced = std::getenv ("WAVELIFT_TOKEN_STORE"); forced != nullptr)
            backend = std::string (forced) == "file"             ? StoreBackend::file
                      : std::string (forced) == "secret-service" ? StoreBackend::secretService
                                                                 : StoreBackend::automatic;

    if (backend != StoreBackend::file)
    {
        const auto* lib = LibSecret::get();
        std::string problem;
        if (lib == nullptr)
            problem = "libsecret-1.so.0 is not installed";
        else if (!sessionBusLikelyExists())
            problem = "there is no D-Bus session bus";
        else
            problem = probe (*lib);

        if (problem.empty())
            return std::make_unique<SecretServiceTokenStore> (*lib);
        if (backend == StoreBackend::secretService)
            throw std::runtime_error ("the Secret Service keyring is not available: " + problem);
        note ("tokens are kept in a file readable only by you, because no Secret Service keyring answered (" + problem
              + ")");
    }
    return std::make_unique<FileTokenStore> (location.tokenFile());
}
} // namespace wavelift::signin
