#include "cli/ServiceAccess.h"

#include <cstdlib>
#include <ostream>

namespace wavelift::cli
{
std::unique_ptr<signin::Account> openAccount (const Config& config, std::ostream& err)
{
    signin::Account::Options options;
    if (const char* debug = std::getenv ("WAVELIFT_DEBUG_HTTP"); debug != nullptr && *debug == '1')
        options.log = [&err] (const std::string& line) { err << "[wavelift] " << line << '\n'; };
    return std::make_unique<signin::Account> (signin::Endpoints::fromConfig (config),
                                              signin::StoreLocation{ config.file.parent_path() }, std::move (options));
}

ServiceAccess::ServiceAccess (const Config& loaded, Need need, std::ostream& err)
    : config (loaded)
    , account (openAccount (config, err))
{
    tokens = std::make_unique<signin::AccountTokens> (account->userSession(),
                                                      need == Need::userOrAppOnly ? &account->appSession() : nullptr);
    api = std::make_unique<soundcloud::ApiClient> (juce::URL (juce::String (config.apiUrl.value)), account->http(),
                                                   *tokens);
}
} // namespace wavelift::cli
