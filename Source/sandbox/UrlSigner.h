#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace wavelift::sandbox
{
/** Signs CDN URLs the way CloudFront's custom policies do: Policy (base64url JSON naming the resource, which may
    end in '*', and the expiry), Signature (here an HMAC-SHA256 of the policy) and Key-Pair-Id.
    A wildcard policy lets one signature cover a playlist and all of its segments. */
class UrlSigner
{
public:
    enum class Verdict
    {
        valid,
        missing,
        badSignature,
        wrongResource,
        expired
    };

    explicit UrlSigner (std::string key);

    /** The query string (no leading '?') granting access to `resourcePath` (a path, optionally ending in '*')
        until `expiresAt` (epoch seconds). */
    std::string sign (std::string_view resourcePath, std::int64_t expiresAt) const;

    Verdict verify (std::string_view requestPath, const std::multimap<std::string, std::string>& query,
                    std::int64_t now) const;

private:
    const std::string key_;
};

const char* toString (UrlSigner::Verdict verdict);
} // namespace wavelift::sandbox
