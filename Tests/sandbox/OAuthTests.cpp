// The auth host: sign-in page, PKCE authorization code exchange, refresh rotation, client credentials, and every
// error path of issue #3 (soundcloud-api.md §2).

#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
/** GET /authorize with the given parameters (no redirect following). */
HttpResponse authorize (const TestSandbox& sandbox, const std::vector<std::pair<std::string, std::string>>& parameters)
{
    std::string query;
    for (const auto& [key, value] : parameters)
        query += (query.empty() ? "?" : "&") + urlEncode (key) + "=" + urlEncode (value);
    return get (sandbox.auth ("/authorize" + query));
}

std::vector<std::pair<std::string, std::string>> validParameters (TestSandbox& sandbox, const Pkce& pkce)
{
    return { { "client_id", sandbox.server().clientId() },
             { "redirect_uri", sandbox.server().redirectUri() },
             { "response_type", "code" },
             { "code_challenge", pkce.challenge },
             { "code_challenge_method", "S256" },
             { "state", "csrf-42" } };
}

std::vector<std::pair<std::string, std::string>> with (std::vector<std::pair<std::string, std::string>> parameters,
                                                       const std::string& key, std::optional<std::string> value)
{
    std::erase_if (parameters, [&] (const auto& entry) { return entry.first == key; });
    if (value)
        parameters.emplace_back (key, *value);
    return parameters;
}

HttpResponse tokenRequest (const TestSandbox& sandbox, const std::vector<std::pair<std::string, std::string>>& fields,
                           std::vector<std::string> headers = {})
{
    return postForm (sandbox.auth ("/oauth/token"), fields, std::move (headers));
}

std::string oauthError (const HttpResponse& response) { return field (response, "error").get<std::string>(); }
} // namespace

TEST_CASE ("sandbox oauth - PKCE sign-in through the form - code exchange and an authenticated call",
           "[sandbox][oauth]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto pkce = Pkce::generate();
    REQUIRE (pkce.verifier.size() == 43);

    const auto page = authorize (sandbox, validParameters (sandbox, pkce));
    REQUIRE (page.status == 200);
    CHECK (page.header ("content-type").starts_with ("text/html"));
    CHECK (page.body.find ("<form id=\"signin\" method=\"post\" action=\"/authorize\">") != std::string::npos);
    CHECK (page.body.find ("name=\"password\"") != std::string::npos);
    CHECK (page.body.find ("value=\"approve\"") != std::string::npos);
    CHECK (page.body.find ("value=\"deny\"") != std::string::npos);
    // The challenge travels through the form; the verifier never leaves the client.
    CHECK (page.body.find (pkce.challenge) != std::string::npos);
    CHECK (page.body.find (pkce.verifier) == std::string::npos);

    const auto approved = postForm (sandbox.auth ("/authorize"),
                                    with (with (with (validParameters (sandbox, pkce), "username", server.username()),
                                                "password", server.password()),
                                          "decision", "approve"));
    REQUIRE (approved.status == 303);
    const auto location = approved.header ("location");
    REQUIRE (location.starts_with (server.redirectUri() + "?"));
    const auto callback = queryOf (location);
    CHECK (callback.at ("state") == "csrf-42");
    const auto code = callback.at ("code");
    CHECK_FALSE (code.empty());

    const auto exchanged = exchangeCode (server, code, pkce.verifier);
    REQUIRE (exchanged.status == 200);
    CHECK (exchanged.header ("content-type") == "application/json; charset=utf-8");
    CHECK (exchanged.header ("cache-control") == "no-store");
    const auto token = exchanged.json();
    CHECK (token.size() == 5);
    CHECK (token.at ("expires_in") == 3599);
    CHECK (token.at ("scope") == "");
    CHECK (token.at ("token_type") == "bearer");
    const auto accessToken = token.at ("access_token").get<std::string>();
    // JWT-shaped like the live tokens: three base64url parts.
    CHECK (std::count (accessToken.begin(), accessToken.end(), '.') == 2);
    CHECK (accessToken.size() > 100);
    CHECK_FALSE (token.at ("refresh_token").get<std::string>().empty());

    const auto me = get (sandbox.api ("/me"), accessToken);
    REQUIRE (me.status == 200);
    CHECK (field (me, "username") == "sandbox_user");

    SECTION ("Bearer is accepted like OAuth, as on the live API")
    {
        HttpRequest request;
        request.url = sandbox.api ("/me");
        request.headers.push_back ("Authorization: Bearer " + accessToken);
        CHECK (perform (request).status == 200);
    }

    SECTION ("the code is single use")
    {
        const auto reused = exchangeCode (server, code, pkce.verifier);
        CHECK (reused.status == 400);
        CHECK (reused.json() == nlohmann::json{ { "error", "invalid_grant" } });
    }
}

