#pragma once

#include "core/Config.h"
#include "signin/Account.h"
#include "signin/AccountTokens.h"
#include "soundcloud/ApiClient.h"

#include <iosfwd>
#include <memory>

namespace wavelift::cli
{
/** The configured account and an API client on the right kind of token, for one command. */
struct ServiceAccess
{
    enum class Need
    {
        user,         // uploads: a signed-in user, nothing less
        userOrAppOnly // reading: the user when signed in, else app-only (client credentials)
    };

    ServiceAccess (const Config& config, Need need, std::ostream& err);

    Config config;
    std::unique_ptr<signin::Account> account;
    std::unique_ptr<signin::AccountTokens> tokens;
    std::unique_ptr<soundcloud::ApiClient> api;
};

/** Opens the account for the configuration (token store and its lock in the config folder); with
    WAVELIFT_DEBUG_HTTP=1 the redacted HTTP log goes to `err`. */
std::unique_ptr<signin::Account> openAccount (const Config& config, std::ostream& err);
} // namespace wavelift::cli
