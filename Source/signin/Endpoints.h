#pragma once

#include "core/Config.h"

#include <string>

namespace wavelift::signin
{
/** The service endpoints and app credentials sign-in uses, taken from the configuration. */
struct Endpoints
{
    std::string apiUrl;  ///< e.g. https://api.soundcloud.com (no trailing slash)
    std::string authUrl; ///< e.g. https://secure.soundcloud.com
    std::string clientId;
    std::string clientSecret; ///< may be empty; sent whenever set, never logged
    std::string redirectUri;  ///< sent as exactly these bytes in the authorize and the token request

    static Endpoints fromConfig (const Config& config);

    std::string authorizeUrl() const { return authUrl + "/authorize"; }
    std::string tokenUrl() const { return authUrl + "/oauth/token"; }
    std::string meUrl() const { return apiUrl + "/me"; }
    std::string signOutUrl() const { return apiUrl + "/sign-out"; }
    /** "host[:port]" of the API, part of the token store key. */
    std::string apiHost() const;
};

/** The Accept header SoundCloud's own clients send. */
inline constexpr const char* jsonAccept = "application/json; charset=utf-8";
} // namespace wavelift::signin
