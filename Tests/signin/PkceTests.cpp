// PKCE, state, the authorize URL and recognising the redirect.
#include "net/FormEncoding.h"
#include "signin/Authorization.h"
#include "signin/Pkce.h"

#include <catch2/catch.hpp>

#include <set>

using namespace wavelift;
using namespace wavelift::signin;

namespace
{
bool isUnreservedOnly (const std::string& text)
{
    return text.find_first_not_of ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
           == std::string::npos;
}
} // namespace

TEST_CASE ("the RFC 7636 Appendix B vector", "[signin][pkce]")
{
    CHECK (s256Challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
           == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST_CASE ("verifiers and states come from the secure source in the allowed alphabet", "[signin][pkce]")
{
    std::set<std::string> verifiers, states;
    for (int i = 0; i < 200; ++i)
    {
        const auto pair = generatePkcePair();
        CHECK (pair.verifier.size() == 43);
        CHECK (isUnreservedOnly (pair.verifier));
        CHECK (pair.challenge == s256Challenge (pair.verifier));
        CHECK (pair.challenge.size() == 43);
        verifiers.insert (pair.verifier);
        const auto state = generateState();
        CHECK (state.size() == 32);
        CHECK (isUnreservedOnly (state));
        states.insert (state);
    }
    CHECK (verifiers.size() == 200);
    CHECK (states.size() == 200);

    const unsigned char bytes[] = { 0xfb, 0xff, 0xfe };
    CHECK (base64UrlEncode (bytes, 3) == "-__-");
    CHECK (base64UrlEncode (bytes, 1) == "-w");
}

TEST_CASE ("the authorize URL carries the challenge, the state and the exact redirect URI", "[signin][pkce]")
{
    const Endpoints endpoints{ "https://api.example", "https://secure.example", "client id", "secret",
                               "http://127.0.0.1:8765/callback" };
    const auto request = AuthorizationRequest::create (endpoints);
    REQUIRE (request.url.rfind ("https://secure.example/authorize?", 0) == 0);
    const auto query = net::parseForm (request.url.substr (request.url.find ('?') + 1));
    CHECK (query
           == net::FormFields{ { "client_id", "client id" },
                               { "redirect_uri", "http://127.0.0.1:8765/callback" },
                               { "response_type", "code" },
                               { "code_challenge", request.codeChallenge },
                               { "code_challenge_method", "S256" },
                               { "state", request.state } });
    CHECK (request.codeChallenge == s256Challenge (request.codeVerifier));
    CHECK (request.url.find ("secret") == std::string::npos);
    CHECK (request.url.find (request.codeVerifier) == std::string::npos);
    CHECK (request.url.find ("scope") == std::string::npos);
}

TEST_CASE ("the redirect is recognised with and without a trailing slash, and nothing else is", "[signin]")
{
    const std::string redirect = "http://127.0.0.1:8765/callback";
    CHECK (isRedirectTarget ("http://127.0.0.1:8765/callback?code=a&state=b", redirect));
    CHECK (isRedirectTarget ("http://127.0.0.1:8765/callback/?code=a&state=b", redirect));
    CHECK (isRedirectTarget ("HTTP://127.0.0.1:8765/callback#x", redirect));
    CHECK (isRedirectTarget ("http://127.0.0.1:8765/callback?code=a", "http://127.0.0.1:8765/callback/"));
    CHECK_FALSE (isRedirectTarget ("http://127.0.0.1:8766/callback?code=a", redirect));
    CHECK_FALSE (isRedirectTarget ("http://localhost:8765/callback?code=a", redirect));
    CHECK_FALSE (isRedirectTarget ("https://127.0.0.1:8765/callback?code=a", redirect));
    CHECK_FALSE (isRedirectTarget ("http://127.0.0.1:8765/callbacks?code=a", redirect));
    CHECK_FALSE (
        isRedirectTarget ("http://127.0.0.1:8765/authorize?redirect_uri=http://127.0.0.1:8765/callback", redirect));

    const auto callback = parseCallbackUrl ("http://127.0.0.1:8765/callback?code=c%2B1&state=s-1&x=y");
    CHECK (callback.code == "c+1");
    CHECK (callback.state == "s-1");
    CHECK (callback.error.empty());
    const auto denied = parseCallbackUrl ("http://127.0.0.1:8765/callback/?error=access_denied&error_description="
                                          "The+user+said+no&state=s");
    CHECK (denied.error == "access_denied");
    CHECK (denied.errorDescription == "The user said no");
    CHECK (equalSecrets ("abc", "abc"));
    CHECK_FALSE (equalSecrets ("abc", "abd"));
    CHECK_FALSE (equalSecrets ("abc", "abcd"));
}
