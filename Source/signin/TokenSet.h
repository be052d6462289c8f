#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace wavelift::signin
{
using TimePoint = std::chrono::system_clock::time_point;

/** Whose token: a signed-in user's, or the app's own (client credentials: public data only, no uploads). */
enum class TokenKind
{
    user,
    app
};

const char* toString (TokenKind kind) noexcept;

/** An access token, its expiry and the (single-use) refresh token that renews it. Tokens are opaque strings of any
    length (SoundCloud moved to JWTs). */
struct TokenSet
{
    std::string accessToken;
    std::string refreshToken;
    TimePoint expiresAt;
    std::string scope;

    bool operator== (const TokenSet&) const = default;

    /** True when the token is still good `margin` from now. */
    bool isFresh (TimePoint now, std::chrono::seconds margin) const { return now + margin < expiresAt; }

    /** Parses the token endpoint's JSON; nullopt when access_token is missing. A missing expires_in counts as one
        hour (SoundCloud's lifetime). */
    static std::optional<TokenSet> fromTokenResponse (const nlohmann::json& json, TimePoint now);

    nlohmann::json toJson() const;
    static std::optional<TokenSet> fromJson (const nlohmann::json& json);
};
} // namespace wavelift::signin
