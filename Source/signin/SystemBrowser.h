#pragma once

#include "signin/ChildProcess.h"

#include <memory>
#include <string>

namespace wavelift::signin
{
/** Opens a URL in the person's browser: the command in $WAVELIFT_BROWSER (split like a shell would; "%s" is replaced
    by the URL, otherwise the URL is appended), else xdg-open. Only the authorize URL is ever opened this way: it
    carries no token and no secret (the PKCE challenge and state are single-use). */
class SystemBrowser
{
public:
    /** The started command (keep it to inspect or reap; destroying it detaches, never kills, a browser), or nullptr
        with `error` set. */
    static std::unique_ptr<ChildProcess> open (const std::string& url, std::string& error);

    /** The argv that open() would run for `url`. */
    static std::vector<std::string> commandFor (const std::string& url);
};
} // namespace wavelift::signin
