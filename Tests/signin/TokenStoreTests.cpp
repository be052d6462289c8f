// The token file: private, atomic, per client and API host, surviving restarts; the keyring probe falls back.
#include "SignInTestSupport.h"

#include "signin/ChildProcess.h"
#include "signin/TokenStore.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace wavelift;
using namespace wavelift::signin;

namespace
{
TokenSet sampleTokens (const std::string& suffix)
{
    return { "access-" + suffix, "refresh-" + suffix, TimePoint (std::chrono::seconds (1900000000)), "" };
}

unsigned modeOf (const std::filesystem::path& path)
{
    struct stat info
    {
    };
    ::stat (path.c_str(), &info);
    return info.st_mode & 0777;
}
} // namespace

TEST_CASE ("the token file is private, atomic and keyed by kind, client and API host", "[signin][store]")
{
    test::TemporaryFolder folder;
    const StoreLocation location{ folder / "config" };
    const StoreKey user{ TokenKind::user, "client-1", "api.example" };
    const StoreKey otherHost{ TokenKind::user, "client-1", "127.0.0.1:9000" };
    const StoreKey app{ TokenKind::app, "client-1", "api.example" };

    {
        FileTokenStore store (location.tokenFile());
        const StoreLock lock (location.lockFile());
        CHECK_FALSE (store.load (lock, user).has_value());
        store.save (lock, user, sampleTokens ("u"));
        store.save (lock, otherHost, sampleTokens ("h"));
        store.save (lock, app, sampleTokens ("a"));
    }

    CHECK (modeOf (location.tokenFile()) == 0600);
    CHECK (modeOf (location.folder) == 0700);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator (location.folder))
        names.push_back (entry.path().filename().string());
    std::sort (names.begin(), names.end());
    CHECK (names == std::vector<std::string>{ "signin.lock", "tokens.json" }); // no temporary file left behind

    // A new store object reads what an earlier one (another process, a restart) wrote.
    FileTokenStore reopened (location.tokenFile());
    const StoreLock lock (location.lockFile());
    CHECK (reopened.load (lock, user) == sampleTokens ("u"));
    CHECK (reopened.load (lock, otherHost) == sampleTokens ("h"));
    CHECK (reopened.load (lock, app) == sampleTokens ("a"));

    reopened.remove (lock, user);
    CHECK_FALSE (reopened.load (lock, user).has_value());
    CHECK (reopened.load (lock, app) == sampleTokens ("a"));

    std::ofstream (location.tokenFile()) << "{ damaged";
    CHECK_FALSE (reopened.load (lock, app).has_value());
    reopened.save (lock, app, sampleTokens ("b"));
    CHECK (reopened.load (lock, app) == sampleTokens ("b"));
}

TEST_CASE ("without a Secret Service the store falls back to the file and says why", "[signin][store]")
{
    test::TemporaryFolder folder;
    const test::ScopedEnvironment noBus ("DBUS_SESSION_BUS_ADDRESS", "");
    const test::ScopedEnvironment noRuntime ("XDG_RUNTIME_DIR", (folder / "no-runtime").string());
    const test::ScopedEnvironment noOverride ("WAVELIFT_TOKEN_STORE", "");
    std::vector<std::string> notes;
    const auto store = openTokenStore ({ folder.path() }, StoreBackend::automatic,
                                       [&] (const std::string& note) { notes.push_back (note); });
    REQUIRE (store != nullptr);
    CHECK (dynamic_cast<FileTokenStore*> (store.get()) != nullptr);
    REQUIRE (notes.size() == 1);
    CHECK (notes[0].find ("no Secret Service keyring answered") != std::string::npos);
    CHECK_THROWS_WITH (openTokenStore ({ folder.path() }, StoreBackend::secretService),
                       Catch::Contains ("not available"));
}

TEST_CASE ("with a Secret Service on the session bus the tokens go to the keyring", "[signin][store][keyring]")
{
    if (::access ("/usr/bin/gnome-keyring-daemon", X_OK) != 0 || ::access ("/usr/bin/dbus-daemon", X_OK) != 0)
    {
        WARN ("gnome-keyring-daemon or dbus-daemon is not installed: the keyring store is not exercised");
        return;
    }
    // A private session bus that starts gnome-keyring on demand (D-Bus activation waits for it to own its name), with
    // a throwaway login keyring in a temporary HOME.
    test::TemporaryFolder folder;
    std::filesystem::create_directories (folder / "services");
    std::ofstream (folder / "bus.conf")
        << "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
           "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type>"
           "<listen>unix:dir="
        << folder.path().string() << "</listen><servicedir>" << (folder / "services").string()
        << "</servicedir><auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" "
           "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>"
           "</busconfig>\n";
    std::ofstream (folder / "services" / "secrets.service")
        << "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sh -c \"printf throwaway | exec "
           "/usr/bin/gnome-keyring-daemon --foreground --unlock --components=secrets\"\n";

    const test::ScopedEnvironment home ("HOME", folder.path().string());
    const test::ScopedEnvironment data ("XDG_DATA_HOME", (folder / "data").string());
    const test::ScopedEnvironment noOverride ("WAVELIFT_TOKEN_STORE", "");
    std::string error;
    auto bus = ChildProcess::start (
        { "dbus-daemon", "--config-file=" + (folder / "bus.conf").string(), "--nofork", "--print-address=1" },
        { false, true, false }, error);
    REQUIRE (bus != nullptr);
    std::string address;
    for (char c = 0; ::read (bus->stdoutFd(), &c, 1) == 1 && c != '\n';)
        address += c;
    REQUIRE (address.rfind ("unix:", 0) == 0);
    const test::ScopedEnvironment busAddress ("DBUS_SESSION_BUS_ADDRESS", address);

    const StoreLocation location{ folder / "config" };
    const StoreKey key{ TokenKind::user, "client-keyring", "api.example" };
    {
        const auto store = openTokenStore (location);
        CHECK (store->describe() == "the Secret Service keyring");
        const StoreLock lock (location.lockFile());
        store->save (lock, key, sampleTokens ("k"));
        CHECK (store->load (lock, key) == sampleTokens ("k"));
    }
    {
        const auto reopened = openTokenStore (location, StoreBackend::secretService);
        const StoreLock lock (location.lockFile());
        CHECK (reopened->load (lock, key) == sampleTokens ("k"));
        reopened->remove (lock, key);
        CHECK_FALSE (reopened->load (lock, key).has_value());
    }
    CHECK_FALSE (std::filesystem::exists (location.tokenFile()));
    bus->killGroup();
}
