#pragma once

#include "signin/Authorization.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wavelift::signin
{
/** The RFC 8252 loopback redirect: listens on the redirect URI's port on 127.0.0.1 and takes the first request to
    its path (with or without a trailing slash; query or form-POST fields). The browser gets a small page; the first
    callback goes to `onCallback`, and any later one is refused (400, "already used") without reaching anyone.
    Other paths get a 404. Serves until destroyed. */
class LoopbackReceiver
{
public:
    using CallbackHandler = std::function<void (const AuthorizationCallback&)>;

    /** nullptr with `error` set when the redirect URI is not http://127.0.0.1|localhost:PORT/... or the port is
        taken. */
    static std::unique_ptr<LoopbackReceiver> start (const std::string& redirectUri, std::string expectedState,
                                                    CallbackHandler onCallback, std::string& error);
    ~LoopbackReceiver();
    LoopbackReceiver (const LoopbackReceiver&) = delete;
    LoopbackReceiver& operator= (const LoopbackReceiver&) = delete;

    int port() const noexcept { return port_; }
    /** Why later hits were refused, in order ("already used"). */
    std::vector<std::string> refusedHits() const;

private:
    LoopbackReceiver() = default;
    void serve();
    void handle (int connection);

    std::string path_;
    std::string expectedState_;
    CallbackHandler onCallback_;
    int listener_ = -1;
    int wake_[2] = { -1, -1 };
    int port_ = 0;
    bool callbackTaken_ = false;
    mutable std::mutex mutex_;
    std::vector<std::string> refused_;
    std::thread thread_;
};

/** True for http redirect URIs on 127.0.0.1 or localhost, which a LoopbackReceiver can serve. */
bool isLoopbackRedirect (const std::string& redirectUri);
} // namespace wavelift::signin
