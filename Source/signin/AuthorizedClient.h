#pragma once

#include "net/HttpClient.h"
#include "signin/TokenSession.h"

namespace wavelift::signin
{
/** The result of an API call made on someone's behalf. */
struct AuthorizedResult
{
    enum class Status
    {
        answered, ///< the API answered (any status; see response)
        notSignedIn,
        tokenUnavailable, ///< the token could not be renewed just now
        networkError,
        cancelled
    };

    Status status = Status::notSignedIn;
    std::optional<net::Response> response;
    std::optional<net::NetFailure> failure;
    std::string message;
};

/** Sends API requests with "Authorization: OAuth <token>" and the JSON Accept header, gets the token from a
    TokenSession, and on a 401 renews the token once and repeats the request once. */
class AuthorizedClient
{
public:
    AuthorizedClient (const net::HttpClient& http, TokenSession& session);

    AuthorizedResult perform (net::Request request, std::stop_token stop = {});

private:
    const net::HttpClient& http_;
    TokenSession& session_;
};
} // namespace wavelift::signin
