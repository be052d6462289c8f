#pragma once

#include "signin/TokenEndpoint.h"
#include "signin/TokenStore.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>

namespace wavelift::signin
{
/** The answer to "give me a token". */
struct TokenResult
{
    enum class Status
    {
        ok,
        /** No stored credentials (never signed in, signed out, or the service rejected them). */
        notSignedIn,
        /** The service could not renew the token just now; credentials are kept; try again after retryNotBefore. */
        temporarilyUnavailable,
        cancelled
    };

    Status status = Status::notSignedIn;
    std::string accessToken; ///< set when ok
    std::string message;     ///< for people; never a secret
    std::optional<TimePoint> retryNotBefore;

    bool ok() const noexcept { return status == Status::ok; }
};

/** Keeps one kind of token (user or app) valid for every caller in this process and cooperates with other processes
    sharing the same store:
    - a token is refreshed shortly before it expires, and on demand after a 401;
    - single flight: while one caller refreshes, the others wait for its result (mutex + condition variable), and
      across processes the refresh happens under the StoreLock after re-reading the store, so N callers in M
      processes send one refresh request;
    - the rotated refresh token is stored durably before the new access token is handed out;
    - only invalid_grant / invalid_client clear the credentials; network errors, 5xx, HTML pages and 429s keep them
      and start an exponential back-off (429: until its reset time);
    - an app session with no token (or a rejected refresh token) runs the client-credentials exchange; otherwise it
      renews with the refresh token, so exchanges stay rare. */
class TokenSession
{
public:
    struct Options
    {
        /** Refresh when the token expires within this. */
        std::chrono::seconds refreshMargin{ 120 };
        std::chrono::seconds firstBackoff{ 2 };
        std::chrono::seconds maxBackoff{ 300 };
        TokenEndpoint::Clock now = [] { return std::chrono::system_clock::now(); };
        std::function<void (const std::string&)> log;
    };

    TokenSession (TokenKind kind, const TokenEndpoint& endpoint, TokenStore& store, StoreLocation location,
                  Options options);

    /** A token valid for at least the refresh margin (or, when renewal fails transiently, the current one while it
        has not expired). Blocks while a refresh runs. */
    TokenResult accessToken (std::stop_token stop = {});

    /** After the API answered 401 to `rejectedToken`: renews it unless another caller (or process) already did. */
    TokenResult refreshAfterUnauthorized (const std::string& rejectedToken, std::stop_token stop = {});

    /** Stores tokens from a completed sign-in (or anywhere else) and makes them current. */
    void adopt (const TokenSet& tokens);

    /** Deletes the stored tokens of this kind. */
    void forget();

    StoreKey key() const { return key_; }

private:
    enum class Need
    {
        freshToken,
        replaceRejected
    };

    TokenResult obtain (Need need, const std::string& rejectedToken, std::stop_token stop);
    /** Runs under the StoreLock; returns the new state to publish. */
    TokenResult renewAcrossProcesses (Need need, const std::string& rejectedToken, std::stop_token stop);
    TokenResult resultFromCache (TimePoint now) const;
    void startBackoff (const TokenOutcome& outcome);
    void note (const std::string& text) const;

    const TokenKind kind_;
    const TokenEndpoint& endpoint_;
    TokenStore& store_;
    const StoreLocation location_;
    const Options options_;
    const StoreKey key_;

    std::mutex mutex_;
    std::condition_variable_any refreshed_;
    bool refreshing_ = false;
    std::optional<TokenSet> cached_;
    bool cacheLoaded_ = false;
    std::optional<TimePoint> backoffUntil_;
    int consecutiveFailures_ = 0;
    std::string lastFailure_;
};
} // namespace wavelift::signin
