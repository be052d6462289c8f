// The standalone app, the real binary in a real window on its own X server, driven from outside the way a producer
// drives it (mouse clicks and typing through xdotool): import a piece of real music as a take, sign in through the
// embedded browser, publish it with a title and tags, find it by searching, and play it in the Browse tab, with the
// audio running on a JACK dummy driver. The app tells where its components are through WAVELIFT_UI_MAP (see
// ui/AutomationMap.h); a screenshot of the screen (ffmpeg's x11grab) is saved after every step.
#include "helpers/LoopbackPort.h"
#include "helpers/SandboxSession.h"
#include "sandbox/SandboxServer.h"

#include <juce_core/juce_core.h>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using nlohmann::json;

namespace
{
using namespace wavelift;

void setEnv (const char* name, const std::string& value) { ::setenv (name, value.c_str(), 1); }

/** Runs a tool to the end and returns its exit code (its output is kept for the failure message). */
int run (const juce::StringArray& command, juce::String* output = nullptr, int timeoutMs = 30000)
{
    juce::ChildProcess process;
    if (!process.start (command))
        return -1;
    const auto text = process.readAllProcessOutput();
    if (output != nullptr)
        *output = text;
    process.waitForProcessToFinish (timeoutMs);
    return (int) process.getExitCode();
}

/** A process started for the test and stopped at its end. */
struct Background
{
    explicit Background (const juce::StringArray& command, int streams = juce::ChildProcess::wantStdOut)
    {
        REQUIRE (process.start (command, streams));
    }
    ~Background() { process.kill(); }
    juce::ChildProcess process;
};

/** Polls `condition` until it holds or `timeout` passes (the app is another process: there is nothing to wait on). */
bool waitUntil (const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end)
    {
        if (condition())
            return true;
        std::this_thread::sleep_for (100ms);
    }
    return condition();
}

/** What the app's windows show, read from its automation map. */
class Screen
{
public:
    explicit Screen (std::filesystem::path mapFile)
        : file (std::move (mapFile))
    {
    }

    /** Re-reads the map (the app rewrites it a few times a second; it renames a whole file into place). */
    void refresh()
    {
        std::ifstream in (file);
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = json::parse (text.str(), nullptr, false);
        if (!parsed.is_discarded() && parsed.contains ("components"))
            components = std::move (parsed["components"]);
    }

    std::optional<json> find (const std::function<bool (const json&)>& match)
    {
        refresh();
        for (const auto& c : components)
            if (match (c))
                return c;
        return std::nullopt;
    }
    std::optional<json> byId (const std::string& id)
    {
        return find ([&] (const json& c) { return c.value ("id", "") == id; });
    }
    std::string textOf (const std::string& id)
    {
        const auto c = byId (id);
        return c ? c->value ("text", "") : std::string();
    }
    bool waitForText (const std::string& id, const std::function<bool (const std::string&)>& check,
                      std::chrono::milliseconds timeout)
    {
        return waitUntil ([&] { return check (textOf (id)); }, timeout);
    }
    std::string dump()
    {
        refresh();
        std::string out;
        for (const auto& c : components)
            if (c.contains ("text") && !c["text"].get<std::string>().empty())
                out += c.value ("id", "") + " [" + c.value ("class", "") + "]: " + c["text"].get<std::string>() + "\n";
        return out;
    }

private:
    std::filesystem::path file;
    json components = json::array();
};

/** Mouse and keyboard on the test's X server. */
struct Hands
{
    void click (const json& component, int dx = -1, int dy = -1) const
    {
        const auto x = component["x"].get<int>() + (dx >= 0 ? dx : component["w"].get<int>() / 2);
        const auto y = component["y"].get<int>() + (dy >= 0 ? dy : component["h"].get<int>() / 2);
        REQUIRE (run ({ "xdotool", "mousemove", juce::String (x), juce::String (y), "click", "1" }) == 0);
    }
    void type (const std::string& text) const
    {
        REQUIRE (run ({ "xdotool", "type", "--delay", "20", juce::String (text) }) == 0);
    }
    void key (const std::string& keys) const { REQUIRE (run ({ "xdotool", "key", juce::String (keys) }) == 0); }
};

