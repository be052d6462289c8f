#include "DesktopDriver.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using nlohmann::json;

namespace wavelift::test
{
void setEnv (const char* name, const std::string& value) { ::setenv (name, value.c_str(), 1); }

int run (const juce::StringArray& command, juce::String* output, int timeoutMs)
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

Background::Background (const juce::StringArray& command, int streams) { REQUIRE (process.start (command, streams)); }

Background::~Background() { process.kill(); }

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

XServer::XServer()
    : server ({ "Xvfb", "-displayfd", "1", "-screen", "0", juce::String (width) + "x" + juce::String (height) + "x24",
                "-nolisten", "tcp" })
{
    // -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
    char number[16] = {};
    REQUIRE (server.process.readProcessOutput (number, sizeof (number) - 1) > 0);
    name = ":" + juce::String (number).trim().toStdString();
    setEnv ("DISPLAY", name);
}

void XServer::screenshot (const juce::File& folder, const std::string& fileName) const
{
    const auto png = folder.getChildFile (fileName);
    folder.createDirectory();
    juce::String output;
    const auto code = run ({ "ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size",
                             juce::String (width) + "x" + juce::String (height), "-i", juce::String (name), "-frames:v",
                             "1", png.getFullPathName() },
                           &output);
    INFO (output);
    CHECK (code == 0);
    CHECK (png.getSize() > 10000); // a real picture of the windows, not an empty frame
}

Screen::Screen (std::filesystem::path mapFile)
    : file (std::move (mapFile))
{
}

void Screen::refresh()
{
    std::ifstream in (file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = json::parse (text.str(), nullptr, false);
    if (!parsed.is_discarded() && parsed.contains ("components"))
        components = std::move (parsed["components"]);
}

std::optional<json> Screen::find (const std::function<bool (const json&)>& match)
{
    refresh();
    for (const auto& c : components)
        if (match (c))
            return c;
    return std::nullopt;
}

std::optional<json> Screen::byId (const std::string& id)
{
    return find ([&] (const json& c) { return c.value ("id", "") == id; });
}

std::string Screen::textOf (const std::string& id)
{
    const auto c = byId (id);
    return c ? c->value ("text", "") : std::string();
}

bool Screen::waitForText (const std::string& id, const std::function<bool (const std::string&)>& check,
                          std::chrono::milliseconds timeout)
{
    return waitUntil ([&] { return check (textOf (id)); }, timeout);
}

std::string Screen::dump()
{
    refresh();
    std::string out;
    for (const auto& c : components)
        if (c.contains ("text") && !c["text"].get<std::string>().empty())
            out += c.value ("id", "") + " [" + c.value ("class", "") + "]: " + c["text"].get<std::string>() + "\n";
    return out;
}

void Hands::click (const json& component, int dx, int dy) const
{
    const auto x = component["x"].get<int>() + (dx >= 0 ? dx : component["w"].get<int>() / 2);
    const auto y = component["y"].get<int>() + (dy >= 0 ? dy : component["h"].get<int>() / 2);
    REQUIRE (run ({ "xdotool", "mousemove", juce::String (x), juce::String (y), "click", "1" }) == 0);
}

void Hands::type (const std::string& text) const
{
    REQUIRE (run ({ "xdotool", "type", "--delay", "20", juce::String (text) }) == 0);
}

void Hands::key (const std::string& keys) const { REQUIRE (run ({ "xdotool", "key", juce::String (keys) }) == 0); }

void Hands::clickTab (Screen& screen, const std::string& name) const
{
    const auto button = screen.find (
        [&] (const json& c)
        { return c.value ("class", "").find ("TabBarButton") != std::string::npos && c.value ("text", "") == name; });
    REQUIRE (button.has_value());
    click (*button);
}

void Hands::typeInto (Screen& screen, const std::string& id, const std::string& text) const
{
    for (int attempt = 0; attempt < 3 && screen.textOf (id) != text; ++attempt)
    {
        click (*screen.byId (id));
        if (!waitUntil ([&] { return screen.byId (id)->value ("focused", false); }, 5s))
            continue;
        key ("ctrl+a");
        type (text);
        screen.waitForText (
            id, [&] (const std::string& t) { return t == text; }, 5s);
    }
    INFO (screen.dump());
    REQUIRE (screen.textOf (id) == text);
}
} // namespace wavelift::test
