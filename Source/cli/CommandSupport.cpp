#include "cli/CommandSupport.h"

#include "signin/AccountTokens.h"
#include "soundcloud/ApiError.h"

#include <ostream>

namespace wavelift::cli
{
int runCommand (const Invocation& invocation, const char* usage, const std::function<int (Arguments&)>& body)
{
    try
    {
        Arguments arguments (invocation.arguments);
        return body (arguments);
    }
    catch (const UsageError& e)
    {
        invocation.err << "wavelift: " << e.what() << "\nusage: " << usage << '\n';
        return exitUsage;
    }
    catch (const signin::TokenUnavailable& e)
    {
        invocation.err << "wavelift: " << e.what() << '\n';
        return exitFailure;
    }
    catch (const soundcloud::ApiError& e)
    {
        invocation.err << "wavelift: " << e.what() << '\n';
        if (e.resetTime())
            invocation.err << "the limit resets at " << soundcloud::formatTimestamp (*e.resetTime()) << '\n';
        return exitFailure;
    }
}
} // namespace wavelift::cli
