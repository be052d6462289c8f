#pragma once

#include "sandbox/FaultInjector.h"
#include "sandbox/RequestLog.h"
#include "sandbox/SandboxOptions.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
/** The SoundCloud stand-in: an API host, an auth host and a CDN host on 127.0.0.1, with state in a data folder.
    Start it in-process (tests) or through the wavelift-sandbox executable. */
class SandboxServer
{
public:
    explicit SandboxServer (Options options);
    SandboxServer (const SandboxServer&) = delete;
    SandboxServer& operator= (const SandboxServer&) = delete;
    ~SandboxServer();

    /** Loads or creates the state (seeding the catalogue on first use), binds the three listeners and returns
        once they accept connections. Throws std::runtime_error when a port is taken or the data folder unusable. */
    void start();
    /** Stops the listeners (interrupting stall faults) and the transcoder. Idempotent. */
    void stop();

    std::string apiUrl() const;
    std::string authUrl() const;
    std::string cdnUrl() const;
    std::string clientId() const;
    std::string clientSecret() const;
    std::string redirectUri() const;
    std::string username() const;
    std::string password() const;
    /** The one-line startup JSON: api_url, auth_url, cdn_url, client_id, client_secret, redirect_uri, username,
        password. */
    std::string startupJson() const;

    /** Blocks until no transcode is queued or running: the deterministic way to wait for /streams URLs. */
    void waitForTranscodes();

    /** Shifts the server's clock (token, code and signed-URL expiry, rate windows) forward. */
    void advanceClock (std::chrono::seconds offset);

    // Fault injection and inspection (also on the API host under /_sandbox/ with enableFaultInjection).
    void addFault (FaultRule rule);
    void clearFaults();
    std::vector<RecordedRequest> requests() const;
    void clearRequests();
    nlohmann::json stats() const;

    /** Where the sandbox keeps a track's uploaded file (its exact bytes), by URN or numeric id; nullopt when there is
        no such track. For tests that check what arrived. */
    std::optional<std::filesystem::path> assetFileOf (const std::string& trackUrnOrId) const;

    const Options& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
} // namespace wavelift::sandbox
