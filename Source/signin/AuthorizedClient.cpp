#include "signin/AuthorizedClient.h"

#include "signin/Endpoints.h"

namespace wavelift::signin
{
namespace
{
    AuthorizedResult fromToken (const TokenResult& token)
    {
        AuthorizedResult result;
        result.status = token.status == TokenResult::Status::notSignedIn ? AuthorizedResult::Status::notSignedIn
                        : token.status == TokenResult::Status::cancelled ? AuthorizedResult::Status::cancelled
                                                                         : AuthorizedResult::Status::tokenUnavailable;
        result.message = token.message;
        return result;
    }
} // namespace

AuthorizedClient::AuthorizedClient (const net::HttpClient& http, TokenSession& session)
    : http_ (http)
    , session_ (session)
{
}

AuthorizedResult AuthorizedClient::perform (net::Request request, std::stop_token stop)
{
    if (!request.headers.contains ("Accept"))
        request.headers.add ("accept", jsonAccept);

    auto token = session_.accessToken (stop);
    for (int attempt = 0;; ++attempt)
    {
        if (!token.ok())
            return fromToken (token);

        request.headers.set ("Authorization", "OAuth " + token.accessToken);
        auto result = http_.perform (request, stop);
        if (!result.ok())
        {
            AuthorizedResult failed;
            failed.status = result.failure().error == net::NetError::cancelled ? AuthorizedResult::Status::cancelled
                                                                               : AuthorizedResult::Status::networkError;
            failed.failure = result.failure();
            failed.message = result.failure().describe();
            return failed;
        }
        if (result.response().status != 401 || attempt == 1)
            return { AuthorizedResult::Status::answered, std::move (result.response()), std::nullopt, {} };

        // Once: the token may have been revoked or expired early; a second 401 is the answer.
        token = session_.refreshAfterUnauthorized (token.accessToken, stop);
    }
}
} // namespace wavelift::signin
