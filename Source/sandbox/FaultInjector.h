#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
enum class FaultKind
{
    status5xx,      ///< an API-style 5xx (status, default 500)
    cloudfrontHtml, ///< CloudFront's HTML error page (status 502, 503 or 403; default 503)
    emptyBody,      ///< the status (default 200) with Content-Length: 0
    resetRequest,   ///< the connection is reset after reading `afterBytes` of the request body
    resetResponse,  ///< the real response, cut after `afterBytes` of its body (default: half)
    stall,          ///< no bytes for `stallSeconds`, then the real response
    rateLimit429    ///< a 429 in one of the live variants: plays, cloudfront, plain, client_credentials
};

struct FaultRule
{
    /** api | auth | cdn | * */
    std::string host = "api";
    /** Empty matches any method. */
    std::string method;
    /** Exact path, or a prefix when it ends in '*'. */
    std::string path;
    int count = 1;
    FaultKind kind = FaultKind::status5xx;
    int status = 0;
    std::optional<std::uint64_t> afterBytes;
    int stallSeconds = 30;
    std::string variant = "plays";

    bool matches (const std::string& host, const std::string& method, const std::string& path) const;
    nlohmann::json toJson() const;
    /** Parses the admin endpoint's JSON; returns nullopt and sets `error` when invalid. */
    static std::optional<FaultRule> fromJson (const nlohmann::json& json, std::string& error);
};

const char* toString (FaultKind kind);

/** The armed faults: each matching request consumes one count of the first matching rule. */
class FaultInjector
{
public:
    void add (FaultRule rule);
    void clear();
    std::vector<FaultRule> rules() const;
    /** Consumes one count of the first rule matching the request. */
    std::optional<FaultRule> take (const std::string& host, const std::string& method, const std::string& path);
    bool armedFor (const std::string& host, const std::string& method, const std::string& path) const;
    std::int64_t triggeredCount() const;

private:
    mutable std::mutex mutex_;
    std::vector<FaultRule> rules_;
    std::int64_t triggered_ = 0;
};
} // namespace wavelift::sandbox
