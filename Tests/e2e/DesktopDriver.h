#pragma once

// Driving one of our programs in a real window from outside, the way a person does: its own X server (Xvfb), mouse
// and keyboard through xdotool, what its windows show read from its automation map (WAVELIFT_UI_MAP, see
// ui/AutomationMap.h), and screenshots of the whole screen (ffmpeg's x11grab).

#include <juce_core/juce_core.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace wavelift::test
{
void setEnv (const char* name, const std::string& value);

/** Runs a tool to the end and returns its exit code (its output is kept for the failure message). */
int run (const juce::StringArray& command, juce::String* output = nullptr, int timeoutMs = 30000);

/** A process started for the test and stopped at its end. */
struct Background
{
    explicit Background (const juce::StringArray& command, int streams = juce::ChildProcess::wantStdOut);
    ~Background();
    juce::ChildProcess process;
};

/** Polls `condition` until it holds or `timeout` passes (the program is another process: nothing to wait on). */
bool waitUntil (const std::function<bool()>& condition, std::chrono::milliseconds timeout);

/** An X server of the test's own (so the screen size and window positions are known); sets DISPLAY. */
class XServer
{
public:
    static constexpr int width = 1280, height = 900;
    XServer();
    const std::string& display() const noexcept { return name; }

    /** The whole screen as a PNG in `folder`, as a person would see it; checks it is a real picture. */
    void screenshot (const juce::File& folder, const std::string& fileName) const;

private:
    Background server;
    std::string name;
};

/** What the program's windows show, read from its automation map. */
class Screen
{
public:
    explicit Screen (std::filesystem::path mapFile);

    /** Re-reads the map (the program rewrites it a few times a second, renaming a whole file into place). */
    void refresh();
    std::optional<nlohmann::json> find (const std::function<bool (const nlohmann::json&)>& match);
    std::optional<nlohmann::json> byId (const std::string& id);
    std::string textOf (const std::string& id);
    bool waitForText (const std::string& id, const std::function<bool (const std::string&)>& check,
                      std::chrono::milliseconds timeout);
    /** Every component with text, one per line, for failure messages. */
    std::string dump();

private:
    std::filesystem::path file;
    nlohmann::json components = nlohmann::json::array();
};

/** Mouse and keyboard on the test's X server. */
struct Hands
{
    void click (const nlohmann::json& component, int dx = -1, int dy = -1) const;
    void type (const std::string& text) const;
    void key (const std::string& keys) const;
    /** Clicks the tab button with this name. */
    void clickTab (Screen&, const std::string& name) const;
    /** Types into a text field: clicks it, waits for it to have the keyboard focus (a window that just closed may
        have taken the X focus with it), replaces its text, and checks what landed. */
    void typeInto (Screen&, const std::string& id, const std::string& text) const;
};
} // namespace wavelift::test
