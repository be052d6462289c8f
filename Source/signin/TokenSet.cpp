#include "signin/TokenSet.h"

#include <nlohmann/json.hpp>

namespace wavelift::signin
{
const char* toString (TokenKind kind) noexcept { return kind == TokenKind::app ? "app" : "user"; }

namespace
{
    std::string stringMember (const nlohmann::json& json, const char* key)
    {
        return json.contains (key) && json[key].is_string() ? json[key].get<std::string>() : std::string();
    }
} // namespace

std::optional<TokenSet> TokenSet::fromTokenResponse (const nlohmann::json& json, TimePoint now)
{
    if (!json.is_object())
        return std::nullopt;
    TokenSet tokens;
    tokens.accessToken = stringMember (json, "access_token");
    if (tokens.accessToken.empty())
        return std::nullopt;
    tokens.refreshToken = stringMember (json, "refresh_token");
    tokens.scope = stringMember (json, "scope");
    std::int64_t lifetime = 3600;
    if (json.contains ("expires_in") && json["expires_in"].is_number_integer())
        lifetime = json["expires_in"].get<std::int64_t>();
    tokens.expiresAt = now + std::chrono::seconds (lifetime);
    return tokens;
}

nlohmann::json TokenSet::toJson() const
{
    return { { "access_token", accessToken },
             { "refresh_token", refreshToken },
             { "expires_at", std::chrono::duration_cast<std::chrono::seconds> (expiresAt.time_since_epoch()).count() },
             { "scope", scope } };
}

std::optional<TokenSet> TokenSet::fromJson (const nlohmann::json& json)
{
    if (!json.is_object() || !json.contains ("expires_at") || !json["expires_at"].is_number_integer())
        return std::nullopt;
    TokenSet tokens;
    tokens.accessToken = stringMember (json, "access_token");
    tokens.refreshToken = stringMember (json, "refresh_token");
    tokens.scope = stringMember (json, "scope");
    tokens.expiresAt = TimePoint (std::chrono::seconds (json["expires_at"].get<std::int64_t>()));
    if (tokens.accessToken.empty() && tokens.refreshToken.empty())
        return std::nullopt;
    return tokens;
}
} // namespace wavelift::signin
