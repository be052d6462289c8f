#include "signin/EmbeddedBrowser.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace wavelift::signin
{
std::optional<HelperReport> HelperReport::parse (const std::string& line)
{
    const auto json = nlohmann::json::parse (line, nullptr, false);
    if (!json.is_object() || !json.contains ("outcome") || !json["outcome"].is_string())
        return std::nullopt;
    const auto text = [&] (const char* key)
    { return json.contains (key) && json[key].is_string() ? json[key].get<std::string>() : std::string(); };
    const auto outcome = text ("outcome");
    HelperReport report;
    report.url = text ("url");
    report.message = text ("message");
    report.kind = outcome == "redirect"             ? Kind::redirect
                  : outcome == "closed"             ? Kind::closed
                  : outcome == "webkit_unavailable" ? Kind::webkitUnavailable
                  : outcome == "no_display"         ? Kind::noDisplay
                                                    : Kind::failed;
    if (report.kind == Kind::failed && report.message.empty())
        report.message = "the sign-in window reported \"" + outcome + "\"";
    return report;
}

std::unique_ptr<EmbeddedBrowser> EmbeddedBrowser::start (const std::filesystem::path& helper,
                                                         const std::string& authorizeUrl,
                                                         const std::string& redirectUri, ReportHandler onReport,
                                                         std::string& error)
{
    auto browser = std::unique_ptr<EmbeddedBrowser> (new EmbeddedBrowser());
    browser->child_ = ChildProcess::start ({ helper.string() }, { true, true, false }, error);
    if (browser->child_ == nullptr || ::pipe2 (browser->wake_, O_CLOEXEC) != 0)
        return nullptr;

    const nlohmann::json request{ { "authorize_url", authorizeUrl },
                                  { "redirect_uri", redirectUri },
                                  { "title", "Sign in to SoundCloud - Wavelift" } };
    if (!browser->child_->writeToStdin (request.dump() + "\n"))
    {
        error = "the sign-in window did not start";
        return nullptr;
    }
    browser->onReport_ = std::move (onReport);
    browser->reader_ = std::thread ([b = browser.get()] { b->readReports(); });
    return browser;
}

EmbeddedBrowser::~EmbeddedBrowser()
{
    if (child_ != nullptr)
        child_->closeStdin(); // the helper quits when its stdin closes
    if (wake_[1] >= 0)
    {
        const char wake = 1;
        [[maybe_unused]] auto ignored = ::write (wake_[1], &wake, 1);
    }
    if (reader_.joinable())
        reader_.join();
    child_.reset(); // waits a few seconds for the helper to quit, then kills its process group
    for (const int fd : wake_)
        if (fd >= 0)
            ::close (fd);
}

void EmbeddedBrowser::readReports()
{
    std::string pending;
    bool reported = false;
    char buffer[4096];
    for (;;)
    {
        pollfd fds[2] = { { child_->stdoutFd(), POLLIN, 0 }, { wake_[0], POLLIN, 0 } };
        if (::poll (fds, 2, -1) < 0)
        {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents != 0)
            return; // shutting down: whoever destroys us no longer wants a report
        const auto got = ::read (child_->stdoutFd(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        pending.append (buffer, static_cast<std::size_t> (got));
        for (auto newline = pending.find ('\n'); newline != std::string::npos; newline = pending.find ('\n'))
        {
            const auto line = pending.substr (0, newline);
            pending.erase (0, newline + 1);
            if (const auto report = HelperReport::parse (line); report && !reported)
            {
                reported = true;
                onReport_ (*report);
            }
        }
    }
    if (!reported)
    {
        const auto status = child_->waitFor (5.0);
        HelperReport report;
        report.message =
            "the sign-in window ended without an answer"
            + (status && WIFEXITED (*status)     ? " (exit status " + std::to_string (WEXITSTATUS (*status)) + ")"
               : status && WIFSIGNALED (*status) ? " (signal " + std::to_string (WTERMSIG (*status)) + ")"
                                                 : std::string());
        onReport_ (report);
    }
}

std::optional<std::filesystem::path> findSignInHelper()
{
    if (const char* overridden = std::getenv ("WAVELIFT_SIGNIN_HELPER"); overridden != nullptr && *overridden != '\0')
        return std::filesystem::path (overridden);

    Dl_info info{};
    if (::dladdr (reinterpret_cast<void*> (&findSignInHelper), &info) != 0 && info.dli_fname != nullptr)
    {
        std::error_code ignored;
        auto module = std::filesystem::path (info.dli_fname);
        if (module.is_relative())
            module = std::filesystem::canonical ("/proc/self/exe", ignored);
        const auto candidate = module.parent_path() / signInHelperName;
        if (::access (candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}
} // namespace wavelift::signin
