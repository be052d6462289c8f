#include "signin/TokenSession.h"

#include <random>

namespace wavelift::signin
{
namespace
{
    TokenResult okResult (const TokenSet& tokens)
    {
        return { TokenResult::Status::ok, tokens.accessToken, {}, std::nullopt };
    }

    TokenResult notSignedIn (std::string message)
    {
        return { TokenResult::Status::notSignedIn, {}, std::move (message), std::nullopt };
    }
} // namespace

TokenSession::TokenSession (TokenKind kind, const TokenEndpoint& endpoint, TokenStore& store, StoreLocation location,
                            Options options)
    : kind_ (kind)
    , endpoint_ (endpoint)
    , store_ (store)
    , location_ (std::move (location))
    , options_ (std::move (options))
    , key_{ kind, endpoint.endpoints().clientId, endpoint.endpoints().apiHost() }
{
}

TokenResult TokenSession::accessToken (std::stop_token stop) { return obtain (Need::freshToken, {}, std::move (stop)); }

TokenResult TokenSession::refreshAfterUnauthorized (const std::string& rejectedToken, std::stop_token stop)
{
    return obtain (Need::replaceRejected, rejectedToken, std::move (stop));
}

TokenResult TokenSession::obtain (Need need, const std::string& rejectedToken, std::stop_token stop)
{
    std::unique_lock lock (mutex_);
    for (;;)
    {
        if (stop.stop_requested())
            return { TokenResult::Status::cancelled, {}, "cancelled", std::nullopt };

        if (!cacheLoaded_)
        {
            const StoreLock storeLock (location_.lockFile());
            cached_ = store_.load (storeLock, key_);
            cacheLoaded_ = true;
        }

        const auto now = options_.now();
        if (cached_ && need == Need::freshToken && cached_->isFresh (now, options_.refreshMargin))
            return okResult (*cached_);
        if (cached_ && need == Need::replaceRejected && cached_->accessToken != rejectedToken
            && cached_->isFresh (now, std::chrono::seconds (0)))
            return okResult (*cached_);

        if (refreshing_)
        {
            // Single flight: wait for the refresh in progress, then look again.
            refreshed_.wait (lock, stop, [this] { return !refreshing_; });
            continue;
        }

        if (backoffUntil_ && now < *backoffUntil_)
        {
            if (need == Need::freshToken && cached_ && now < cached_->expiresAt)
                return okResult (*cached_); // still valid: use it until the service is back
            return { TokenResult::Status::temporarilyUnavailable, {}, lastFailure_, backoffUntil_ };
        }

        refreshing_ = true;
        lock.unlock();
        TokenResult result;
        try
        {
            result = renewAcrossProcesses (need, rejectedToken, stop);
        }
        catch (const std::exception& e)
        {
            result = { TokenResult::Status::temporarilyUnavailable, {}, e.what(), std::nullopt };
        }
        lock.lock();
        refreshing_ = false;
        refreshed_.notify_all();
        return result;
    }
}

TokenResult TokenSession::renewAcrossProcesses (Need need, const std::string& rejectedToken, std::stop_token stop)
{
    const StoreLock storeLock (location_.lockFile());
    // Another process may have refreshed while this one waited for the lock: what is stored now is the truth.
    auto stored = store_.load (storeLock, key_);
    const auto now = options_.now();

    const auto publish = [this] (std::optional<TokenSet> tokens)
    {
        const std::lock_guard guard (mutex_);
        cached_ = std::move (tokens);
        cacheLoaded_ = true;
        backoffUntil_.reset();
        consecutiveFailures_ = 0;
    };

    if (stored
        && ((need == Need::freshToken && stored->isFresh (now, options_.refreshMargin))
            || (need == Need::replaceRejected && stored->accessToken != rejectedToken
                && stored->isFresh (now, std::chrono::seconds (0)))))
    {
        publish (stored);
        return okResult (*stored);
    }

    const auto adoptGranted = [&] (const TokenOutcome& outcome)
    {
        try
        {
            // Durable before use: the old refresh token is spent, the new one must survive a crash from here on.
            store_.save (storeLock, key_, *outcome.tokens);
        }
        catch (const std::exception& e)
        {
            note (std::string ("the renewed token could not be stored: ") + e.what());
        }
        publish (outcome.tokens);
        return okResult (*outcome.tokens);
    };

    const auto handleFailure = [&] (const TokenOutcome& outcome) -> TokenResult
    {
        if (outcome.kind == TokenOutcome::Kind::cancelled)
            return { TokenResult::Status::cancelled, {}, "cancelled", std::nullopt };
        startBackoff (outcome);
        const std::lock_guard guard (mutex_);
        cached_ = stored;
        if (need == Need::freshToken && stored && now < stored->expiresAt)
            return okResult (*stored);
        return { TokenResult::Status::temporarilyUnavailable, {}, lastFailure_, backoffUntil_ };
    };

    const auto exchangeAppCredentials = [&]() -> TokenResult
    {
        note ("requesting an app token (client credentials)");
        const auto outcome = endpoint_.clientCredentials (stop);
        if (outcome.kind == TokenOutcome::Kind::granted)
            return adoptGranted (outcome);
        if (outcome.kind == TokenOutcome::Kind::credentialsRejected)
        {
            publish (std::nullopt);
            return notSignedIn ("SoundCloud rejected the app's credentials (" + outcome.error
                                + "): check client_id and client_secret");
        }
        return handleFailure (outcome);
    };

    if (!stored || stored->refreshToken.empty())
    {
        if (kind_ == TokenKind::app)
            return exchangeAppCredentials();
        publish (std::nullopt);
        return notSignedIn ("not signed in to SoundCloud");
    }

    note (std::string ("refreshing the ") + toString (kind_) + " token");
    const auto outcome = endpoint_.refresh (stored->refreshToken, stop);
    switch (outcome.kind)
    {
        case TokenOutcome::Kind::granted: return adoptGranted (outcome);
        case TokenOutcome::Kind::credentialsRejected:
            // The one case that ends the sign-in: the service said so explicitly.
            note ("the stored sign-in was rejected (" + outcome.error + "); it is deleted");
            store_.remove (storeLock, key_);
            publish (std::nullopt);
            if (kind_ == TokenKind::app)
                return exchangeAppCredentials();
            return notSignedIn ("SoundCloud no longer accepts the stored sign-in (" + outcome.error
                                + "): sign in again");
        case TokenOutcome::Kind::refused:
        case TokenOutcome::Kind::transient:
        case TokenOutcome::Kind::cancelled: break;
    }
    return handleFailure (outcome);
}

void TokenSession::startBackoff (const TokenOutcome& outcome)
{
    const std::lock_guard guard (mutex_);
    ++consecutiveFailures_;
    auto delay = options_.firstBackoff * (1 << std::min (consecutiveFailures_ - 1, 16));
    delay = std::min<std::chrono::seconds> (delay, options_.maxBackoff);
    // Up to a quarter more, so that many clients don't return at the same instant (not a secret: std::minstd_rand).
    static thread_local std::minstd_rand jitter (std::random_device{}());
    delay += std::chrono::seconds (std::uniform_int_distribution<long> (0, delay.count() / 4) (jitter));
    auto until = options_.now() + delay;
    if (outcome.retryNotBefore && *outcome.retryNotBefore > until)
        until = *outcome.retryNotBefore;
    backoffUntil_ = until;
    lastFailure_ = outcome.message;
    note ("token renewal failed (" + outcome.message + "); next attempt in "
          + std::to_string (std::chrono::duration_cast<std::chrono::seconds> (until - options_.now()).count()) + " s");
}

void TokenSession::adopt (const TokenSet& tokens)
{
    {
        const StoreLock storeLock (location_.lockFile());
        store_.save (storeLock, key_, tokens);
    }
    const std::lock_guard guard (mutex_);
    cached_ = tokens;
    cacheLoaded_ = true;
    backoffUntil_.reset();
    consecutiveFailures_ = 0;
}

void TokenSession::forget()
{
    {
        const StoreLock storeLock (location_.lockFile());
        store_.remove (storeLock, key_);
    }
    const std::lock_guard guard (mutex_);
    cached_.reset();
    cacheLoaded_ = true;
    backoffUntil_.reset();
}

void TokenSession::note (const std::string& text) const
{
    if (options_.log)
        options_.log (text);
}
} // namespace wavelift::signin
