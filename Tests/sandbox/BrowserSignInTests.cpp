// A real browser completes the sign-in page: headless Chromium (Debian's chromium), driven over the DevTools
// protocol by browser_signin.py, types the username and password and clicks Approve or Deny; the redirect lands on a
// loopback listener this test runs on the registered redirect URI, as the plugin's sign-in does.

#include "support/TestSandbox.h"

#include "sandbox/Subprocess.h"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
constexpr const char* chromium = "/usr/bin/chromium";

/** The app's side of the redirect: a loopback HTTP listener on /callback. */
class CallbackListener
{
public:
    CallbackListener()
    {
        server_.Get ("/callback",
                     [this] (const httplib::Request& request, httplib::Response& response)
                     {
                         {
                             std::lock_guard lock (mutex_);
                             for (const auto& [key, value] : request.params)
                                 received_[key] = value;
                             ++calls_;
                         }
                         response.set_content ("<!DOCTYPE html><html><body><h1>Signed in to Wavelift</h1>"
                                               "<p>You can close this window.</p></body></html>",
                                               "text/html");
                     });
        port_ = server_.bind_to_any_port ("127.0.0.1");
        thread_ = std::thread ([this] { server_.listen_after_bind(); });
    }
    ~CallbackListener()
    {
        server_.stop();
        thread_.join();
    }

    std::string redirectUri() const { return "http://127.0.0.1:" + std::to_string (port_) + "/callback"; }
    std::map<std::string, std::string> received() const
    {
        std::lock_guard lock (mutex_);
        return received_;
    }
    int calls() const
    {
        std::lock_guard lock (mutex_);
        return calls_;
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> received_;
    int calls_ = 0;
};

nlohmann::json runBrowser (const std::string& authorizeUrl, const std::string& redirectUri, const std::string& password,
                           const std::string& action)
{
    const auto output =
        runProcess ({ "/usr/bin/python3", std::string (WAVELIFT_SANDBOX_TEST_DIR) + "/browser_signin.py", "--chromium",
                      chromium, "--url", authorizeUrl, "--redirect-prefix", redirectUri, "--username", "sandbox_user",
                      "--password", password, "--action", action, "--timeout", "60" });
    INFO ("browser_signin.py: " << output.standardOutput << output.standardError);
    REQUIRE (output.succeeded());
    return nlohmann::json::parse (output.standardOutput);
}
} // namespace

TEST_CASE ("sandbox browser - headless Chromium signs in and approves - the code reaches the app's loopback listener",
           "[sandbox][browser]")
{
    REQUIRE (std::filesystem::exists (chromium)); // Debian package "chromium" (scripts/packages.txt)
    CallbackListener callback;
    TestSandbox sandbox ([&] (Options& options) { options.redirectUri = callback.redirectUri(); });
    auto& server = sandbox.server();
    const auto pkce = Pkce::generate();

    const auto result =
        runBrowser (authorizeUrl (server, pkce, "browser-state"), callback.redirectUri(), server.password(), "approve");
    CHECK (result.at ("final_url").get<std::string>().starts_with (callback.redirectUri() + "?code="));
    CHECK (result.at ("page_text").get<std::string>().find ("Signed in to Wavelift") != std::string::npos);

    REQUIRE (callback.calls() == 1);
    const auto received = callback.received();
    CHECK (received.at ("state") == "browser-state");
    const auto exchanged = exchangeCode (server, received.at ("code"), pkce.verifier);
    REQUIRE (exchanged.status == 200);
    CHECK (field (get (sandbox.api ("/me"), field (exchanged, "access_token")), "username") == "sandbox_user");

    // The browser went through the form: GET /authorize, then the POST that redirected.
    int pageLoads = 0, formPosts = 0;
    for (const auto& request : server.requests())
        if (request.host == "auth" && request.path == "/authorize")
            (request.method == "GET" ? pageLoads : formPosts) += 1;
    CHECK (pageLoads == 1);
    CHECK (formPosts == 1);
}

TEST_CASE ("sandbox browser - headless Chromium presses Deny and the app gets access_denied", "[sandbox][browser]")
{
    REQUIRE (std::filesystem::exists (chromium));
    CallbackListener callback;
    TestSandbox sandbox ([&] (Options& options) { options.redirectUri = callback.redirectUri(); });
    const auto pkce = Pkce::generate();

    const auto result =
        runBrowser (authorizeUrl (sandbox.server(), pkce, "deny-state"), callback.redirectUri(), "irrelevant", "deny");
    CHECK (result.at ("final_url").get<std::string>().starts_with (callback.redirectUri() + "?error=access_denied"));
    REQUIRE (callback.calls() == 1);
    const auto received = callback.received();
    CHECK (received.at ("error") == "access_denied");
    CHECK (received.at ("state") == "deny-state");
    CHECK (received.count ("code") == 0);
}
