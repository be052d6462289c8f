#include "signin/Account.h"

#include "net/ResponseClassifier.h"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace wavelift::signin
{
TokenSession::Options Account::sessionOptionsFrom (const Options& options)
{
    auto session = options.sessionOptions;
    session.now = options.now;
    if (!session.log)
        session.log = options.log;
    return session;
}

Account::Account (Endpoints endpoints, StoreLocation location, Options options)
    : options_ (std::move (options))
    , http_ (net::ClientOptions{ "Wavelift/" WAVELIFT_VERSION, options_.log })
    , endpoint_ (std::move (endpoints), http_, options_.now)
    , location_ (std::move (location))
    , store_ (openTokenStore (location_, options_.storeBackend, options_.log))
    , user_ (TokenKind::user, endpoint_, *store_, location_, sessionOptionsFrom (options_))
    , app_ (TokenKind::app, endpoint_, *store_, location_, sessionOptionsFrom (options_))
{
}

std::shared_ptr<Account> Account::shared (const Config& config)
{
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<Account>> accounts;

    auto endpoints = Endpoints::fromConfig (config);
    const auto id = endpoints.clientId + "|" + endpoints.apiUrl + "|" + endpoints.authUrl + "|"
                    + config.file.parent_path().string();
    const std::lock_guard lock (mutex);
    if (auto existing = accounts[id].lock())
        return existing;
    auto account =
        std::make_shared<Account> (std::move (endpoints), StoreLocation{ config.file.parent_path() }, Options{});
    accounts[id] = account;
    return account;
}

SignInResult Account::signIn (SignInFlow::Options options, std::stop_token stop)
{
    SignInFlow flow (endpoint_, user_, std::move (options));
    return flow.run (std::move (stop));
}

Account::SignOutResult Account::signOut (std::stop_token stop)
{
    SignOutResult result;
    // The current token as stored; an expired one is not refreshed just to be revoked.
    std::optional<TokenSet> stored;
    {
        const StoreLock lock (location_.lockFile());
        stored = store_->load (lock, user_.key());
    }
    if (stored && !stored->accessToken.empty())
    {
        auto request =
            net::Request::post (juce::URL::createWithoutParsing (endpoint_.endpoints().signOutUrl()), nullptr);
        request.headers.add ("Authorization", "OAuth " + stored->accessToken);
        request.headers.add ("accept", jsonAccept);
        request.timeouts.total = std::chrono::seconds (30);
        const auto answer = http_.perform (request, stop);
        result.serverConfirmed = answer.ok() && answer.response().isSuccess();
        result.message =
            answer.ok() ? (result.serverConfirmed ? std::string ("SoundCloud ended the session")
                                                  : "SoundCloud answered " + net::errorMessageOf (answer.response()))
                        : "SoundCloud could not be reached (" + answer.failure().describe() + ")";
    }
    else
        result.message = "was not signed in";
    user_.forget();
    return result;
}

Account::WhoAmI Account::whoAmI (std::stop_token stop)
{
    WhoAmI whoAmI;
    auto client = userClient();
    const auto result = client.perform (
        net::Request::get (juce::URL::createWithoutParsing (endpoint_.endpoints().meUrl())), std::move (stop));
    whoAmI.status = result.status;
    whoAmI.message = result.message;
    if (result.status != AuthorizedResult::Status::answered)
        return whoAmI;
    const auto& response = *result.response;
    if (!response.isSuccess())
    {
        whoAmI.message = net::errorMessageOf (response);
        return whoAmI;
    }
    const auto json = nlohmann::json::parse (response.body, nullptr, false);
    if (!json.is_object() || !json.contains ("username") || !json["username"].is_string())
    {
        whoAmI.message = "GET /me did not describe a user";
        return whoAmI;
    }
    UserInfo user;
    user.username = json["username"].get<std::string>();
    if (json.contains ("urn") && json["urn"].is_string())
        user.urn = json["urn"].get<std::string>();
    if (json.contains ("avatar_url") && json["avatar_url"].is_string())
        user.avatarUrl = json["avatar_url"].get<std::string>();
    whoAmI.user = std::move (user);
    return whoAmI;
}
} // namespace wavelift::signin
