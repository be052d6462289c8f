#include "sandbox/UrlSigner.h"

#include "sandbox/Crypto.h"
#include "sandbox/UrlCoding.h"

#include <nlohmann/json.hpp>

namespace wavelift::sandbox
{
namespace
{
    constexpr const char* keyPairId = "K2SANDBOXWAVELIFT";

    std::string firstValue (const std::multimap<std::string, std::string>& query, const std::string& key)
    {
        const auto it = query.find (key);
        return it == query.end() ? std::string{} : it->second;
    }
} // namespace

UrlSigner::UrlSigner (std::string key)
    : key_ (std::move (key))
{
}

std::string UrlSigner::sign (std::string_view resourcePath, std::int64_t expiresAt) const
{
    const nlohmann::json policy = {
        { "Statement",
          { { { "Resource", std::string (resourcePath) },
              { "Condition", { { "DateLessThan", { { "AWS:EpochTime", expiresAt } } } } } } } }
    };
    const auto encodedPolicy = crypto::base64UrlEncode (policy.dump());
    const auto signature = crypto::base64UrlEncode (crypto::hmacSha256 (key_, encodedPolicy));
    return buildQuery ({ { "Policy", encodedPolicy }, { "Signature", signature }, { "Key-Pair-Id", keyPairId } });
}

UrlSigner::Verdict UrlSigner::verify (std::string_view requestPath,
                                      const std::multimap<std::string, std::string>& query, std::int64_t now) const
{
    const auto encodedPolicy = firstValue (query, "Policy");
    const auto signature = firstValue (query, "Signature");
    if (encodedPolicy.empty() || signature.empty() || firstValue (query, "Key-Pair-Id").empty())
        return Verdict::missing;
    const auto expected = crypto::base64UrlEncode (crypto::hmacSha256 (key_, encodedPolicy));
    if (!crypto::constantTimeEquals (expected, signature))
        return Verdict::badSignature;

    const auto policyText = crypto::base64UrlDecode (encodedPolicy);
    if (!policyText)
        return Verdict::badSignature;
    const auto policy = nlohmann::json::parse (*policyText, nullptr, false);
    if (policy.is_discarded())
        return Verdict::badSignature;
    try
    {
        const auto& statement = policy.at ("Statement").at (0);
        const auto resource = statement.at ("Resource").get<std::string>();
        const auto expiresAt = statement.at ("Condition").at ("DateLessThan").at ("AWS:EpochTime").get<std::int64_t>();
        const bool matches = resource.ends_with ('*')
                                 ? requestPath.starts_with (std::string_view (resource).substr (0, resource.size() - 1))
                                 : requestPath == resource;
        if (!matches)
            return Verdict::wrongResource;
        if (now >= expiresAt)
            return Verdict::expired;
        return Verdict::valid;
    }
    catch (const nlohmann::json::exception&)
    {
        return Verdict::badSignature;
    }
}

const char* toString (UrlSigner::Verdict verdict)
{
    switch (verdict)
    {
        case UrlSigner::Verdict::valid: return "valid";
        case UrlSigner::Verdict::missing: return "missing";
        case UrlSigner::Verdict::badSignature: return "bad signature";
        case UrlSigner::Verdict::wrongResource: return "wrong resource";
        case UrlSigner::Verdict::expired: return "expired";
    }
    return "";
}
} // namespace wavelift::sandbox