TEST_CASE ("sandbox oauth - authorize errors never redirect to an unregistered client or URI", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    const auto pkce = Pkce::generate();
    const auto parameters = validParameters (sandbox, pkce);

    const auto expectErrorPage = [] (const HttpResponse& response, const std::string& error)
    {
        CHECK (response.status == 400);
        CHECK (response.header ("location").empty());
        CHECK (response.header ("content-type").starts_with ("text/html"));
        CHECK (response.body.find (error) != std::string::npos);
    };

    SECTION ("unknown client_id")
    {
        expectErrorPage (authorize (sandbox, with (parameters, "client_id", "not-our-app")), "invalid_client");
    }
    SECTION ("missing client_id")
    {
        expectErrorPage (authorize (sandbox, with (parameters, "client_id", {})), "invalid_client");
    }
    SECTION ("redirect_uri with another scheme")
    {
        expectErrorPage (authorize (sandbox, with (parameters, "redirect_uri", "https://127.0.0.1:8765/callback")),
                         "invalid_request");
    }
    SECTION ("redirect_uri with a trailing slash")
    {
        expectErrorPage (authorize (sandbox, with (parameters, "redirect_uri", "http://127.0.0.1:8765/callback/")),
                         "invalid_request");
    }
    SECTION ("an attacker's redirect_uri")
    {
        expectErrorPage (authorize (sandbox, with (parameters, "redirect_uri", "http://evil.example/steal")),
                         "invalid_request");
    }
}

TEST_CASE ("sandbox oauth - authorize errors redirect to the registered URI with error and state", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    const auto pkce = Pkce::generate();
    const auto parameters = validParameters (sandbox, pkce);
    const auto redirectUri = sandbox.server().redirectUri();

    const auto expectRedirect = [&] (const HttpResponse& response, const std::string& error)
    {
        REQUIRE (response.header ("location").starts_with (redirectUri + "?"));
        const auto callback = queryOf (response.header ("location"));
        CHECK (callback.at ("error") == error);
        CHECK_FALSE (callback.at ("error_description").empty());
        CHECK (callback.at ("state") == "csrf-42");
        CHECK (callback.count ("code") == 0);
    };

    SECTION ("response_type token")
    {
        const auto response = authorize (sandbox, with (parameters, "response_type", "token"));
        CHECK (response.status == 302);
        expectRedirect (response, "unsupported_response_type");
    }
    SECTION ("missing code_challenge")
    {
        const auto response = authorize (sandbox, with (parameters, "code_challenge", {}));
        CHECK (response.status == 302);
        expectRedirect (response, "invalid_request");
    }
    SECTION ("missing code_challenge_method")
    {
        const auto response = authorize (sandbox, with (parameters, "code_challenge_method", {}));
        CHECK (response.status == 302);
        expectRedirect (response, "invalid_request");
    }
    SECTION ("plain code_challenge_method")
    {
        const auto response = authorize (sandbox, with (parameters, "code_challenge_method", "plain"));
        CHECK (response.status == 302);
        expectRedirect (response, "invalid_request");
    }
    SECTION ("the verifier sent instead of the challenge (#351)")
    {
        const auto response = authorize (sandbox, with (parameters, "code_challenge", pkce.verifier + "abcdefgh"));
        CHECK (response.status == 302);
        expectRedirect (response, "invalid_request");
    }
    SECTION ("the user presses Deny")
    {
        const auto response = postForm (sandbox.auth ("/authorize"), with (parameters, "decision", "deny"));
        CHECK (response.status == 303);
        expectRedirect (response, "access_denied");
    }
}

TEST_CASE ("sandbox oauth - a wrong password shows the form again without redirecting", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    const auto pkce = Pkce::generate();
    const auto response =
        postForm (sandbox.auth ("/authorize"),
                  with (with (with (validParameters (sandbox, pkce), "username", "sandbox_user"), "password", "wrong"),
                        "decision", "approve"));
    CHECK (response.status == 401);
    CHECK (response.header ("location").empty());
    CHECK (response.body.find ("Wrong username or password.") != std::string::npos);
    CHECK (response.body.find ("value=\"sandbox_user\"") != std::string::npos);
}

