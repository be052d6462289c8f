#include "signin/TokenEndpoint.h"

#include "net/FormEncoding.h"
#include "net/ResponseClassifier.h"

#include <juce_core/juce_core.h>
#include <nlohmann/json.hpp>

namespace wavelift::signin
{
TokenEndpoint::TokenEndpoint (Endpoints endpoints, const net::HttpClient& http, Clock now)
    : endpoints_ (std::move (endpoints))
    , http_ (http)
    , now_ (std::move (now))
{
}

net::Request TokenEndpoint::formRequest (net::FormFields fields) const
{
    auto request = net::Request::post (juce::URL::createWithoutParsing (endpoints_.tokenUrl()),
                                       net::RequestBody::fromForm (fields));
    request.headers.add ("accept", jsonAccept);
    request.timeouts.connect = std::chrono::seconds (15);
    request.timeouts.stall = std::chrono::seconds (30);
    request.timeouts.total = std::chrono::seconds (60);
    return request;
}

TokenOutcome TokenEndpoint::exchangeCode (const std::string& code, const std::string& codeVerifier,
                                          std::stop_token stop) const
{
    net::FormFields fields{ { "grant_type", "authorization_code" }, { "client_id", endpoints_.clientId } };
    if (!endpoints_.clientSecret.empty())
        fields.emplace_back ("client_secret", endpoints_.clientSecret);
    fields.emplace_back ("redirect_uri", endpoints_.redirectUri);
    fields.emplace_back ("code_verifier", codeVerifier);
    fields.emplace_back ("code", code);
    return send (formRequest (std::move (fields)), std::move (stop));
}

TokenOutcome TokenEndpoint::refresh (const std::string& refreshToken, std::stop_token stop) const
{
    net::FormFields fields{ { "grant_type", "refresh_token" }, { "client_id", endpoints_.clientId } };
    if (!endpoints_.clientSecret.empty())
        fields.emplace_back ("client_secret", endpoints_.clientSecret);
    fields.emplace_back ("refresh_token", refreshToken);
    return send (formRequest (std::move (fields)), std::move (stop));
}

TokenOutcome TokenEndpoint::clientCredentials (std::stop_token stop) const
{
    auto request = formRequest ({ { "grant_type", "client_credentials" } });
    const auto credentials = endpoints_.clientId + ":" + endpoints_.clientSecret;
    request.headers.add ("Authorization",
                         "Basic " + juce::Base64::toBase64 (credentials.data(), credentials.size()).toStdString());
    return send (std::move (request), std::move (stop));
}

TokenOutcome TokenEndpoint::send (net::Request request, std::stop_token stop) const
{
    const auto result = http_.perform (request, stop);
    TokenOutcome outcome;
    if (!result.ok())
    {
        outcome.kind = result.failure().error == net::NetError::cancelled ? TokenOutcome::Kind::cancelled
                                                                          : TokenOutcome::Kind::transient;
        outcome.message = "the sign-in service could not be reached (" + result.failure().describe() + ")";
        return outcome;
    }

    const auto& response = result.response();
    if (response.isSuccess())
    {
        const auto json = nlohmann::json::parse (response.body, nullptr, false);
        if (auto tokens = TokenSet::fromTokenResponse (json, now_()))
        {
            outcome.kind = TokenOutcome::Kind::granted;
            outcome.tokens = std::move (tokens);
            return outcome;
        }
        // A 200 without a token (an HTML page from a proxy, say) tells nothing about the grant.
        outcome.message = "the sign-in service answered without a token (" + net::errorMessageOf (response) + ")";
        return outcome;
    }

    if (const auto limit = net::rateLimitOf (response))
    {
        if (limit->resetTime)
            outcome.retryNotBefore = limit->resetTime;
        else if (limit->retryAfter)
            outcome.retryNotBefore = now_() + *limit->retryAfter;
    }

    outcome.error = net::classifyBody (response) == net::BodyKind::json ? net::oauthErrorCode (response) : "";
    if (net::isTransientFailure (response) || outcome.error.empty())
    {
        outcome.kind = TokenOutcome::Kind::transient;
        outcome.error.clear();
        outcome.message = "the sign-in service is unavailable (" + net::errorMessageOf (response) + ")";
        return outcome;
    }
    outcome.kind = (outcome.error == "invalid_grant" || outcome.error == "invalid_client")
                       ? TokenOutcome::Kind::credentialsRejected
                       : TokenOutcome::Kind::refused;
    outcome.message = "the sign-in service refused the request: " + outcome.error;
    return outcome;
}
} // namespace wavelift::signin
