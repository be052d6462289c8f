#include "sandbox/OAuthService.h"

#include "sandbox/ApiResponses.h"
#include "sandbox/Crypto.h"
#include "sandbox/RateLimiter.h"
#include "sandbox/StateStore.h"

#include <algorithm>
#include <cctype>

namespace wavelift::sandbox
{
namespace
{
    struct ClientAuthentication
    {
        std::string clientId;
        std::string clientSecret;
        bool malformed = false;
    };

    std::string lowerCase (std::string text)
    {
        std::transform (text.begin(), text.end(), text.begin(),
                        [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
        return text;
    }

    std::string field (const std::map<std::string, std::string>& form, const std::string& name)
    {
        const auto it = form.find (name);
        return it == form.end() ? std::string{} : it->second;
    }

    /** RFC 6749 §2.3.1: HTTP Basic, or client_id and client_secret in the body. */
    ClientAuthentication clientAuthentication (const std::map<std::string, std::string>& form,
                                               const std::string& authorizationHeader)
    {
        ClientAuthentication result;
        if (lowerCase (authorizationHeader.substr (0, 6)) == "basic ")
        {
            const auto decoded = crypto::base64Decode (authorizationHeader.substr (6));
            const auto colon = decoded ? decoded->find (':') : std::string::npos;
            if (!decoded || colon == std::string::npos)
            {
                result.malformed = true;
                return result;
            }
            result.clientId = decoded->substr (0, colon);
            result.clientSecret = decoded->substr (colon + 1);
            return result;
        }
        result.clientId = field (form, "client_id");
        result.clientSecret = field (form, "client_secret");
        return result;
    }

    TokenResponse oauthError (int status, const std::string& error) { return { status, { { "error", error } } }; }

    void pruneExpired (State& state, std::int64_t now)
    {
        std::erase_if (state.accessTokens, [now] (const auto& entry) { return entry.second.expiresAt <= now; });
        std::erase_if (state.codes, [now] (const auto& entry) { return entry.second.expiresAt <= now; });
    }
} // namespace

OAuthService::OAuthService (StateStore& store, OAuthSettings settings, std::function<std::int64_t()> epochNow)
    : store_ (store)
    , settings_ (std::move (settings))
    , epochNow_ (std::move (epochNow))
{
}

std::string OAuthService::hashPassword (const std::string& salt, const std::string& password)
{
    return crypto::base64UrlEncode (crypto::sha256 (salt + ":" + password));
}

std::string OAuthService::s256Challenge (const std::string& verifier)
{
    return crypto::base64UrlEncode (crypto::sha256 (verifier));
}

std::string OAuthService::bearerToken (const std::string& authorizationHeader)
{
    const auto space = authorizationHeader.find (' ');
    if (space == std::string::npos)
        return {};
    const auto scheme = lowerCase (authorizationHeader.substr (0, space));
    if (scheme != "oauth" && scheme != "bearer")
        return {};
    auto token = authorizationHeader.substr (space + 1);
    token.erase (0, token.find_first_not_of (' '));
    return token;
}

std::optional<std::int64_t> OAuthService::checkPassword (const std::string& username, const std::string& password) const
{
    return store_.read (
        [&] (const State& state) -> std::optional<std::int64_t>
        {
            const auto* user = state.findUserByUsername (username);
            if (user == nullptr || user->passwordHash.empty())
                return std::nullopt;
            if (!crypto::constantTimeEquals (hashPassword (user->passwordSalt, password), user->passwordHash))
                return std::nullopt;
            return user->id;
        });
}

std::string OAuthService::issueAuthorizationCode (const std::string& clientId, const std::string& redirectUri,
                                                  const std::string& codeChallenge, std::int64_t userId)
{
    const auto code = crypto::randomToken (24);
    const auto now = epochNow_();
    store_.write (
        [&] (State& state)
        {
            pruneExpired (state, now);
            state.codes[code] = AuthorizationCode{ clientId, redirectUri, codeChallenge, userId,
                                                   now + settings_.authorizationCodeLifetimeSeconds };
        });
    return code;
}

std::string OAuthService::makeAccessToken (const State& state, const std::string& clientId, std::int64_t userId,
                                           std::int64_t now, std::int64_t expiresAt) const
{
    // JWT-shaped like the live tokens since 2024 (variable length); the server still treats it as opaque.
    const nlohmann::json header = { { "alg", "HS256" }, { "typ", "JWT" }, { "kid", "wavelift-sandbox-1" } };
    nlohmann::json claims = { { "iss", settings_.issuer },
                              { "sub", userId != 0 ? "soundcloud:users:" + std::to_string (userId)
                                                   : "soundcloud:apps:" + clientId },
                              { "client_id", clientId },
                              { "iat", now },
                              { "exp", expiresAt },
                              { "jti", crypto::randomToken (18) },
                              { "scope", "" } };
    if (const auto* user = state.findUser (userId))
        claims["username"] = user->username;
    const auto signingInput = crypto::base64UrlEncode (header.dump()) + "." + crypto::base64UrlEncode (claims.dump());
    return signingInput + "." + crypto::base64UrlEncode (crypto::hmacSha256 (state.tokenSigningKey, signingInput));
}

nlohmann::json OAuthService::issueTokens (State& state, const std::string& clientId, std::int64_t userId)
{
    const auto now = epochNow_();
    pruneExpired (state, now);
    const auto expiresAt = now + settings_.accessTokenLifetimeSeconds;
    auto accessToken = makeAccessToken (state, clientId, userId, now, expiresAt);
    auto refreshToken = crypto::randomAlphanumeric (32);
    state.accessTokens[accessToken] = AccessGrant{ clientId, userId, expiresAt, refreshToken };
    state.refreshTokens[refreshToken] = RefreshGrant{ clientId, userId };
    return { { "access_token", accessToken },
             { "expires_in", settings_.accessTokenLifetimeSeconds },
             { "scope", "" },
             { "refresh_token", refreshToken },
             { "token_type", "bearer" } };
}

TokenResponse OAuthService::exchange (const std::map<std::string, std::string>& form,
                                      const std::string& authorizationHeader, const std::string& remoteAddress)
{
    const auto grantType = field (form, "grant_type");
    if (grantType.empty())
        return oauthError (400, "invalid_request");
    if (grantType != "authorization_code" && grantType != "refresh_token" && grantType != "client_credentials")
        return oauthError (400, "unsupported_grant_type");

    const auto client = clientAuthentication (form, authorizationHeader);
    const auto now = epochNow_();

    return store_.write (
        [&] (State& state) -> TokenResponse
        {
            if (client.malformed || client.clientId != state.app.clientId || client.clientSecret.empty()
                || !crypto::constantTimeEquals (client.clientSecret, state.app.clientSecret))
                return oauthError (401, "invalid_client");
            ++state.counters["token_requests." + grantType];

            if (grantType == "authorization_code")
            {
                const auto code = field (form, "code");
                const auto redirectUri = field (form, "redirect_uri");
                const auto verifier = field (form, "code_verifier");
                if (code.empty() || redirectUri.empty() || verifier.empty())
                    return oauthError (400, "invalid_request");
                const auto it = state.codes.find (code);
                if (it == state.codes.end())
                    return oauthError (400, "invalid_grant");
                // Single use: any attempt burns the code, as a stolen code must not be retried.
                const auto grant = it->second;
                state.codes.erase (it);
                if (grant.expiresAt <= now || grant.clientId != client.clientId || grant.redirectUri != redirectUri
                    || !crypto::constantTimeEquals (s256Challenge (verifier), grant.codeChallenge))
                    return oauthError (400, "invalid_grant");
                return { 200, issueTokens (state, client.clientId, grant.userId) };
            }

            if (grantType == "refresh_token")
            {
                const auto refreshToken = field (form, "refresh_token");
                if (refreshToken.empty())
                    return oauthError (400, "invalid_request");
                const auto it = state.refreshTokens.find (refreshToken);
                if (it == state.refreshTokens.end() || it->second.clientId != client.clientId)
                    return oauthError (400, "invalid_grant");
                const auto userId = it->second.userId;
                state.refreshTokens.erase (it);
                return { 200, issueTokens (state, client.clientId, userId) };
            }

            // client_credentials: limited per IP (30/h) and per app (50/12h), as the live service does.
            const RateLimit perIp{ settings_.clientCredentialsLimitPerIp, 3600, "PT1H" };
            const RateLimit perApp{ settings_.clientCredentialsLimitPerApp, 12 * 3600, "PT12H" };
            auto& ipBuckets = state.rateWindows["client_credentials.ip:" + remoteAddress];
            auto& appBuckets = state.rateWindows["client_credentials.app:" + client.clientId];
            if (countInWindow (ipBuckets, perIp, now) >= perIp.maxRequests)
            {
                const auto decision = tryConsume (ipBuckets, perIp, now);
                return { 429, clientCredentialsRateLimitBody ("by-ip", perIp.maxRequests, perIp.isoWindow,
                                                              decision.resetTime) };
            }
            if (countInWindow (appBuckets, perApp, now) >= perApp.maxRequests)
            {
                const auto decision = tryConsume (appBuckets, perApp, now);
                return { 429, clientCredentialsRateLimitBody ("by-client", perApp.maxRequests, perApp.isoWindow,
                                                              decision.resetTime) };
            }
            tryConsume (ipBuckets, perIp, now);
            tryConsume (appBuckets, perApp, now);
            return { 200, issueTokens (state, client.clientId, 0) };
        });
}

std::optional<AccessGrant> OAuthService::authenticate (const std::string& authorizationHeader) const
{
    const auto token = bearerToken (authorizationHeader);
    if (token.empty())
        return std::nullopt;
    const auto now = epochNow_();
    return store_.read (
        [&] (const State& state) -> std::optional<AccessGrant>
        {
            const auto it = state.accessTokens.find (token);
            if (it == state.accessTokens.end() || it->second.expiresAt <= now)
                return std::nullopt;
            if (it->second.userId != 0 && state.findUser (it->second.userId) == nullptr)
                return std::nullopt;
            return it->second;
        });
}

bool OAuthService::revoke (const std::string& accessToken)
{
    return store_.write (
        [&] (State& state)
        {
            const auto it = state.accessTokens.find (accessToken);
            if (it == state.accessTokens.end())
                return false;
            state.refreshTokens.erase (it->second.refreshToken);
            state.accessTokens.erase (it);
            return true;
        });
}
} // namespace wavelift::sandbox
