#pragma once

#include <map>
#include <string>

namespace wavelift::sandbox
{
struct SignInPageModel
{
    /** The validated /authorize parameters, carried through the form as hidden fields. */
    std::map<std::string, std::string> authorizeParameters;
    std::string appName;
    std::string prefilledUsername;
    /** Shown above the form after a failed attempt. */
    std::string errorMessage;
};

/** The sign-in and consent page: username/password form with Approve and Deny buttons (a real form POST). */
std::string signInPage (const SignInPageModel& model);

/** The page shown instead of redirecting when the client or redirect_uri can't be trusted. */
std::string authorizeErrorPage (const std::string& error, const std::string& description);

/** CloudFront's "The request could not be satisfied" page. */
std::string cloudfrontErrorPage (int status, const std::string& requestId);
} // namespace wavelift::sandbox
