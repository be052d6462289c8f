#pragma once

#include "signin/TokenSession.h"
#include "soundcloud/ApiClient.h"

#include <atomic>
#include <stdexcept>

namespace wavelift::signin
{
/** Not signed in, or the session could not be renewed just now: the words say what to do. */
struct TokenUnavailable : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/** The API client's view of the account's sessions. Uploads need the user's session; reading (search, preview) uses
    the user's session when signed in and otherwise falls back to the app-only session. */
class AccountTokens final : public soundcloud::AccessTokens
{
public:
    AccountTokens (TokenSession& user, TokenSession* appFallback);

    std::string current (std::stop_token stop) override;
    std::string afterUnauthorized (const std::string& rejected, std::stop_token stop) override;
    bool actsForUser() const override { return !lastFromApp.load(); }

private:
    TokenSession& user;
    TokenSession* app;
    std::atomic<bool> lastFromApp{ false };
};
} // namespace wavelift::signin
