#include "cli/CommandLine.h"

#include "cli/BounceCommand.h"
#include "cli/CatalogueCommands.h"
#include "cli/SignInCommands.h"

#include "core/Config.h"

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace wavelift::cli
{
CommandLine::CommandLine (std::vector<Command> commandsToUse)
    : commands (std::move (commandsToUse))
{
}

void CommandLine::printHelp (std::ostream& out) const
{
    out << "wavelift " << WAVELIFT_VERSION << " - bounce, sign in and publish to SoundCloud\n\n"
        << "Usage: wavelift <command> [options]\n"
        << "       wavelift --help | --version\n\n"
        << "Commands:\n";
    for (const auto& command : commands)
        out << "  " << std::left << std::setw (34) << command.synopsis << command.summary << '\n';
    out << "\nConfiguration: " << configFileName
        << " in the config folder ($WAVELIFT_CONFIG_DIR, else $XDG_CONFIG_HOME/wavelift, else ~/.config/wavelift),\n"
        << "overridden by WAVELIFT_API_URL, WAVELIFT_AUTH_URL, WAVELIFT_CLIENT_ID, WAVELIFT_CLIENT_SECRET and\n"
        << "WAVELIFT_REDIRECT_URI. 'wavelift config' shows what is in effect.\n";
}

int CommandLine::run (const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) const
{
    if (argv.size() < 2 || argv[1] == "--help" || argv[1] == "-h" || argv[1] == "help")
    {
        printHelp (out);
        return argv.size() < 2 ? exitUsage : exitOk;
    }
    if (argv[1] == "--version" || argv[1] == "-V")
    {
        out << "wavelift " << WAVELIFT_VERSION << '\n';
        return exitOk;
    }

    const auto found =
        std::find_if (commands.begin(), commands.end(), [&] (const Command& c) { return c.name == argv[1]; });
    if (found == commands.end())
    {
        err << "wavelift: unknown command '" << argv[1] << "' (see 'wavelift --help')\n";
        return exitUsage;
    }

    try
    {
        return found->run ({ { argv.begin() + 2, argv.end() }, out, err });
    }
    catch (const ConfigError& e)
    {
        err << "wavelift: configuration error: " << e.what() << '\n';
        return exitConfig;
    }
    catch (const std::exception& e)
    {
        err << "wavelift " << found->name << ": " << e.what() << '\n';
        return exitFailure;
    }
}

namespace
{
    int showConfig (const Invocation& invocation)
    {
        if (!invocation.arguments.empty())
        {
            invocation.err << "usage: wavelift config\n";
            return exitUsage;
        }
        invocation.out << loadConfig().describe();
        return exitOk;
    }
} // namespace

std::vector<Command> builtInCommands()
{
    return {
        { "config", "config", "Show the configuration in effect (secrets hidden)", showConfig },
        bounceCommand(),
        renderCommand(),
        signInCommand(),
        signOutCommand(),
        whoamiCommand(),
        uploadCommand(),
        tracksCommand(),
        searchCommand(),
        resolveCommand(),
        previewCommand(),
        compareCommand(),
    };
}
} // namespace wavelift::cli
