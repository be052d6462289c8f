#include "signin/AccountTokens.h"

namespace wavelift::signin
{
namespace
{
    std::string tokenOrThrow (const TokenResult& result)
    {
        using Status = TokenResult::Status;
        switch (result.status)
        {
            case Status::ok: return result.accessToken;
            case Status::notSignedIn:
                throw TokenUnavailable (
                    result.message.empty()
                        ? "not signed in to SoundCloud: sign in first (Connect with SoundCloud, or wavelift sign-in)"
                        : result.message);
            case Status::temporarilyUnavailable:
                throw TokenUnavailable ("SoundCloud could not renew the session just now: " + result.message);
            case Status::cancelled: throw TokenUnavailable ("cancelled");
        }
        throw TokenUnavailable (result.message);
    }
} // namespace

AccountTokens::AccountTokens (TokenSession& userSession, TokenSession* appFallback)
    : user (userSession)
    , app (appFallback)
{
}

std::string AccountTokens::current (std::stop_token stop)
{
    auto result = user.accessToken (stop);
    if (result.status == TokenResult::Status::notSignedIn && app != nullptr)
    {
        lastFromApp = true;
        return tokenOrThrow (app->accessToken (stop));
    }
    lastFromApp = false;
    return tokenOrThrow (result);
}

std::string AccountTokens::afterUnauthorized (const std::string& rejected, std::stop_token stop)
{
    auto& session = lastFromApp.load() && app != nullptr ? *app : user;
    return tokenOrThrow (session.refreshAfterUnauthorized (rejected, stop));
}
} // namespace wavelift::signin
