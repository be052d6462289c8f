#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace httplib
{
struct Response;
}

namespace wavelift::sandbox
{
class HttpListener;
class OAuthService;
class StateStore;

/** secure.soundcloud.com: the sign-in and consent page (GET/POST /authorize), the token endpoint and sign-out. */
class AuthHost
{
public:
    AuthHost (HttpListener& listener, OAuthService& oauth, StateStore& store, bool autoApprove);

private:
    void registerRoutes (HttpListener& listener);
    /** Validates the /authorize parameters; on failure the response is already set. */
    bool validateAuthorizeRequest (const std::map<std::string, std::string>& parameters,
                                   httplib::Response& response) const;
    void approve (const std::map<std::string, std::string>& parameters, std::int64_t userId, int status,
                  httplib::Response& response);

    OAuthService& oauth_;
    StateStore& store_;
    const bool autoApprove_;
};
} // namespace wavelift::sandbox