juce::File screenshotFolder() { return juce::File (WAVELIFT_E2E_ARTIFACTS); }

/** The whole screen as a PNG, as a person would see it. */
void screenshot (const std::string& display, const std::string& name)
{
    const auto png = screenshotFolder().getChildFile (name);
    screenshotFolder().createDirectory();
    juce::String output;
    const auto code = run ({ "ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size", "1280x900", "-i",
                             juce::String (display), "-frames:v", "1", png.getFullPathName() },
                           &output);
    INFO (output);
    CHECK (code == 0);
    CHECK (png.getSize() > 10000); // a real picture of the windows, not an empty frame
}

std::string uniqueTitle()
{
    return "Standalone take " + juce::String::toHexString (juce::Random().nextInt()).toStdString();
}
} // namespace

TEST_CASE ("e2e: the standalone app in a real window: import, sign in, publish, find and play", "[e2e][standalone]")
{
    test::TempFolder home ("standalone-home"), data ("standalone-data"), config ("standalone-config"),
        sandboxData ("standalone-sandbox"), media ("standalone-media");

    // --- Our own X server, so the screen size and the window positions are known.
    Background xserver ({ "Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp" });
    char number[16] = {};
    REQUIRE (xserver.process.readProcessOutput (number, sizeof (number) - 1) > 0);
    const auto display = ":" + juce::String (number).trim().toStdString();
    setEnv ("DISPLAY", display);

    // --- Audio: a JACK server on its dummy driver (real time, no sound card).
    const auto jackName = "wavelift-e2e-" + std::to_string (::getpid());
    setEnv ("JACK_DEFAULT_SERVER", jackName);
    setEnv ("JACK_NO_AUDIO_RESERVATION", "1");
    Background jack (
        { "jackd", "--no-realtime", "-n", juce::String (jackName), "-d", "dummy", "-r", "48000", "-p", "512" },
        juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr);
    REQUIRE (waitUntil ([] { return run ({ "jack_lsp" }) == 0; }, 20s));

    // --- The sandbox SoundCloud, auto-approving sign-ins.
    sandbox::Options options;
    options.dataDir = sandboxData.path;
    options.autoApprove = true;
    options.redirectUri = "http://127.0.0.1:" + std::to_string (test::freeLoopbackPort()) + "/callback";
    sandbox::SandboxServer server (options);
    server.start();

    // --- The app's world: its own HOME (JUCE's standalone settings), config, data, and the sandbox.
    setEnv ("HOME", home.path.string());
    setEnv ("WAVELIFT_DATA_DIR", data.path.string());
    setEnv ("WAVELIFT_CONFIG_DIR", config.path.string());
    setEnv ("WAVELIFT_API_URL", server.apiUrl());
    setEnv ("WAVELIFT_AUTH_URL", server.authUrl());
    setEnv ("WAVELIFT_CLIENT_ID", server.clientId());
    setEnv ("WAVELIFT_CLIENT_SECRET", server.clientSecret());
    setEnv ("WAVELIFT_REDIRECT_URI", server.redirectUri());
    setEnv ("WAVELIFT_TOKEN_STORE", "file");
    const auto mapFile = home.path / "ui-map.json";
    setEnv ("WAVELIFT_UI_MAP", mapFile.string());
    std::filesystem::create_directories (home.path / ".config");
    std::ofstream (home.path / ".config" / "Wavelift.settings")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PROPERTIES>\n"
           "  <VALUE name=\"audioSetup\">\n"
           "    <DEVICESETUP deviceType=\"JACK\" audioOutputDeviceName=\"system\" audioInputDeviceName=\"system\"\n"
           "                 audioDeviceRate=\"48000\" audioDeviceBufferSize=\"512\"/>\n"
           "  </VALUE>\n</PROPERTIES>\n";

    const auto music = test::makeMusicWav (media.path, "Night Drive (demo).wav", 20.0);
    const auto title = uniqueTitle();

    Background app ({ WAVELIFT_STANDALONE_BINARY }, juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr);
    Screen screen (mapFile);
    Hands hands;
    const auto tab = [&] (const std::string& name)
    {
        const auto button = screen.find (
            [&] (const json& c) {
                return c.value ("class", "").find ("TabBarButton") != std::string::npos && c.value ("text", "") == name;
            });
        REQUIRE (button.has_value());
        hands.click (*button);
    };

    REQUIRE (waitUntil ([&] { return screen.byId ("captureView").has_value(); }, 60s));
    screenshot (display, "standalone-1-start.png");

    // --- Settings: make new takes public by default (the combo box's menu, by keyboard).
    tab ("Settings");
    REQUIRE (waitUntil ([&] { return screen.byId ("settingsDefaultPrivacy").has_value(); }, 10s));
    for (int attempt = 0; attempt < 3 && screen.textOf ("settingsDefaultPrivacy") != "Public"; ++attempt)
    {
        hands.click (*screen.byId ("settingsDefaultPrivacy"));
        const bool menuOpen = waitUntil (
            [&]
            {
                return screen
                    .find ([] (const json& c)
                           { return c.value ("class", "").find ("MenuWindow") != std::string::npos; })
                    .has_value();
            },
            5s);
        if (!menuOpen)
            continue;
        hands.key ("Down");
        hands.key ("Return");
        screen.waitForText (
            "settingsDefaultPrivacy", [] (const std::string& t) { return t == "Public"; }, 3s);
    }
    REQUIRE (screen.textOf ("settingsDefaultPrivacy") == "Public");
    screenshot (display, "standalone-2-settings.png");

    tab ("Capture");
    REQUIRE (waitUntil ([&] { return screen.byId ("takeImport").has_value(); }, 10s));

    // --- Import the music through the Import button and the file dialog: type its path, Return, Return.
    REQUIRE (screen.byId ("takeImport").has_value());
    hands.click (*screen.byId ("takeImport"));
    const auto mainWindow = screen.byId ("captureView")->value ("window", 0);
    const auto filenameBox = [&]
    {
        return screen.find (
            [&] (const json& c)
            {
                return c.value ("window", 0) != mainWindow && c.value ("class", "") == "juce::TextEditor"
                       && c.value ("enabled", false) && c.value ("w", 0) > 200;
            });
    };
    REQUIRE (waitUntil ([&] { return filenameBox().has_value(); }, 20s));
    screenshot (display, "standalone-3-import-dialog.png");
    hands.click (*filenameBox());
    hands.key ("ctrl+a");
    hands.type (music.string());
    hands.key ("Return");
    hands.key ("Return");
    const auto takeRow = [&]() -> std::optional<json>
    {
        const auto list = screen.byId ("takesList");
        if (!list)
            return std::nullopt;
        for (const auto& row : (*list)["rows"])
            if (row.value ("text", "").find ("Night Drive") != std::string::npos
                && row.value ("text", "").find ("LUFS") != std::string::npos)
                return row;
        return std::nullopt;
    };
    const bool imported = waitUntil ([&] { return takeRow().has_value(); }, 60s);
    INFO (screen.dump());
    REQUIRE (imported);
    CHECK (takeRow()->value ("text", "").find ("0:20") != std::string::npos);
    screenshot (display, "standalone-4-take.png");

    // --- Publish: connect (the embedded WebKit sign-in, auto-approved by the sandbox).
    tab ("Publish");
    REQUIRE (screen.waitForText (
        "publishAccount", [] (const std::string& t) { return t == "Not signed in"; }, 30s));
    hands.click (*screen.byId ("connect"));
    const bool signedIn = screen.waitForText (
        "publishAccount", [] (const std::string& t) { return t.rfind ("Signed in as ", 0) == 0; }, 120s);
    INFO (screen.dump());
    REQUIRE (signedIn);
    CHECK (screen.textOf ("publishAccount") == "Signed in as " + server.username());

    // The form is prefilled from the imported take and the defaults.
    REQUIRE (screen.waitForText (
        "publishTake", [] (const std::string& t) { return t.find ("Night") != std::string::npos; }, 10s));
    CHECK (screen.textOf ("publishPrivacy") == "Public");

    // Typing goes where the keyboard focus is: wait for the field to have it (the sign-in window that just closed
    // may have taken the X focus with it), then check what landed.
    const auto typeInto = [&] (const std::string& id, const std::string& text)
    {
        for (int attempt = 0; attempt < 3 && screen.textOf (id) != text; ++attempt)
        {
            hands.click (*screen.byId (id));
            if (!waitUntil ([&] { return screen.byId (id)->value ("focused", false); }, 5s))
                continue;
            hands.key ("ctrl+a");
            hands.type (text);
            screen.waitForText (
                id, [&] (const std::string& t) { return t == text; }, 5s);
        }
        REQUIRE (screen.textOf (id) == text);
    };
    typeInto ("publishTitle", title);
    hands.click (*screen.byId ("tagEntry"));
    hands.type ("wavelift, standalone,");
    REQUIRE (waitUntil ([&] { return screen.textOf ("tag1") == "standalone"; }, 10s));
    CHECK (screen.textOf ("tag0") == "wavelift");
    CHECK (screen.textOf ("publishTitle") == title);
    screenshot (display, "standalone-5-publish-form.png");

    hands.click (*screen.byId ("publish"));
    const bool published = screen.waitForText (
        "publishProgress", [] (const std::string& t) { return t == "Published"; }, 180s);
    INFO (screen.dump());
    REQUIRE (published);
    const auto link = screen.textOf ("publishLink");
    CHECK (link.rfind ("http", 0) == 0);
    screenshot (display, "standalone-6-published.png");

    // --- Browse: find it by its title and play it (HLS AAC from the sandbox CDN, out through JACK).
    server.waitForTranscodes();
    tab ("Browse");
    REQUIRE (waitUntil ([&] { return screen.byId ("searchBox").has_value(); }, 10s));
    typeInto ("searchBox", title);
    hands.key ("Return");
    const auto resultRow = [&]() -> std::optional<json>
    {
        const auto list = screen.byId ("resultsList");
        if (!list)
            return std::nullopt;
        for (const auto& row : (*list)["rows"])
            if (row.value ("text", "").rfind (title, 0) == 0)
                return row;
        return std::nullopt;
    };
    REQUIRE (waitUntil ([&] { return resultRow().has_value(); }, 60s));
    CHECK (resultRow()->value ("text", "").find (server.username()) != std::string::npos);
    hands.click (*resultRow());
    hands.click (*screen.byId ("resultPlay"));
    // "playing  0:03 / 0:20": wait for two seconds of it to have gone out through JACK.
    const auto secondsPlayed = [] (const std::string& text)
    {
        int minutes = 0, seconds = 0;
        return text.rfind ("playing", 0) == 0 && std::sscanf (text.c_str(), "playing %d:%d", &minutes, &seconds) == 2
                   ? minutes * 60 + seconds
                   : -1;
    };
    const bool playing = screen.waitForText (
        "resultPosition", [&] (const std::string& t) { return secondsPlayed (t) >= 2; }, 60s);
    INFO (screen.dump());
    REQUIRE (playing);
    CHECK (screen.textOf ("resultPosition").find ("/ 0:20") != std::string::npos);
    screenshot (display, "standalone-7-playing.png");

    CHECK (app.process.isRunning()); // no crash along the way
}
