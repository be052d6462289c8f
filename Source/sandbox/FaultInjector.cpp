#include "sandbox/FaultInjector.h"

#include <algorithm>
#include <array>
#include <utility>

namespace wavelift::sandbox
{
namespace
{
    constexpr std::array<std::pair<FaultKind, const char*>, 7> kindNames{ {
        { FaultKind::status5xx, "status_5xx" },
        { FaultKind::cloudfrontHtml, "cloudfront_html" },
        { FaultKind::emptyBody, "empty_body" },
        { FaultKind::resetRequest, "reset_request" },
        { FaultKind::resetResponse, "reset_response" },
        { FaultKind::stall, "stall" },
        { FaultKind::rateLimit429, "rate_limit_429" },
    } };

    bool pathMatches (const std::string& pattern, const std::string& path)
    {
        if (pattern.empty() || pattern == "*")
            return true;
        if (pattern.back() == '*')
            return path.compare (0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
        return pattern == path;
    }
} // namespace

const char* toString (FaultKind kind)
{
    for (const auto& [candidate, name] : kindNames)
        if (candidate == kind)
            return name;
    return "";
}

bool FaultRule::matches (const std::string& requestHost, const std::string& requestMethod,
                         const std::string& requestPath) const
{
    return (host == "*" || host == requestHost) && (method.empty() || method == requestMethod)
           && pathMatches (path, requestPath);
}

nlohmann::json FaultRule::toJson() const
{
    nlohmann::json json = { { "host", host },
                            { "method", method },
                            { "path", path },
                            { "count", count },
                            { "kind", toString (kind) },
                            { "status", status },
                            { "seconds", stallSeconds },
                            { "variant", variant } };
    json["after_bytes"] = afterBytes ? nlohmann::json (*afterBytes) : nlohmann::json (nullptr);
    return json;
}

std::optional<FaultRule> FaultRule::fromJson (const nlohmann::json& json, std::string& error)
{
    if (!json.is_object())
    {
        error = "fault must be a JSON object";
        return std::nullopt;
    }
    try
    {
        FaultRule rule;
        rule.host = json.value ("host", "api");
        rule.method = json.value ("method", "");
        rule.path = json.value ("path", "");
        rule.count = json.value ("count", 1);
        rule.status = json.value ("status", 0);
        rule.stallSeconds = json.value ("seconds", 30);
        rule.variant = json.value ("variant", "plays");
        if (json.contains ("after_bytes") && json["after_bytes"].is_number_unsigned())
            rule.afterBytes = json["after_bytes"].get<std::uint64_t>();
        const auto kind = json.value ("kind", "");
        const auto it =
            std::find_if (kindNames.begin(), kindNames.end(), [&] (const auto& entry) { return kind == entry.second; });
        if (it == kindNames.end())
        {
            error = "unknown fault kind '" + kind + "'";
            return std::nullopt;
        }
        rule.kind = it->first;
        if (rule.host != "api" && rule.host != "auth" && rule.host != "cdn" && rule.host != "*")
        {
            error = "host must be api, auth, cdn or *";
            return std::nullopt;
        }
        if (rule.count < 1)
        {
            error = "count must be at least 1";
            return std::nullopt;
        }
        if (rule.kind == FaultKind::rateLimit429 && rule.variant != "plays" && rule.variant != "cloudfront"
            && rule.variant != "plain" && rule.variant != "client_credentials")
        {
            error = "variant must be plays, cloudfront, plain or client_credentials";
            return std::nullopt;
        }
        return rule;
    }
    catch (const nlohmann::json::exception& exception)
    {
        error = exception.what();
        return std::nullopt;
    }
}

void FaultInjector::add (FaultRule rule)
{
    std::lock_guard lock (mutex_);
    rules_.push_back (std::move (rule));
}

void FaultInjector::clear()
{
    std::lock_guard lock (mutex_);
    rules_.clear();
}

std::vector<FaultRule> FaultInjector::rules() const
{
    std::lock_guard lock (mutex_);
    return rules_;
}

std::optional<FaultRule> FaultInjector::take (const std::string& host, const std::string& method,
                                              const std::string& path)
{
    std::lock_guard lock (mutex_);
    const auto it = std::find_if (rules_.begin(), rules_.end(),
                                  [&] (const FaultRule& rule) { return rule.matches (host, method, path); });
    if (it == rules_.end())
        return std::nullopt;
    auto fault = *it;
    if (--it->count <= 0)
        rules_.erase (it);
    ++triggered_;
    return fault;
}

bool FaultInjector::armedFor (const std::string& host, const std::string& method, const std::string& path) const
{
    std::lock_guard lock (mutex_);
    return std::any_of (rules_.begin(), rules_.end(),
                        [&] (const FaultRule& rule) { return rule.matches (host, method, path); });
}

std::int64_t FaultInjector::triggeredCount() const
{
    std::lock_guard lock (mutex_);
    return triggered_;
}
} // namespace wavelift::sandbox