TEST_CASE ("sandbox oauth - auto-approve answers 302 with a code at once", "[sandbox][oauth]")
{
    TestSandbox sandbox ([] (Options& options) { options.autoApprove = true; });
    const auto pkce = Pkce::generate();
    const auto response = get (authorizeUrl (sandbox.server(), pkce, "auto-state"));
    REQUIRE (response.status == 302);
    const auto callback = queryOf (response.header ("location"));
    CHECK (callback.at ("state") == "auto-state");
    const auto exchanged = exchangeCode (sandbox.server(), callback.at ("code"), pkce.verifier);
    REQUIRE (exchanged.status == 200);
    CHECK (field (get (sandbox.api ("/me"), field (exchanged, "access_token")), "username") == "sandbox_user");

    // Errors still apply with auto-approve.
    CHECK (authorize (sandbox, with (validParameters (sandbox, pkce), "redirect_uri", "http://evil.example/")).status
           == 400);
}

TEST_CASE ("sandbox oauth - authorization_code exchange errors", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto pkce = Pkce::generate();
    const auto code = signInForCode (server, pkce);
    const auto fields = [&] (const std::string& key, std::optional<std::string> value)
    {
        return with ({ { "grant_type", "authorization_code" },
                       { "client_id", server.clientId() },
                       { "client_secret", server.clientSecret() },
                       { "redirect_uri", server.redirectUri() },
                       { "code_verifier", pkce.verifier },
                       { "code", code } },
                     key, std::move (value));
    };

    SECTION ("wrong verifier: invalid_grant, and the code is burnt")
    {
        const auto wrong = tokenRequest (sandbox, fields ("code_verifier", Pkce::generate().verifier));
        CHECK (wrong.status == 400);
        CHECK (oauthError (wrong) == "invalid_grant");
        CHECK (oauthError (exchangeCode (server, code, pkce.verifier)) == "invalid_grant");
    }
    SECTION ("wrong redirect_uri: invalid_grant")
    {
        const auto wrong = tokenRequest (sandbox, fields ("redirect_uri", "https://127.0.0.1:8765/callback"));
        CHECK (wrong.status == 400);
        CHECK (oauthError (wrong) == "invalid_grant");
    }
    SECTION ("wrong secret: 401 invalid_client, code still usable")
    {
        const auto wrong = tokenRequest (sandbox, fields ("client_secret", "nope"));
        CHECK (wrong.status == 401);
        CHECK (oauthError (wrong) == "invalid_client");
        CHECK (exchangeCode (server, code, pkce.verifier).status == 200);
    }
    SECTION ("missing secret: 401 invalid_client (registered apps are confidential, #365)")
    {
        const auto wrong = tokenRequest (sandbox, fields ("client_secret", {}));
        CHECK (wrong.status == 401);
        CHECK (oauthError (wrong) == "invalid_client");
    }
    SECTION ("unknown client: 401 invalid_client")
    {
        CHECK (oauthError (tokenRequest (sandbox, fields ("client_id", "someone-else"))) == "invalid_client");
    }
    SECTION ("missing verifier: invalid_request")
    {
        const auto wrong = tokenRequest (sandbox, fields ("code_verifier", {}));
        CHECK (wrong.status == 400);
        CHECK (oauthError (wrong) == "invalid_request");
    }
    SECTION ("unknown code: invalid_grant")
    {
        CHECK (oauthError (tokenRequest (sandbox, fields ("code", "made-up"))) == "invalid_grant");
    }
    SECTION ("unsupported grant type")
    {
        const auto wrong = tokenRequest (sandbox, fields ("grant_type", "password"));
        CHECK (wrong.status == 400);
        CHECK (oauthError (wrong) == "unsupported_grant_type");
    }
    SECTION ("missing grant type: invalid_request")
    {
        CHECK (oauthError (tokenRequest (sandbox, fields ("grant_type", {}))) == "invalid_request");
    }
    SECTION ("an expired code: invalid_grant")
    {
        server.advanceClock (std::chrono::seconds (301));
        const auto late = exchangeCode (server, code, pkce.verifier);
        CHECK (late.status == 400);
        CHECK (oauthError (late) == "invalid_grant");
    }
}

TEST_CASE ("sandbox oauth - refresh tokens rotate and a used one gives invalid_grant", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto first = userTokens (server);
    const auto refresh = [&] (const std::string& refreshToken)
    {
        return tokenRequest (sandbox, { { "grant_type", "refresh_token" },
                                        { "client_id", server.clientId() },
                                        { "client_secret", server.clientSecret() },
                                        { "refresh_token", refreshToken } });
    };

    const auto second = refresh (first.refreshToken);
    REQUIRE (second.status == 200);
    const auto secondAccess = field (second, "access_token").get<std::string>();
    const auto secondRefresh = field (second, "refresh_token").get<std::string>();
    CHECK (secondAccess != first.accessToken);
    CHECK (secondRefresh != first.refreshToken);
    CHECK (get (sandbox.api ("/me"), secondAccess).status == 200);

    const auto reused = refresh (first.refreshToken);
    CHECK (reused.status == 400);
    CHECK (reused.json() == nlohmann::json{ { "error", "invalid_grant" } });

    const auto third = refresh (secondRefresh);
    CHECK (third.status == 200);

    // Wrong client credentials are checked before the token.
    const auto wrongSecret = tokenRequest (sandbox, { { "grant_type", "refresh_token" },
                                                      { "client_id", server.clientId() },
                                                      { "client_secret", "nope" },
                                                      { "refresh_token", field (third, "refresh_token") } });
    CHECK (wrongSecret.status == 401);
    CHECK (oauthError (wrongSecret) == "invalid_client");
}

