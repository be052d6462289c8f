#pragma once

#include "signin/Authorization.h"
#include "signin/EmbeddedBrowser.h"
#include "signin/LoopbackReceiver.h"
#include "signin/TokenEndpoint.h"
#include "signin/TokenSession.h"

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace wavelift::signin
{
/** Where the sign-in page opens. */
enum class BrowserChoice
{
    automatic, ///< the embedded window when WebKit loads, else the system browser
    embedded,
    system
};

const char* toString (BrowserChoice choice) noexcept;
std::optional<BrowserChoice> browserChoiceFromString (const std::string& text);

struct SignInResult
{
    enum class Status
    {
        signedIn,
        cancelled,          ///< stopped by the caller, or the window was closed
        denied,             ///< error=access_denied: the person said no
        authorizationError, ///< another error= on the callback (invalid_request...)
        stateMismatch,      ///< the callback's state was not ours: refused, no token request made
        tokenExchangeFailed,
        browserUnavailable, ///< neither the window nor a browser could be opened
        timedOut
    };

    Status status = Status::cancelled;
    std::string message; ///< for people; never a token, code or secret
    std::string error;   ///< the OAuth error code, when there was one
    /** How the callback arrived: "embedded browser" or "loopback". */
    std::string deliveredBy;
    /** True when the embedded window was asked for but the system browser was used. */
    bool fellBackToSystemBrowser = false;
};

const char* toString (SignInResult::Status status) noexcept;

/** One "Sign in with SoundCloud": PKCE S256 and state, the authorize page in the embedded window (helper process) or
    the system browser with a loopback listener, the state check, the code exchange, and storing the tokens. The
    loopback listener keeps refusing late or repeated callbacks until the flow is destroyed. */
class SignInFlow
{
public:
    struct Options
    {
        BrowserChoice browser = BrowserChoice::automatic;
        std::chrono::seconds timeout{ 600 };
        /** Progress for people ("Opening the sign-in window..."); called from the running thread. */
        std::function<void (const std::string&)> onMessage;
        /** For tests and diagnostics: each child process started ("helper" or "browser") and its pid. */
        std::function<void (const std::string& role, pid_t pid)> onChildStarted;
    };

    SignInFlow (const TokenEndpoint& endpoint, TokenSession& userSession, Options options);
    ~SignInFlow();

    SignInResult run (std::stop_token stop = {});

    /** The loopback receiver, while the flow exists (nullptr if none was started). */
    const LoopbackReceiver* receiver() const noexcept { return receiver_.get(); }

private:
    struct Mailbox;

    void say (const std::string& text) const;
    bool startEmbedded (const AuthorizationRequest& request);
    bool startSystemBrowser (const AuthorizationRequest& request, std::string& problem);
    SignInResult finish (const AuthorizationRequest& request, const AuthorizationCallback& callback,
                         std::stop_token stop);

    const TokenEndpoint& endpoint_;
    TokenSession& session_;
    Options options_;
    std::shared_ptr<Mailbox> mailbox_;
    std::unique_ptr<LoopbackReceiver> receiver_;
    std::unique_ptr<EmbeddedBrowser> embedded_;
    std::unique_ptr<ChildProcess> browserProcess_;
};
} // namespace wavelift::signin
