#include "sandbox/AuthHost.h"

#include "sandbox/ApiResponses.h"
#include "sandbox/HtmlPages.h"
#include "sandbox/HttpListener.h"
#include "sandbox/OAuthService.h"
#include "sandbox/StateStore.h"
#include "sandbox/UrlCoding.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace wavelift::sandbox
{
namespace
{
    constexpr std::size_t maxFormBytes = 64 * 1024;

    std::string value (const std::map<std::string, std::string>& parameters, const std::string& key)
    {
        const auto it = parameters.find (key);
        return it == parameters.end() ? std::string{} : it->second;
    }

    std::map<std::string, std::string> queryParameters (const httplib::Request& request)
    {
        std::map<std::string, std::string> parameters;
        for (const auto& [key, parameter] : request.params)
            parameters.emplace (key, parameter);
        return parameters;
    }

    /** redirect_uri plus the callback parameters, keeping any query the registered URI already has. */
    std::string callbackUrl (const std::string& redirectUri,
                             const std::vector<std::pair<std::string, std::string>>& pairs)
    {
        const auto separator = redirectUri.find ('?') == std::string::npos ? '?' : '&';
        return redirectUri + separator + buildQuery (pairs);
    }

    void redirectTo (httplib::Response& response, const std::string& location, int status)
    {
        response.status = status;
        response.set_header ("Location", location);
        response.set_header ("Cache-Control", "no-store");
        response.set_content ("", "text/html");
    }

    void redirectWithError (httplib::Response& response, const std::map<std::string, std::string>& parameters,
                            const std::string& error, const std::string& description, int status = 302)
    {
        std::vector<std::pair<std::string, std::string>> pairs{ { "error", error },
                                                                { "error_description", description } };
        if (const auto state = value (parameters, "state"); !state.empty())
            pairs.emplace_back ("state", state);
        redirectTo (response, callbackUrl (value (parameters, "redirect_uri"), pairs), status);
    }

    bool isBase64UrlCharacter (char c) { return std::isalnum (static_cast<unsigned char> (c)) || c == '-' || c == '_'; }

    /** The parameters the sign-in form carries through as hidden fields. */
    std::map<std::string, std::string> carriedParameters (const std::map<std::string, std::string>& parameters)
    {
        std::map<std::string, std::string> carried;
        for (const auto* key :
             { "client_id", "redirect_uri", "response_type", "code_challenge", "code_challenge_method", "state" })
            if (const auto it = parameters.find (key); it != parameters.end())
                carried.emplace (it->first, it->second);
        return carried;
    }
} // namespace

AuthHost::AuthHost (HttpListener& listener, OAuthService& oauth, StateStore& store, bool autoApprove)
    : oauth_ (oauth)
    , store_ (store)
    , autoApprove_ (autoApprove)
{
    registerRoutes (listener);
}

bool AuthHost::validateAuthorizeRequest (const std::map<std::string, std::string>& parameters,
                                         httplib::Response& response) const
{
    const auto app = store_.read ([] (const State& state) { return state.app; });
    // RFC 6749 §4.1.2.1: with an unknown client or a redirect URI that isn't the registered one, tell the
    // user and never redirect (that would make the server an open redirector).
    if (value (parameters, "client_id") != app.clientId)
    {
        response.status = 400;
        response.set_content (authorizeErrorPage ("invalid_client", "Unknown client_id."), "text/html; charset=utf-8");
        return false;
    }
    if (value (parameters, "redirect_uri") != app.redirectUri)
    {
        response.status = 400;
        response.set_content (authorizeErrorPage ("invalid_request",
                                                  "redirect_uri does not match the redirect URI registered for "
                                                  "this app."),
                              "text/html; charset=utf-8");
        return false;
    }
    if (value (parameters, "response_type") != "code")
    {
        redirectWithError (response, parameters, "unsupported_response_type", "response_type must be code.");
        return false;
    }
    const auto challenge = value (parameters, "code_challenge");
    if (challenge.empty())
    {
        redirectWithError (response, parameters, "invalid_request", "code_challenge is required (PKCE).");
        return false;
    }
    if (value (parameters, "code_challenge_method") != "S256")
    {
        redirectWithError (response, parameters, "invalid_request", "code_challenge_method must be S256.");
        return false;
    }
    // An S256 challenge is exactly 43 base64url characters (a verifier sent by mistake is usually longer).
    if (challenge.size() != 43 || !std::all_of (challenge.begin(), challenge.end(), isBase64UrlCharacter))
    {
        redirectWithError (response, parameters, "invalid_request", "code_challenge is malformed.");
        return false;
    }
    return true;
}

void AuthHost::approve (const std::map<std::string, std::string>& parameters, std::int64_t userId, int status,
                        httplib::Response& response)
{
    const auto code =
        oauth_.issueAuthorizationCode (value (parameters, "client_id"), value (parameters, "redirect_uri"),
                                       value (parameters, "code_challenge"), userId);
    std::vector<std::pair<std::string, std::string>> pairs{ { "code", code } };
    if (const auto state = value (parameters, "state"); !state.empty())
        pairs.emplace_back ("state", state);
    redirectTo (response, callbackUrl (value (parameters, "redirect_uri"), pairs), status);
}

void AuthHost::registerRoutes (HttpListener& listener)
{
    listener.route ("GET", "/authorize",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody&)
                    {
                        const auto parameters = queryParameters (request);
                        if (!validateAuthorizeRequest (parameters, response))
                            return;
                        if (autoApprove_)
                        {
                            const auto userId = store_.read (
                                [] (const State& state)
                                {
                                    const auto it =
                                        std::find_if (state.users.begin(), state.users.end(),
                                                      [] (const auto& user) { return !user.passwordHash.empty(); });
                                    return it == state.users.end() ? std::int64_t{ 0 } : it->id;
                                });
                            approve (parameters, userId, 302, response);
                            return;
                        }
                        response.status = 200;
                        response.set_header ("Cache-Control", "no-store");
                        response.set_content (signInPage ({ carriedParameters (parameters), "Wavelift", "", "" }),
                                              "text/html; charset=utf-8");
                    });

    listener.route (
        "POST", "/authorize",
        [this] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            const auto content = body.readAll (maxFormBytes);
            if (!content)
            {
                response.status = 413;
                response.set_content (authorizeErrorPage ("invalid_request", "Form too large."),
                                      "text/html; charset=utf-8");
                return;
            }
            const auto form = parseFormEncoded (*content);
            if (!validateAuthorizeRequest (form, response))
                return;
            // 303: the browser follows a form POST's redirect with a GET.
            if (value (form, "decision") != "approve")
            {
                redirectWithError (response, form, "access_denied", "The user denied access to the app.", 303);
                return;
            }
            const auto userId = oauth_.checkPassword (value (form, "username"), value (form, "password"));
            if (!userId)
            {
                response.status = 401;
                response.set_header ("Cache-Control", "no-store");
                response.set_content (signInPage ({ carriedParameters (form), "Wavelift", value (form, "username"),
                                                    "Wrong username or password." }),
                                      "text/html; charset=utf-8");
                return;
            }
            approve (form, *userId, 303, response);
        });

    listener.route ("POST", "/oauth/token",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    {
                        const auto content = body.readAll (maxFormBytes);
                        if (!content)
                        {
                            sendOAuthError (response, 400, "invalid_request");
                            return;
                        }
                        const auto result =
                            oauth_.exchange (parseFormEncoded (*content), request.get_header_value ("Authorization"),
                                             request.remote_addr);
                        response.set_header ("Cache-Control", "no-store");
                        response.set_header ("Pragma", "no-cache");
                        sendJson (response, result.status, result.body);
                    });

    // Several clients sign out here with {"access_token": …} (the guide's host); the SPEC puts it on the API host.
    listener.route ("POST", "/sign-out",
                    [this] (const httplib::Request& request, httplib::Response& response, RequestBody& body)
                    {
                        const auto content = body.readAll (maxFormBytes).value_or ("");
                        auto token = OAuthService::bearerToken (request.get_header_value ("Authorization"));
                        if (const auto json = nlohmann::json::parse (content, nullptr, false);
                            json.is_object() && json.contains ("access_token") && json["access_token"].is_string())
                            token = json["access_token"].get<std::string>();
                        else if (const auto form = parseFormEncoded (content); form.count ("access_token") > 0)
                            token = form.at ("access_token");
                        if (!token.empty())
                            oauth_.revoke (token);
                        sendJson (response, 200, { { "status", "200 - OK" } });
                    });

    listener.setNotFoundHandler (
        [] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            body.discard();
            sendApiError (response, 404, "Not Found");
        });
}
} // namespace wavelift::sandbox
