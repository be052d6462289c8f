#pragma once

#include "net/HttpClient.h"
#include "sandbox/SandboxServer.h"
#include "soundcloud/ApiClient.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace wavelift::test
{
/** A fresh folder under the system temp folder, removed with its contents at the end. */
struct TempFolder
{
    explicit TempFolder (const std::string& purpose);
    ~TempFolder();
    TempFolder (const TempFolder&) = delete;
    TempFolder& operator= (const TempFolder&) = delete;

    std::filesystem::path path;
};

/** Tokens from the sandbox's token endpoint, refreshed with the (single-use) refresh token on a 401. A stand-in for
    the real session where a test is about something else. */
class SandboxTokens final : public soundcloud::AccessTokens
{
public:
    SandboxTokens (const sandbox::SandboxServer& server, const net::HttpClient& http, std::string accessToken,
                   std::string refreshToken, bool forUser);

    std::string current (std::stop_token) override;
    std::string afterUnauthorized (const std::string& rejected, std::stop_token) override;
    bool actsForUser() const override { return forUser; }

    int refreshes() const;

private:
    const sandbox::SandboxServer& server;
    const net::HttpClient& http;
    mutable std::mutex mutex;
    std::string access, refresh;
    bool forUser;
    int refreshCount = 0;
};

/** A running in-process sandbox and a user signed in to it (authorization code + PKCE through the auto-approving
    /authorize), with an ApiClient ready to use. */
class SandboxSession
{
public:
    explicit SandboxSession (sandbox::Options options = {});
    ~SandboxSession();

    sandbox::SandboxServer& server() { return *sandboxServer; }
    soundcloud::ApiClient& api() { return *apiClient; }
    SandboxTokens& tokens() { return *userTokens; }
    const net::HttpClient& http() const { return client; }
    const std::filesystem::path& dataDir() const { return folder.path; }

    /** An app-only (client credentials) token holder, which the API lets read but not upload. */
    std::unique_ptr<SandboxTokens> appOnlyTokens();

private:
    TempFolder folder;
    net::HttpClient client;
    std::unique_ptr<sandbox::SandboxServer> sandboxServer;
    std::unique_ptr<SandboxTokens> userTokens;
    std::unique_ptr<soundcloud::ApiClient> apiClient;
};

/** Tokens for the sandbox's seeded user through authorization code + PKCE at an auto-approving /authorize
    (a sandbox started with autoApprove, in this process or another). */
struct SignedInTokens
{
    std::string accessToken, refreshToken;
};
SignedInTokens signInWithAutoApprove (const net::HttpClient& http, const std::string& authUrl,
                                      const std::string& clientId, const std::string& clientSecret,
                                      const std::string& redirectUri);

/** A started in-process sandbox that approves sign-ins by itself, keeping its data in `dataDir` and redirecting to a
    free loopback port: the SoundCloud a program under test signs in to. */
std::unique_ptr<sandbox::SandboxServer> startAutoApprovingSandbox (const std::filesystem::path& dataDir);

/** Points Wavelift's configuration (the WAVELIFT_* variables of this process, which children inherit) at a sandbox,
    with Wavelift's data and config in the given folders and its tokens in a file. */
void configureWaveliftFor (const sandbox::SandboxServer&, const std::filesystem::path& dataDir,
                           const std::filesystem::path& configDir);

/** A WAV file of real music (a sonic-pi-samples loop, repeated to `seconds`), 44.1 kHz stereo 16-bit. */
std::filesystem::path makeMusicWav (const std::filesystem::path& folder, const std::string& name, double seconds);

/** The bytes of a file. */
std::string readBytes (const std::filesystem::path& file);
} // namespace wavelift::test
