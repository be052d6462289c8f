#include "helpers/SandboxSession.h"
#include "helpers/LoopbackPort.h"

#include "net/FormEncoding.h"

#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_cryptography/juce_cryptography.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace wavelift::test
{
namespace
{
    std::string base64Url (const void* data, size_t size)
    {
        auto text = juce::Base64::toBase64 (data, size).toStdString();
        for (auto& c : text)
            c = c == '+' ? '-' : (c == '/' ? '_' : c);
        while (!text.empty() && text.back() == '=')
            text.pop_back();
        return text;
    }

    std::string randomToken()
    {
        std::random_device device;
        unsigned char bytes[32];
        for (auto& b : bytes)
            b = (unsigned char) device();
        return base64Url (bytes, sizeof (bytes));
    }

    nlohmann::json postToken (const net::HttpClient& http, const std::string& authUrl, const net::FormFields& fields,
                              const std::string& basicAuth = {})
    {
        auto request = net::Request::post (juce::URL (juce::String (authUrl + "/oauth/token")),
                                           net::RequestBody::fromForm (fields));
        if (!basicAuth.empty())
            request.headers.set ("Authorization", "Basic " + basicAuth);
        const auto result = http.perform (request);
        if (!result.ok())
            throw std::runtime_error ("token request failed: " + result.failure().describe());
        if (result.response().status != 200)
            throw std::runtime_error ("token request answered " + std::to_string (result.response().status) + ": "
                                      + result.response().body);
        return nlohmann::json::parse (result.response().body);
    }
} // namespace

TempFolder::TempFolder (const std::string& purpose)
{
    static std::atomic<int> counter{ 0 };
    path = std::filesystem::temp_directory_path()
           / ("wavelift-" + purpose + "-" + std::to_string (::getpid()) + "-" + std::to_string (counter++));
    std::filesystem::remove_all (path);
    std::filesystem::create_directories (path);
}

TempFolder::~TempFolder()
{
    std::error_code ignored;
    std::filesystem::remove_all (path, ignored);
}

SandboxTokens::SandboxTokens (const sandbox::SandboxServer& s, const net::HttpClient& h, std::string accessToken,
                              std::string refreshToken, bool user)
    : server (s)
    , http (h)
    , access (std::move (accessToken))
    , refresh (std::move (refreshToken))
    , forUser (user)
{
}

std::string SandboxTokens::current (std::stop_token)
{
    const std::lock_guard lock (mutex);
    return access;
}

std::string SandboxTokens::afterUnauthorized (const std::string& rejected, std::stop_token)
{
    const std::lock_guard lock (mutex);
    if (rejected != access)
        return access; // someone refreshed meanwhile
    const auto json = postToken (http, server.authUrl(),
                                 { { "grant_type", "refresh_token" },
                                   { "client_id", server.clientId() },
                                   { "client_secret", server.clientSecret() },
                                   { "refresh_token", refresh } });
    access = json.at ("access_token").get<std::string>();
    refresh = json.at ("refresh_token").get<std::string>();
    ++refreshCount;
    return access;
}

int SandboxTokens::refreshes() const
{
    const std::lock_guard lock (mutex);
    return refreshCount;
}

SandboxSession::SandboxSession (sandbox::Options options)
    : folder ("sandbox")
{
    options.dataDir = folder.path / "sandbox-data";
    options.autoApprove = true;
    options.enableFaultInjection = true;
    sandboxServer = std::make_unique<sandbox::SandboxServer> (options);
    sandboxServer->start();

    const auto signedIn = signInWithAutoApprove (client, sandboxServer->authUrl(), sandboxServer->clientId(),
                                                 sandboxServer->clientSecret(), sandboxServer->redirectUri());
    userTokens =
        std::make_unique<SandboxTokens> (*sandboxServer, client, signedIn.accessToken, signedIn.refreshToken, true);
    apiClient = std::make_unique<soundcloud::ApiClient> (juce::URL (juce::String (sandboxServer->apiUrl())), client,
                                                         *userTokens);
}

SignedInTokens signInWithAutoApprove (const net::HttpClient& client, const std::string& authUrl,
                                      const std::string& clientId, const std::string& clientSecret,
                                      const std::string& redirectUri)
{
    const auto verifier = randomToken();
    const juce::SHA256 digest (verifier.data(), verifier.size());
    const auto hash = digest.getRawData();
    const auto challenge = base64Url (hash.getData(), hash.getSize());
    const auto state = randomToken();

    const auto authorize = authUrl + "/authorize?"
                           + net::formUrlEncode ({ { "client_id", clientId },
                                                   { "redirect_uri", redirectUri },
                                                   { "response_type", "code" },
                                                   { "code_challenge", challenge },
                                                   { "code_challenge_method", "S256" },
                                                   { "state", state } });
    const auto result = client.perform (net::Request::get (juce::URL (juce::String (authorize))));
    if (!result.ok() || result.response().status != 302)
        throw std::runtime_error ("the sandbox's /authorize did not redirect");
    const auto location = result.response().headers.get ("Location").value_or ("");
    const auto query = net::parseForm (location.substr (location.find ('?') + 1));
    if (net::formValue (query, "state") != state)
        throw std::runtime_error ("the sandbox returned another state");

    const auto token = postToken (client, authUrl,
                                  { { "grant_type", "authorization_code" },
                                    { "client_id", clientId },
                                    { "client_secret", clientSecret },
                                    { "redirect_uri", redirectUri },
                                    { "code_verifier", verifier },
                                    { "code", net::formValue (query, "code").value_or ("") } });
    return { token.at ("access_token").get<std::string>(), token.at ("refresh_token").get<std::string>() };
}

SandboxSession::~SandboxSession()
{
    apiClient.reset();
    if (sandboxServer)
        sandboxServer->stop();
}

std::unique_ptr<SandboxTokens> SandboxSession::appOnlyTokens()
{
    const auto credentials = juce::Base64::toBase64 (sandboxServer->clientId() + ":" + sandboxServer->clientSecret());
    const auto token = postToken (client, sandboxServer->authUrl(), { { "grant_type", "client_credentials" } },
                                  credentials.toStdString());
    return std::make_unique<SandboxTokens> (*sandboxServer, client, token.at ("access_token").get<std::string>(),
                                            token.value ("refresh_token", ""), false);
}

std::unique_ptr<sandbox::SandboxServer> startAutoApprovingSandbox (const std::filesystem::path& dataDir)
{
    sandbox::Options options;
    options.dataDir = dataDir;
    options.autoApprove = true;
    options.redirectUri = "http://127.0.0.1:" + std::to_string (freeLoopbackPort()) + "/callback";
    auto server = std::make_unique<sandbox::SandboxServer> (options);
    server->start();
    return server;
}

void configureWaveliftFor (const sandbox::SandboxServer& server, const std::filesystem::path& dataDir,
                           const std::filesystem::path& configDir)
{
    const auto set = [] (const char* name, const std::string& value) { ::setenv (name, value.c_str(), 1); };
    set ("WAVELIFT_DATA_DIR", dataDir.string());
    set ("WAVELIFT_CONFIG_DIR", configDir.string());
    set ("WAVELIFT_API_URL", server.apiUrl());
    set ("WAVELIFT_AUTH_URL", server.authUrl());
    set ("WAVELIFT_CLIENT_ID", server.clientId());
    set ("WAVELIFT_CLIENT_SECRET", server.clientSecret());
    set ("WAVELIFT_REDIRECT_URI", server.redirectUri());
    set ("WAVELIFT_TOKEN_STORE", "file");
}

std::filesystem::path makeMusicWav (const std::filesystem::path& folder, const std::string& name, double seconds)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> loop (
        formats.createReaderFor (juce::File ("/usr/share/sonic-pi/samples/loop_amen_full.flac")));
    if (loop == nullptr)
        throw std::runtime_error ("sonic-pi-samples is not installed");

    juce::AudioBuffer<float> source ((int) loop->numChannels, (int) loop->lengthInSamples);
    loop->read (&source, 0, source.getNumSamples(), 0, true, true);

    const auto file = folder / name;
    std::filesystem::remove (file);
    std::unique_ptr<juce::AudioFormatWriter> writer (juce::WavAudioFormat().createWriterFor (
        juce::File (juce::String (file.string())).createOutputStream().release(), loop->sampleRate, 2, 16, {}, 0));
    const auto total = (juce::int64) (seconds * loop->sampleRate);
    juce::AudioBuffer<float> stereo (2, source.getNumSamples());
    for (int ch = 0; ch < 2; ++ch)
        stereo.copyFrom (ch, 0, source, std::min (ch, source.getNumChannels() - 1), 0, source.getNumSamples());
    for (juce::int64 written = 0; written < total;)
    {
        const auto count = (int) std::min<juce::int64> (stereo.getNumSamples(), total - written);
        writer->writeFromAudioSampleBuffer (stereo, 0, count);
        written += count;
    }
    return file;
}

std::string readBytes (const std::filesystem::path& file)
{
    std::ifstream in (file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}
} // namespace wavelift::test
