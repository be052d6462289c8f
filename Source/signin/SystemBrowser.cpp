#include "signin/SystemBrowser.h"

#include <cstdlib>

namespace wavelift::signin
{
std::vector<std::string> SystemBrowser::commandFor (const std::string& url)
{
    std::vector<std::string> argv;
    if (const char* custom = std::getenv ("WAVELIFT_BROWSER"); custom != nullptr && *custom != '\0')
        argv = splitCommandLine (custom);
    if (argv.empty())
        argv = { "xdg-open" };

    bool substituted = false;
    for (auto& word : argv)
        if (const auto at = word.find ("%s"); at != std::string::npos)
        {
            word.replace (at, 2, url);
            substituted = true;
        }
    if (!substituted)
        argv.push_back (url);
    return argv;
}

std::unique_ptr<ChildProcess> SystemBrowser::open (const std::string& url, std::string& error)
{
    return ChildProcess::start (commandFor (url), { false, false, true }, error);
}
} // namespace wavelift::signin
