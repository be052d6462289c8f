#include "signin/Endpoints.h"

namespace wavelift::signin
{
namespace
{
    std::string withoutTrailingSlash (std::string url)
    {
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        return url;
    }
} // namespace

Endpoints Endpoints::fromConfig (const Config& config)
{
    return { withoutTrailingSlash (config.apiUrl.value), withoutTrailingSlash (config.authUrl.value),
             config.clientId.value, config.clientSecret.value, config.redirectUri.value };
}

std::string Endpoints::apiHost() const
{
    auto rest = apiUrl.substr (apiUrl.find ("://") == std::string::npos ? 0 : apiUrl.find ("://") + 3);
    return rest.substr (0, rest.find ('/'));
}
} // namespace wavelift::signin
