#pragma once

#include "sandbox/Model.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace wavelift::sandbox
{
class StateStore;

struct OAuthSettings
{
    int accessTokenLifetimeSeconds = 3599;
    int authorizationCodeLifetimeSeconds = 300;
    int clientCredentialsLimitPerApp = 50;
    int clientCredentialsLimitPerIp = 30;
    /** Issuer written into the JWT-style access tokens. */
    std::string issuer;
};

/** The answer of POST /oauth/token: a token JSON (200) or an error status and body. */
struct TokenResponse
{
    int status = 200;
    nlohmann::json body;
};

/** The OAuth 2.1 rules behind the auth host: authorization codes with S256 PKCE, single-use refresh-token
    rotation, client-credentials app tokens and their exchange limits, and the access-token check of the API. */
class OAuthService
{
public:
    OAuthService (StateStore& store, OAuthSettings settings, std::function<std::int64_t()> epochNow);

    /** The user id when the username and password match a user who can sign in. */
    std::optional<std::int64_t> checkPassword (const std::string& username, const std::string& password) const;

    std::string issueAuthorizationCode (const std::string& clientId, const std::string& redirectUri,
                                        const std::string& codeChallenge, std::int64_t userId);

    /** Handles a token request: the form fields, the Authorization header (Basic client authentication)
        and the caller's IP (for the per-IP client-credentials limit). */
    TokenResponse exchange (const std::map<std::string, std::string>& form, const std::string& authorizationHeader,
                            const std::string& remoteAddress);

    /** The grant behind an "OAuth <token>" or "Bearer <token>" header, when valid and not expired. */
    std::optional<AccessGrant> authenticate (const std::string& authorizationHeader) const;

    /** Invalidates an access token and the refresh token issued with it. Returns false if unknown. */
    bool revoke (const std::string& accessToken);

    static std::string hashPassword (const std::string& salt, const std::string& password);
    /** BASE64URL(SHA256(verifier)) as RFC 7636 defines the S256 challenge. */
    static std::string s256Challenge (const std::string& verifier);
    /** The token out of an "OAuth x" / "Bearer x" header value; empty for other schemes. */
    static std::string bearerToken (const std::string& authorizationHeader);

private:
    nlohmann::json issueTokens (State& state, const std::string& clientId, std::int64_t userId);
    std::string makeAccessToken (const State& state, const std::string& clientId, std::int64_t userId, std::int64_t now,
                                 std::int64_t expiresAt) const;

    StateStore& store_;
    const OAuthSettings settings_;
    const std::function<std::int64_t()> epochNow_;
};
} // namespace wavelift::sandbox
