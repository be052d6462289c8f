#include "cli/SignInCommands.h"

#include "core/Config.h"
#include "signin/Account.h"

#include <csignal>
#include <cstdlib>
#include <ostream>
#include <stop_token>
#include <thread>

namespace wavelift::cli
{
namespace
{
    using signin::Account;

    /** The account for the configured app; the config folder holds the token store and its lock. */
    std::unique_ptr<Account> openAccount (const Config& config, std::ostream& err)
    {
        Account::Options options;
        if (const char* debug = std::getenv ("WAVELIFT_DEBUG_HTTP"); debug != nullptr && *debug == '1')
            options.log = [&err] (const std::string& line) { err << "[wavelift] " << line << '\n'; };
        return std::make_unique<Account> (signin::Endpoints::fromConfig (config),
                                          signin::StoreLocation{ config.file.parent_path() }, std::move (options));
    }

    /** Ctrl-C cancels a running sign-in cleanly (the window closes, the listener stops) instead of killing us. */
    class InterruptToStop
    {
    public:
        InterruptToStop()
        {
            sigset_t set;
            sigemptyset (&set);
            sigaddset (&set, SIGINT);
            sigaddset (&set, SIGTERM);
            pthread_sigmask (SIG_BLOCK, &set, &previous_);
            watcher_ = std::jthread (
                [this, set] (std::stop_token stop)
                {
                    int signal = 0;
                    timespec pollInterval{ 0, 200'000'000 };
                    siginfo_t info{};
                    while (!stop.stop_requested())
                        if ((signal = sigtimedwait (&set, &info, &pollInterval)) > 0)
                        {
                            source_.request_stop();
                            return;
                        }
                });
        }
        ~InterruptToStop()
        {
            watcher_.request_stop();
            watcher_.join();
            pthread_sigmask (SIG_SETMASK, &previous_, nullptr);
        }
        std::stop_token token() const { return source_.get_token(); }

    private:
        std::stop_source source_;
        sigset_t previous_{};
        std::jthread watcher_;
    };

    int signIn (const Invocation& invocation)
    {
        auto choice = signin::BrowserChoice::automatic;
        if (const char* setting = std::getenv ("WAVELIFT_SIGNIN_BROWSER"); setting != nullptr && *setting != '\0')
            if (const auto parsed = signin::browserChoiceFromString (setting))
                choice = *parsed;
        const auto& args = invocation.arguments;
        for (std::size_t i = 0; i < args.size(); ++i)
        {
            const auto value = (args[i] == "--browser" && i + 1 < args.size()) ? std::optional (args[++i])
                               : args[i].rfind ("--browser=", 0) == 0          ? std::optional (args[i].substr (10))
                                                                               : std::nullopt;
            const auto parsed = value ? signin::browserChoiceFromString (*value) : std::nullopt;
            if (!parsed)
            {
                invocation.err << "usage: wavelift sign-in [--browser automatic|embedded|system]\n";
                return exitUsage;
            }
            choice = *parsed;
        }

        const auto config = loadConfig();
        // The client id is needed; the secret is sent whenever it is configured (registered apps need it).
        if (config.clientId.value.empty())
            throw ConfigError (config.file.string(), "client_id",
                               "is not set: put it in this file or set WAVELIFT_CLIENT_ID");
        auto account = openAccount (config, invocation.err);

        signin::SignInFlow::Options options;
        options.browser = choice;
        options.onMessage = [&] (const std::string& text) { invocation.out << text << '\n' << std::flush; };
        const InterruptToStop interrupt;
        const auto result = account->signIn (options, interrupt.token());
        if (result.status != signin::SignInResult::Status::signedIn)
        {
            invocation.err << "wavelift sign-in: " << signin::toString (result.status) << ": " << result.message
                           << '\n';
            return exitFailure;
        }

        const auto me = account->whoAmI (interrupt.token());
        if (me.user)
            invocation.out << "Signed in as " << me.user->username << " (" << me.user->urn << ")\n";
        else
            invocation.out << "Signed in (" << me.message << ")\n";
        invocation.out << "Tokens are kept in " << account->store().describe() << ".\n";
        return exitOk;
    }

    int signOut (const Invocation& invocation)
    {
        if (!invocation.arguments.empty())
        {
            invocation.err << "usage: wavelift sign-out\n";
            return exitUsage;
        }
        const auto config = loadConfig();
        auto account = openAccount (config, invocation.err);
        const auto result = account->signOut();
        invocation.out << "Signed out (" << result.message << "); stored tokens deleted.\n";
        return exitOk;
    }

    int whoami (const Invocation& invocation)
    {
        if (!invocation.arguments.empty())
        {
            invocation.err << "usage: wavelift whoami\n";
            return exitUsage;
        }
        const auto config = loadConfig();
        auto account = openAccount (config, invocation.err);
        const auto me = account->whoAmI();
        if (!me.user)
        {
            invocation.err << "wavelift whoami: "
                           << (me.status == signin::AuthorizedResult::Status::notSignedIn
                                   ? "not signed in (run 'wavelift sign-in')"
                                   : me.message)
                           << '\n';
            return exitFailure;
        }
        invocation.out << me.user->username << '\n' << me.user->urn << '\n';
        return exitOk;
    }
} // namespace

Command signInCommand()
{
    return { "sign-in", "sign-in [--browser embedded|system]", "Sign in to SoundCloud (tokens stay out of projects)",
             signIn };
}

Command signOutCommand()
{
    return { "sign-out", "sign-out", "Sign out of SoundCloud and delete the stored tokens", signOut };
}

Command whoamiCommand() { return { "whoami", "whoami", "Print the signed-in user's name and URN", whoami }; }
} // namespace wavelift::cli
