#pragma once

#include "net/FormEncoding.h"
#include "net/HttpClient.h"
#include "signin/Endpoints.h"
#include "signin/TokenSet.h"

#include <functional>
#include <stop_token>

namespace wavelift::signin
{
/** How a token request ended. */
struct TokenOutcome
{
    enum class Kind
    {
        granted,
        /** invalid_grant or invalid_client: the credentials are no good and must be cleared. */
        credentialsRejected,
        /** Another definite OAuth error (invalid_request, unsupported_grant_type...): keep what is stored. */
        refused,
        /** Network error, 5xx, HTML page, 429, unreadable answer: nothing is known; keep the credentials and back
            off. */
        transient,
        cancelled
    };

    Kind kind = Kind::transient;
    std::optional<TokenSet> tokens;
    /** The OAuth error code when there was one (invalid_grant...). */
    std::string error;
    /** For people and logs; never contains a token or the secret. */
    std::string message;
    /** From a 429's reset_time or Retry-After. */
    std::optional<TimePoint> retryNotBefore;
};

/** POST /oauth/token for the three grants SoundCloud offers. Sends client_secret whenever configured (form field for
    the user grants, Basic authentication for client credentials, as the reference describes). */
class TokenEndpoint
{
public:
    using Clock = std::function<TimePoint()>;

    TokenEndpoint (Endpoints endpoints, const net::HttpClient& http, Clock now);

    TokenOutcome exchangeCode (const std::string& code, const std::string& codeVerifier,
                               std::stop_token stop = {}) const;
    TokenOutcome refresh (const std::string& refreshToken, std::stop_token stop = {}) const;
    TokenOutcome clientCredentials (std::stop_token stop = {}) const;

    const Endpoints& endpoints() const noexcept { return endpoints_; }

private:
    TokenOutcome send (net::Request request, std::stop_token stop) const;
    net::Request formRequest (net::FormFields fields) const;

    Endpoints endpoints_;
    const net::HttpClient& http_;
    Clock now_;
};
} // namespace wavelift::signin
