#pragma once

#include "core/Config.h"
#include "net/HttpClient.h"
#include "signin/AuthorizedClient.h"
#include "signin/SignInFlow.h"
#include "signin/TokenSession.h"

#include <memory>

namespace wavelift::signin
{
/** The signed-in user as GET /me reports it. */
struct UserInfo
{
    std::string username;
    std::string urn;
    std::string avatarUrl; // empty when /me gave none
};

/** Everything about being signed in to one SoundCloud app on one API host, for the CLI, the standalone and the
    plugin: sign in, sign out, who am I, and the user and app token sessions that API calls use. Tokens live in the
    token store (keyring or 0600 file), never in plugin state. */
class Account
{
public:
    struct Options
    {
        StoreBackend storeBackend = StoreBackend::automatic;
        /** Redacted diagnostics (HTTP lines, refreshes, store choice). */
        std::function<void (const std::string&)> log;
        TokenEndpoint::Clock now = [] { return std::chrono::system_clock::now(); };
        TokenSession::Options sessionOptions;
    };

    Account (Endpoints endpoints, StoreLocation location, Options options);

    /** The one Account of this process for the configuration (several plugin instances share it, so they share one
        refresh in flight). */
    static std::shared_ptr<Account> shared (const Config& config);

    SignInResult signIn (SignInFlow::Options options, std::stop_token stop = {});

    struct SignOutResult
    {
        bool serverConfirmed = false; ///< POST /sign-out answered 2xx
        std::string message;
    };
    /** Tells the API (POST /sign-out with the current token, best effort) and deletes the stored user tokens. */
    SignOutResult signOut (std::stop_token stop = {});

    struct WhoAmI
    {
        AuthorizedResult::Status status = AuthorizedResult::Status::notSignedIn;
        std::optional<UserInfo> user;
        std::string message;
    };
    WhoAmI whoAmI (std::stop_token stop = {});

    TokenSession& userSession() noexcept { return user_; }
    TokenSession& appSession() noexcept { return app_; }
    AuthorizedClient userClient() { return AuthorizedClient (http_, user_); }
    AuthorizedClient appClient() { return AuthorizedClient (http_, app_); }
    const net::HttpClient& http() const noexcept { return http_; }
    const Endpoints& endpoints() const noexcept { return endpoint_.endpoints(); }
    const TokenStore& store() const noexcept { return *store_; }

private:
    static TokenSession::Options sessionOptionsFrom (const Options& options);

    Options options_;
    net::HttpClient http_;
    TokenEndpoint endpoint_;
    StoreLocation location_;
    std::unique_ptr<TokenStore> store_;
    TokenSession user_;
    TokenSession app_;
};
} // namespace wavelift::signin
