#pragma once

#include "signin/ChildProcess.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace wavelift::signin
{
/** What the sign-in window (the wavelift-signin-helper process) reported, as one JSON line on its stdout. */
struct HelperReport
{
    enum class Kind
    {
        redirect,          ///< it caught the navigation to the redirect URI (url holds it, with code/state/error)
        closed,            ///< the person closed the window
        webkitUnavailable, ///< libwebkit2gtk-4.0.so / libgtk-3.so cannot be loaded (message names which)
        noDisplay,         ///< no X display to open a window on
        failed             ///< it ended without a report, or reported something unknown
    };

    Kind kind = Kind::failed;
    std::string url;
    std::string message;

    /** Parses one line; nullopt for lines that are not a report. */
    static std::optional<HelperReport> parse (const std::string& line);
};

/** Runs the sign-in window in the helper process: the authorize URL and redirect URI go to its stdin as one JSON
    line (never on its command line); its one report comes back on stdout. Closing stdin makes the helper quit, so
    the window never outlives this object. WebKit and GTK are loaded by the helper only, never in this process. */
class EmbeddedBrowser
{
public:
    using ReportHandler = std::function<void (const HelperReport&)>;

    /** nullptr with `error` set when the helper cannot be started. `onReport` is called once, on a reader
        thread. */
    static std::unique_ptr<EmbeddedBrowser> start (const std::filesystem::path& helper, const std::string& authorizeUrl,
                                                   const std::string& redirectUri, ReportHandler onReport,
                                                   std::string& error);
    ~EmbeddedBrowser();

    pid_t pid() const noexcept { return child_->pid(); }

private:
    EmbeddedBrowser() = default;
    void readReports();

    std::unique_ptr<ChildProcess> child_;
    ReportHandler onReport_;
    int wake_[2] = { -1, -1 };
    std::thread reader_;
};

/** The helper executable: $WAVELIFT_SIGNIN_HELPER, else "wavelift-signin-helper" next to the binary that contains
    this code (the plugin's .so inside its bundle, the standalone app, the CLI). */
std::optional<std::filesystem::path> findSignInHelper();

inline constexpr const char* signInHelperName = "wavelift-signin-helper";
} // namespace wavelift::signin
