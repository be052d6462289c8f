#pragma once

#include "support/HttpClient.h"
#include "support/Pkce.h"
#include "support/TempDir.h"

#include "sandbox/SandboxServer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
/** A seeded, fully transcoded data folder, built once per test build and container by whichever test process
    gets there first (under a file lock), then copied by every test: seeding transcodes 45 renditions. */
std::filesystem::path seededTemplate (HlsContainer container);

/** A sandbox server in a private copy of the seeded data folder, started on ephemeral ports. */
class TestSandbox
{
public:
    explicit TestSandbox (const std::function<void (Options&)>& customize = {});
    TestSandbox (const TestSandbox&) = delete;
    TestSandbox& operator= (const TestSandbox&) = delete;
    ~TestSandbox();

    SandboxServer& server() { return *server_; }
    const Options& options() const { return options_; }
    const std::filesystem::path& dataDir() const { return folder_.path(); }
    std::string api (const std::string& path) const { return server_->apiUrl() + path; }
    std::string auth (const std::string& path) const { return server_->authUrl() + path; }

    /** Stops the server and starts a new one on the same data folder (fresh ports). */
    void restart();

private:
    TempDir folder_;
    Options options_;
    std::unique_ptr<SandboxServer> server_;
};

struct TokenPair
{
    std::string accessToken;
    std::string refreshToken;
    nlohmann::json body;
};

std::string authorizeUrl (const SandboxServer& server, const Pkce& pkce, const std::string& state);
/** Signs in through the real sign-in form (POST /authorize, decision=approve) and returns the code. */
std::string signInForCode (const SandboxServer& server, const Pkce& pkce, const std::string& state = "state-1");
HttpResponse exchangeCode (const SandboxServer& server, const std::string& code, const std::string& verifier);
/** A user token pair through the whole PKCE flow. */
TokenPair userTokens (const SandboxServer& server);
/** An app-only token pair through client_credentials with HTTP Basic. */
TokenPair appTokens (const SandboxServer& server);
std::string basicAuthorization (const std::string& clientId, const std::string& clientSecret);

/** A Sonic Pi sample shipped by Debian's sonic-pi-samples. */
std::filesystem::path sample (const std::string& name);

/** POST /tracks with the asset and text fields ("track[title]" etc.). */
HttpResponse uploadTrack (const SandboxServer& server, const std::string& token, const std::filesystem::path& asset,
                          const std::vector<std::pair<std::string, std::string>>& fields);

/** The value of a JSON body's field, or a null json. */
nlohmann::json field (const HttpResponse& response, const std::string& key);
} // namespace wavelift::sandbox::test
