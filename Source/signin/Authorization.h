#pragma once

#include "signin/Endpoints.h"

#include <optional>
#include <string>
#include <string_view>

namespace wavelift::signin
{
/** One sign-in attempt's secrets and the URL that starts it in a browser. */
struct AuthorizationRequest
{
    std::string codeVerifier; ///< stays in this process; only its challenge leaves it
    std::string codeChallenge;
    std::string state;
    std::string redirectUri;
    /** authorize?client_id&redirect_uri&response_type=code&code_challenge&code_challenge_method=S256&state
        (no scope: SoundCloud ignores it). */
    std::string url;

    /** A fresh verifier and state from the secure random source. */
    static AuthorizationRequest create (const Endpoints& endpoints);
};

/** What came back on the redirect URI. */
struct AuthorizationCallback
{
    std::string code;
    std::string state;
    std::string error; ///< e.g. access_denied, invalid_request
    std::string errorDescription;
};

/** True when `url` is the redirect URI with a query: same scheme, host and port, and the same path with or without a
    trailing slash. */
bool isRedirectTarget (std::string_view url, std::string_view redirectUri);

/** The code/state/error fields of a query string or form body ("code=...&state=..."). */
AuthorizationCallback parseCallbackFields (std::string_view encoded);

/** The callback fields of a full redirect URL (its query). */
AuthorizationCallback parseCallbackUrl (std::string_view url);

/** Constant-time comparison for the state check. */
bool equalSecrets (std::string_view a, std::string_view b) noexcept;
} // namespace wavelift::signin
