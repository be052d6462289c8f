// The built VST3's editor in a host's window (JUCE's hosting classes, as a JUCE-based DAW embeds it), typed into with
// real X key events: plugin windows are embedded child windows, and text fields that do not take the keyboard focus
// there are a known failure of JUCE plugins on Linux. One attempt each: a field must take the focus when clicked.
#include "DesktopDriver.h"
#include "helpers/SandboxSession.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace wavelift::test;

TEST_CASE ("e2e: the plugin's text fields take typing in a host's window", "[e2e][hosted]")
{
    TempFolder home ("hosted-home"), data ("hosted-data"), config ("hosted-config");
    XServer xserver;
    setEnv ("HOME", home.path.string());
    setEnv ("WAVELIFT_DATA_DIR", data.path.string());
    setEnv ("WAVELIFT_CONFIG_DIR", config.path.string());
    setEnv ("WAVELIFT_TOKEN_STORE", "file");
    const auto mapFile = home.path / "ui-map.json";
    setEnv ("WAVELIFT_UI_MAP", mapFile.string());

    // .../Wavelift.vst3/Contents/x86_64-linux/Wavelift.so: the host is given the bundle, as a DAW's scan finds it.
    const auto bundle =
        juce::File (WAVELIFT_VST3_BINARY).getParentDirectory().getParentDirectory().getParentDirectory();
    Background host ({ WAVELIFT_TEST_HOST, bundle.getFullPathName() },
                     juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr);
    Screen screen (mapFile);
    Hands hands;
    REQUIRE (waitUntil ([&] { return screen.byId ("captureView").has_value(); }, 60s));

    const auto typeOnce = [&] (const std::string& id, const std::string& keysFirst, const std::string& text)
    {
        REQUIRE (waitUntil ([&] { return screen.byId (id).has_value() && screen.byId (id)->value ("enabled", false); },
                            10s));
        hands.click (*screen.byId (id));
        const bool focused = waitUntil ([&] { return screen.byId (id)->value ("focused", false); }, 5s);
        INFO (screen.dump());
        REQUIRE (focused);
        if (!keysFirst.empty())
            hands.key (keysFirst);
        hands.type (text);
    };

    // Publish: the title, then a tag (the comma makes it a chip).
    hands.clickTab (screen, "Publish");
    typeOnce ("publishTitle", "ctrl+a", "Typed in a host");
    CHECK (screen.waitForText (
        "publishTitle", [] (const std::string& t) { return t == "Typed in a host"; }, 10s));
    typeOnce ("tagEntry", "", "late night,");
    CHECK (screen.waitForText (
        "tag0", [] (const std::string& t) { return t == "late night"; }, 10s));
    xserver.screenshot (juce::File (WAVELIFT_E2E_ARTIFACTS), "hosted-vst3-publish-typed.png");

    // Settings: the take-naming pattern, confirmed with Return.
    hands.clickTab (screen, "Settings");
    typeOnce ("settingsTitlePattern", "ctrl+a", "{project} {take}");
    hands.key ("Return");
    CHECK (screen.waitForText (
        "settingsTitlePattern", [] (const std::string& t) { return t == "{project} {take}"; }, 10s));
    xserver.screenshot (juce::File (WAVELIFT_E2E_ARTIFACTS), "hosted-vst3-settings-typed.png");

    CHECK (host.process.isRunning()); // no crash along the way
}
