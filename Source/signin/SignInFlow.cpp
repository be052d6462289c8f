#include "signin/SignInFlow.h"

#include "signin/SystemBrowser.h"

#include <condition_variable>
#include <mutex>
#include <variant>

namespace wavelift::signin
{
const char* toString (BrowserChoice choice) noexcept
{
    switch (choice)
    {
        case BrowserChoice::automatic: return "automatic";
        case BrowserChoice::embedded: return "embedded";
        case BrowserChoice::system: return "system";
    }
    return "automatic";
}

std::optional<BrowserChoice> browserChoiceFromString (const std::string& text)
{
    for (const auto choice : { BrowserChoice::automatic, BrowserChoice::embedded, BrowserChoice::system })
        if (text == toString (choice))
            return choice;
    return std::nullopt;
}

const char* toString (SignInResult::Status status) noexcept
{
    switch (status)
    {
        case SignInResult::Status::signedIn: return "signed in";
        case SignInResult::Status::cancelled: return "cancelled";
        case SignInResult::Status::denied: return "denied";
        case SignInResult::Status::authorizationError: return "authorization error";
        case SignInResult::Status::stateMismatch: return "state mismatch";
        case SignInResult::Status::tokenExchangeFailed: return "token exchange failed";
        case SignInResult::Status::browserUnavailable: return "browser unavailable";
        case SignInResult::Status::timedOut: return "timed out";
    }
    return "?";
}

/** The first thing that ends the wait: a callback (from the window or the loopback listener) or a window report. */
struct SignInFlow::Mailbox
{
    struct Callback
    {
        AuthorizationCallback fields;
        std::string source;
    };
    using Event = std::variant<Callback, HelperReport>;

    void post (Event event)
    {
        {
            const std::lock_guard lock (mutex);
            events.push_back (std::move (event));
        }
        condition.notify_all();
    }

    std::optional<Event> next (std::stop_token stop, std::chrono::steady_clock::time_point deadline)
    {
        std::unique_lock lock (mutex);
        if (!condition.wait_until (lock, stop, deadline, [this] { return !events.empty(); }))
            return std::nullopt;
        auto event = std::move (events.front());
        events.erase (events.begin());
        return event;
    }