TEST_CASE ("sandbox oauth - access tokens expire after the configured lifetime", "[sandbox][oauth]")
{
    TestSandbox sandbox ([] (Options& options) { options.accessTokenLifetimeSeconds = 5; });
    const auto tokens = userTokens (sandbox.server());
    CHECK (tokens.body.at ("expires_in") == 5);
    CHECK (get (sandbox.api ("/me"), tokens.accessToken).status == 200);
    sandbox.server().advanceClock (std::chrono::seconds (6));
    const auto expired = get (sandbox.api ("/me"), tokens.accessToken);
    CHECK (expired.status == 401);
    CHECK (expired.body.empty());
    CHECK (expired.header ("content-type") == "text/plain");
}

TEST_CASE ("sandbox oauth - client credentials: Basic auth - app-only tokens read but cannot upload",
           "[sandbox][oauth]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto app = appTokens (server);
    CHECK (app.body.at ("token_type") == "bearer");
    CHECK_FALSE (app.refreshToken.empty());

    CHECK (get (sandbox.api ("/tracks?q=amen"), app.accessToken).status == 200);
    CHECK (get (sandbox.api ("/tracks/soundcloud:tracks:2147483640"), app.accessToken).status == 200);
    CHECK (get (sandbox.api ("/me"), app.accessToken).status == 401);

    const auto upload = uploadTrack (server, app.accessToken, sample ("guit_em9"), { { "track[title]", "Nope" } });
    CHECK (upload.status == 401);
    CHECK (upload.body.empty());

    SECTION ("a malformed Basic header is invalid_client (#339)")
    {
        const auto wrong = tokenRequest (sandbox, { { "grant_type", "client_credentials" } },
                                         { "Authorization: Basic ###not-base64###" });
        CHECK (wrong.status == 401);
        CHECK (oauthError (wrong) == "invalid_client");
    }
    SECTION ("a wrong secret in Basic is invalid_client")
    {
        const auto wrong = tokenRequest (sandbox, { { "grant_type", "client_credentials" } },
                                         { basicAuthorization (server.clientId(), "wrong") });
        CHECK (wrong.status == 401);
        CHECK (oauthError (wrong) == "invalid_client");
    }
    SECTION ("the app refresh token renews an app-only token")
    {
        const auto renewed =
            tokenRequest (sandbox, { { "grant_type", "refresh_token" }, { "refresh_token", app.refreshToken } },
                          { basicAuthorization (server.clientId(), server.clientSecret()) });
        REQUIRE (renewed.status == 200);
        CHECK (get (sandbox.api ("/me"), field (renewed, "access_token")).status == 401);
        CHECK (get (sandbox.api ("/tracks"), field (renewed, "access_token")).status == 200);
    }
}

TEST_CASE ("sandbox oauth - sign-out invalidates the token and its refresh token", "[sandbox][oauth]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();

    SECTION ("POST /sign-out on the API host")
    {
        const auto tokens = userTokens (server);
        HttpRequest request;
        request.method = "POST";
        request.url = sandbox.api ("/sign-out");
        request.headers.push_back (authorizationHeader (tokens.accessToken));
        CHECK (perform (request).status == 200);
        CHECK (get (sandbox.api ("/me"), tokens.accessToken).status == 401);
        const auto refreshed = tokenRequest (sandbox, { { "grant_type", "refresh_token" },
                                                        { "client_id", server.clientId() },
                                                        { "client_secret", server.clientSecret() },
                                                        { "refresh_token", tokens.refreshToken } });
        CHECK (oauthError (refreshed) == "invalid_grant");
    }
    SECTION ("POST /sign-out on the auth host with a JSON body")
    {
        const auto tokens = userTokens (server);
        HttpRequest request;
        request.method = "POST";
        request.url = sandbox.auth ("/sign-out");
        request.headers.push_back ("Content-Type: application/json");
        request.body = nlohmann::json{ { "access_token", tokens.accessToken } }.dump();
        CHECK (perform (request).status == 200);
        CHECK (get (sandbox.api ("/me"), tokens.accessToken).status == 401);
    }
}
