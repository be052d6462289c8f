// wavelift-signin-helper: the embedded sign-in window, in a process of its own so that a plugin never forks its host
// or loads GTK3/WebKit into it (JUCE 7.0.5's WebBrowserComponent does both inside plugins).
//
// Protocol: the parent writes one JSON line to stdin: {"authorize_url": ..., "redirect_uri": ..., "title": ...}.
// The helper answers with one JSON line on the stdout it was started with:
//   {"outcome":"redirect","url":...}        the navigation to the redirect URI, caught and cancelled
//   {"outcome":"closed"}                    the person closed the window
//   {"outcome":"webkit_unavailable","message":...}
//   {"outcome":"no_display","message":...}
// It quits when stdin reaches end of file (the parent is done, or gone).
#include "signin/Authorization.h"
#include "ui/X11Workarounds.h"

#include <juce_gui_extra/juce_gui_extra.h>
#include <nlohmann/json.hpp>

#include <X11/Xlib.h>
#include <cstdlib>
#include <dlfcn.h>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace
{
/** The parent's result channel: the original stdout, kept private (close-on-exec) so that the WebKit processes JUCE
    starts never hold it open. fd 1 itself is pointed at stderr. */
class ReportChannel
{
public:
    ReportChannel()
        : fd_ (::fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3))
    {
        ::dup2 (STDERR_FILENO, STDOUT_FILENO);
    }

    /** Writes the one report; later calls do nothing. */
    void send (const nlohmann::json& report)
    {
        if (sent_ || fd_ < 0)
            return;
        sent_ = true;
        const auto line = report.dump() + "\n";
        [[maybe_unused]] auto ignored = ::write (fd_, line.data(), line.size());
    }

private:
    int fd_;
    bool sent_ = false;
};

ReportChannel& reports()
{
    static ReportChannel channel;
    return channel;
}

/** Checks that JUCE will find WebKit and GTK (it dlopens the unversioned names that only the -dev packages
    provide); returns the missing ones. WAVELIFT_SIGNIN_WEBKIT_LIBRARIES (colon-separated) replaces the list, so
    tests can simulate a machine without them. */
std::string missingWebKitLibraries()
{
    std::string names = "libwebkit2gtk-4.0.so:libgtk-3.so";
    if (const char* overridden = std::getenv ("WAVELIFT_SIGNIN_WEBKIT_LIBRARIES"); overridden != nullptr)
        names = overridden;
    std::string missing;
    for (const auto& name : juce::StringArray::fromTokens (names, ":", ""))
    {
        // Never dlclose: loading WebKit starts threads that would run on in unmapped code. JUCE opens the same
        // names next and gets these handles.
        if (::dlopen (name.toRawUTF8(), RTLD_LAZY | RTLD_LOCAL) == nullptr)
            missing += (missing.empty() ? "" : ", ") + name.toStdString() + " cannot be loaded";
    }
    return missing;
}

class SignInBrowser final : public juce::WebBrowserComponent
{
public:
    SignInBrowser (std::string redirectUri, std::function<void (const juce::String&)> onRedirect)
        : redirectUri_ (std::move (redirectUri))
        , onRedirect_ (std::move (onRedirect))
    {
    }

    bool pageAboutToLoad (const juce::String& url) override
    {
        // Server redirects (the 302 after consent) arrive here too. The redirect URI is never loaded: nothing needs
        // to listen on it, and the code never reaches a page.
        if (!wavelift::signin::isRedirectTarget (url.toStdString(), redirectUri_))
            return true;
        onRedirect_ (url);
        return false;
    }

    void newWindowAttemptingToLoad (const juce::String& url) override { goToURL (url); }

private:
    std::string redirectUri_;
    std::function<void (const juce::String&)> onRedirect_;
};

class SignInWindow final : public juce::DocumentWindow
{
public:
    SignInWindow (const juce::String& title, const std::string& authorizeUrl, const std::string& redirectUri)
        : DocumentWindow (title, juce::Colours::white, DocumentWindow::closeButton)
    {
        browser_ = std::make_unique<SignInBrowser> (
            redirectUri,
            [] (const juce::String& url)
            {
                reports().send ({ { "outcome", "redirect" }, { "url", url.toStdString() } });
                // Never destroy the browser from inside its own callback: quit from the message loop.
                juce::MessageManager::callAsync ([] { juce::JUCEApplication::quit(); });
            });
        browser_->setSize (520, 720);
        setContentNonOwned (browser_.get(), true);
        setUsingNativeTitleBar (true);
        setResizable (true, false);
        centreWithSize (getWidth(), getHeight());
        setVisible (true);
        browser_->goToURL (authorizeUrl);
    }

    ~SignInWindow() override
    {
        clearContentComponent(); // the browser is ours: detach it before it goes
    }

    void closeButtonPressed() override
    {
        reports().send ({ { "outcome", "closed" } });
        juce::JUCEApplication::quit();
    }

private:
    std::unique_ptr<SignInBrowser> browser_;
};

class SignInHelperApplication final : public juce::JUCEApplication
{
public:
    const juce::String getApplicationName() override { return "Wavelift Sign-in"; }
    const juce::String getApplicationVersion() override { return WAVELIFT_VERSION; }
    bool moreThanOneInstanceAllowed() override { return true; }

    void initialise (const juce::String&) override
    {
        reports(); // take the result channel before anything else can inherit it

        std::string line;
        if (!std::getline (std::cin, line))
            return quitNow();
        const auto request = nlohmann::json::parse (line, nullptr, false);
        const auto text = [&] (const char* key)
        {
            return request.is_object() && request.contains (key) && request[key].is_string()
                       ? request[key].get<std::string>()
                       : std::string();
        };
        const auto authorizeUrl = text ("authorize_url"), redirectUri = text ("redirect_uri");
        if (authorizeUrl.empty() || redirectUri.empty())
        {
            reports().send ({ { "outcome", "failed" }, { "message", "the request was incomplete" } });
            return quitNow();
        }

        if (const auto missing = missingWebKitLibraries(); !missing.empty())
        {
            reports().send ({ { "outcome", "webkit_unavailable" }, { "message", missing } });
            return quitNow();
        }
        if (Display* display = XOpenDisplay (nullptr))
            XCloseDisplay (display);
        else
        {
            reports().send ({ { "outcome", "no_display" }, { "message", "no X display is available" } });
            return quitNow();
        }

        // Xvfb and other bare X servers have no window manager: JUCE 7.0.5 needs these atoms to exist.
        wavelift::ui::ensureWindowManagerAtomsExist();
        window_ = std::make_unique<SignInWindow> (text ("title").empty() ? "Sign in" : text ("title"), authorizeUrl,
                                                  redirectUri);
        stdinWatcher_ = std::thread (
            []
            {
                // The parent closes our stdin when it no longer needs the window (or when it dies).
                std::string ignored;
                while (std::getline (std::cin, ignored))
                    ;
                juce::MessageManager::callAsync ([] { juce::JUCEApplication::quit(); });
            });
        stdinWatcher_.detach();
    }

    void shutdown() override { window_.reset(); }

    void systemRequestedQuit() override { quit(); }

private:
    void quitNow()
    {
        juce::MessageManager::callAsync ([] { juce::JUCEApplication::quit(); });
    }

    std::unique_ptr<SignInWindow> window_;
    std::thread stdinWatcher_;
};
} // namespace

START_JUCE_APPLICATION (SignInHelperApplication)
