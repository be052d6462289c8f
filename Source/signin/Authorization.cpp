#include "signin/Authorization.h"

#include "net/FormEncoding.h"
#include "signin/Pkce.h"

#include <algorithm>

namespace wavelift::signin
{
AuthorizationRequest AuthorizationRequest::create (const Endpoints& endpoints)
{
    const auto pkce = generatePkcePair();
    AuthorizationRequest request{ pkce.verifier, pkce.challenge, generateState(), endpoints.redirectUri, {} };
    request.url = endpoints.authorizeUrl() + "?"
                  + net::formUrlEncode ({ { "client_id", endpoints.clientId },
                                          { "redirect_uri", request.redirectUri },
                                          { "response_type", "code" },
                                          { "code_challenge", request.codeChallenge },
                                          { "code_challenge_method", "S256" },
                                          { "state", request.state } });
    return request;
}

namespace
{
    struct UrlParts
    {
        std::string scheme, host, port, path;
        std::string_view query;
    };

    std::string lowered (std::string_view text)
    {
        std::string out (text);
        std::transform (out.begin(), out.end(), out.begin(), [] (unsigned char c) { return std::tolower (c); });
        return out;
    }

    std::optional<UrlParts> splitUrl (std::string_view url)
    {
        const auto schemeEnd = url.find ("://");
        if (schemeEnd == std::string_view::npos)
            return std::nullopt;
        UrlParts parts;
        parts.scheme = lowered (url.substr (0, schemeEnd));
        auto rest = url.substr (schemeEnd + 3);
        if (const auto hash = rest.find ('#'); hash != std::string_view::npos)
            rest = rest.substr (0, hash);
        const auto question = rest.find ('?');
        if (question != std::string_view::npos)
        {
            parts.query = rest.substr (question + 1);
            rest = rest.substr (0, question);
        }
        const auto slash = rest.find ('/');
        const auto authority = rest.substr (0, slash);
        parts.path = slash == std::string_view::npos ? std::string ("/") : std::string (rest.substr (slash));
        const auto colon = authority.rfind (':');
        const bool hasPort = colon != std::string_view::npos && authority.find (']', colon) == std::string_view::npos;
        parts.host = lowered (hasPort ? authority.substr (0, colon) : authority);
        parts.port = hasPort ? std::string (authority.substr (colon + 1)) : (parts.scheme == "https" ? "443" : "80");
        return parts;
    }

    std::string_view withoutTrailingSlash (std::string_view path)
    {
        while (path.size() > 1 && path.back() == '/')
            path.remove_suffix (1);
        return path;
    }
} // namespace

bool isRedirectTarget (std::string_view url, std::string_view redirectUri)
{
    const auto candidate = splitUrl (url);
    const auto expected = splitUrl (redirectUri);
    return candidate && expected && candidate->scheme == expected->scheme && candidate->host == expected->host
           && candidate->port == expected->port
           && withoutTrailingSlash (candidate->path) == withoutTrailingSlash (expected->path);
}

AuthorizationCallback parseCallbackFields (std::string_view encoded)
{
    const auto fields = net::parseForm (encoded);
    return { net::formValue (fields, "code").value_or (""), net::formValue (fields, "state").value_or (""),
             net::formValue (fields, "error").value_or (""),
             net::formValue (fields, "error_description").value_or ("") };
}

AuthorizationCallback parseCallbackUrl (std::string_view url)
{
    const auto parts = splitUrl (url);
    return parts ? parseCallbackFields (parts->query) : AuthorizationCallback{};
}

bool equalSecrets (std::string_view a, std::string_view b) noexcept
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const auto n = std::min (a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
        difference |= static_cast<unsigned char> (a[i] ^ b[i]);
    return difference == 0;
}
} // namespace wavelift::signin
