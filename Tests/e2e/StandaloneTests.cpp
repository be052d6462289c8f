// The standalone app, the real binary in a real window on its own X server, driven from outside the way a producer
// drives it (mouse clicks and typing through xdotool): import a piece of real music as a take, sign in through the
// embedded browser, publish it with a title and tags, find it by searching, and play it in the Browse tab, with the
// audio running on a JACK dummy driver. The app tells where its components are through WAVELIFT_UI_MAP (see
// ui/AutomationMap.h); a screenshot of the screen (ffmpeg's x11grab) is saved after every step.
#include "DesktopDriver.h"
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
using namespace wavelift::test;

juce::File screenshotFolder() { return juce::File (WAVELIFT_E2E_ARTIFACTS); }

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
    XServer xserver;
    const auto screenshot = [&] (const std::string& name) { xserver.screenshot (screenshotFolder(), name); };

    // --- Audio: a JACK server on its dummy driver (real time, no sound card).
    const auto jackName = "wavelift-e2e-" + std::to_string (::getpid());
    setEnv ("JACK_DEFAULT_SERVER", jackName);
    setEnv ("JACK_NO_AUDIO_RESERVATION", "1");
    Background jack (
        { "jackd", "--no-realtime", "-n", juce::String (jackName), "-d", "dummy", "-r", "48000", "-p", "512" },
        juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr);
    REQUIRE (waitUntil ([] { return run ({ "jack_lsp" }) == 0; }, 20s));

    // --- The sandbox SoundCloud, auto-approving sign-ins.
    const auto sandboxServer = test::startAutoApprovingSandbox (sandboxData.path);
    auto& server = *sandboxServer;

    // --- The app's world: its own HOME (JUCE's standalone settings), config, data, and the sandbox.
    setEnv ("HOME", home.path.string());
    test::configureWaveliftFor (server, data.path, config.path);
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
    const auto tab = [&] (const std::string& name) { hands.clickTab (screen, name); };

    REQUIRE (waitUntil ([&] { return screen.byId ("captureView").has_value(); }, 60s));
    screenshot ("standalone-1-start.png");

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
    screenshot ("standalone-2-settings.png");

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
    screenshot ("standalone-3-import-dialog.png");
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
    screenshot ("standalone-4-take.png");

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

    // Typing goes where the keyboard focus is: the sign-in window that just closed may have taken the X focus with it.
    const auto typeInto = [&] (const std::string& id, const std::string& text) { hands.typeInto (screen, id, text); };
    typeInto ("publishTitle", title);
    hands.click (*screen.byId ("tagEntry"));
    hands.type ("wavelift, standalone,");
    REQUIRE (waitUntil ([&] { return screen.textOf ("tag1") == "standalone"; }, 10s));
    CHECK (screen.textOf ("tag0") == "wavelift");
    CHECK (screen.textOf ("publishTitle") == title);
    screenshot ("standalone-5-publish-form.png");

    hands.click (*screen.byId ("publish"));
    const bool published = screen.waitForText (
        "publishProgress", [] (const std::string& t) { return t == "Published"; }, 180s);
    INFO (screen.dump());
    REQUIRE (published);
    const auto link = screen.textOf ("publishLink");
    CHECK (link.rfind ("http", 0) == 0);
    screenshot ("standalone-6-published.png");

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
    screenshot ("standalone-7-playing.png");

    CHECK (app.process.isRunning()); // no crash along the way
}