    std::mutex mutex;
    std::condition_variable_any condition;
    std::vector<Event> events;
};

SignInFlow::SignInFlow (const TokenEndpoint& endpoint, TokenSession& userSession, Options options)
    : endpoint_ (endpoint)
    , session_ (userSession)
    , options_ (std::move (options))
    , mailbox_ (std::make_shared<Mailbox>())
{
}

SignInFlow::~SignInFlow()
{
    embedded_.reset(); // closes the window first
    if (browserProcess_ != nullptr)
        browserProcess_->detach(); // never kill the person's browser
}

void SignInFlow::say (const std::string& text) const
{
    if (options_.onMessage)
        options_.onMessage (text);
}

bool SignInFlow::startEmbedded (const AuthorizationRequest& request)
{
    const auto helper = findSignInHelper();
    if (!helper)
    {
        say ("The sign-in window (" + std::string (signInHelperName) + ") is not installed next to Wavelift.");
        return false;
    }
    std::string error;
    embedded_ = EmbeddedBrowser::start (
        *helper, request.url, request.redirectUri,
        [mailbox = mailbox_] (const HelperReport& report) { mailbox->post (report); }, error);
    if (embedded_ == nullptr)
    {
        say ("The sign-in window could not be opened: " + error);
        return false;
    }
    if (options_.onChildStarted)
        options_.onChildStarted ("helper", embedded_->pid());
    say ("Opened the SoundCloud sign-in window.");
    return true;
}

bool SignInFlow::startSystemBrowser (const AuthorizationRequest& request, std::string& problem)
{
    if (receiver_ == nullptr)
    {
        problem = "the redirect URI " + request.redirectUri
                  + " cannot be received on this computer (register http://127.0.0.1:PORT/callback)";
        return false;
    }
    browserProcess_ = SystemBrowser::open (request.url, problem);
    if (browserProcess_ == nullptr)
        return false;
    if (options_.onChildStarted)
        options_.onChildStarted ("browser", browserProcess_->pid());
    say ("Opened SoundCloud's sign-in page in your web browser. If nothing appeared, open this address:\n"
         + request.url);
    return true;
}

SignInResult SignInFlow::run (std::stop_token stop)
{
    const auto request = AuthorizationRequest::create (endpoint_.endpoints());
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;

    // The loopback listener runs in every mode: it is the system browser's way back, and a safety net should the
    // window let the redirect through.
    if (isLoopbackRedirect (request.redirectUri))
    {
        std::string error;
        receiver_ = LoopbackReceiver::start (
            request.redirectUri, request.state,
            [mailbox = mailbox_] (const AuthorizationCallback& callback) {
                mailbox->post (Mailbox::Callback{ callback, "loopback" });
            },
            error);
        if (receiver_ == nullptr)
            say ("Note: " + error);
    }

    SignInResult result;
    bool usingEmbedded = options_.browser != BrowserChoice::system && startEmbedded (request);
    const auto fallBack = [&] (const std::string& why) -> bool
    {
        embedded_.reset();
        usingEmbedded = false;
        result.fellBackToSystemBrowser = true;
        say (why + " Signing in through your web browser instead.");
        std::string problem;
        if (startSystemBrowser (request, problem))
            return true;
        result.status = SignInResult::Status::browserUnavailable;
        result.message = "no browser could be opened: " + problem;
        return false;
    };

    if (!usingEmbedded)
    {
        std::string problem;
        if (options_.browser != BrowserChoice::system)
            result.fellBackToSystemBrowser = true;
        if (!startSystemBrowser (request, problem))
        {
            result.status = SignInResult::Status::browserUnavailable;
            result.message = "no browser could be opened: " + problem;
            return result;
        }
    }

    for (;;)
    {
        auto event = mailbox_->next (stop, deadline);
        if (!event)
        {
            result.status = stop.stop_requested() ? SignInResult::Status::cancelled : SignInResult::Status::timedOut;
            result.message = stop.stop_requested() ? "sign-in was cancelled" : "sign-in took too long and was stopped";
            return result;
        }
        if (auto* callback = std::get_if<Mailbox::Callback> (&*event))
        {
            embedded_.reset(); // the window's job is done: close it now, not from its own callback
            auto finished = finish (request, callback->fields, stop);
            finished.deliveredBy = callback->source;
            finished.fellBackToSystemBrowser = result.fellBackToSystemBrowser;
            return finished;
        }

        const auto& report = std::get<HelperReport> (*event);
        switch (report.kind)
        {
            case HelperReport::Kind::redirect:
                mailbox_->post (Mailbox::Callback{ parseCallbackUrl (report.url), "embedded browser" });
                break;
            case HelperReport::Kind::closed:
                embedded_.reset();
                result.status = SignInResult::Status::cancelled;
                result.message = "the sign-in window was closed";
                return result;
            case HelperReport::Kind::webkitUnavailable:
                if (!fallBack ("The sign-in window needs WebKit (" + report.message
                               + "; install libwebkit2gtk-4.0-dev and libgtk-3-dev)."))
                    return result;
                break;
            case HelperReport::Kind::noDisplay:
                if (!fallBack ("The sign-in window could not open (" + report.message + ")."))
                    return result;
                break;
            case HelperReport::Kind::failed:
                if (!fallBack ("The sign-in window failed (" + report.message + ")."))
                    return result;
                break;
        }
    }
}

SignInResult SignInFlow::finish (const AuthorizationRequest& request, const AuthorizationCallback& callback,
                                 std::stop_token stop)
{
    SignInResult result;
    // The state is checked first: an answer that is not ours is never acted upon, whatever else it says.
    if (!equalSecrets (callback.state, request.state))
    {
        result.status = SignInResult::Status::stateMismatch;
        result.message = "the answer did not belong to this sign-in (state mismatch); nothing was done";
        return result;
    }
    if (!callback.error.empty())
    {
        result.error = callback.error;
        result.status =
            callback.error == "access_denied" ? SignInResult::Status::denied : SignInResult::Status::authorizationError;
        result.message = callback.error == "access_denied"
                             ? std::string ("access was not granted on SoundCloud")
                             : "SoundCloud refused the sign-in: " + callback.error
                                   + (callback.errorDescription.empty() ? "" : " (" + callback.errorDescription + ")");
        return result;
    }
    if (callback.code.empty())
    {
        result.status = SignInResult::Status::authorizationError;
        result.message = "SoundCloud's answer carried no authorization code";
        return result;
    }

    say ("Completing the sign-in...");
    const auto outcome = endpoint_.exchangeCode (callback.code, request.codeVerifier, stop);
    if (outcome.kind != TokenOutcome::Kind::granted)
    {
        result.status = outcome.kind == TokenOutcome::Kind::cancelled ? SignInResult::Status::cancelled
                                                                      : SignInResult::Status::tokenExchangeFailed;
        result.error = outcome.error;
        result.message = outcome.message;
        return result;
    }
    session_.adopt (*outcome.tokens);
    result.status = SignInResult::Status::signedIn;
    result.message = "signed in";
    return result;
}
} // namespace wavelift::signin
