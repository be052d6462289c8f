// Wavelift in a real DAW: Ardour 7's headless Lua session (ardour7-lua), playing to a PulseAudio null sink, loads the
// built LV2 onto a track after a test signal (ardour/wavelift-test-signal.lua: a count, so every sample says which one
// it is), rolls the transport from the start, stops, saves the session, then reopens it and rolls again. Each roll
// must leave exactly one take, starting at timeline 0, holding exactly the samples the plugin was given. Ardour
// reports the LV2 transport only now and then (not for the second block of a roll): this is where our handling of
// that meets a real host. (Not tried here: the VST3, since this headless session only finds VST3s that Ardour's own
// GUI has scanned, and Ardour's export, which corrupts ardour7-lua's heap now and then even with no plugin loaded.)
#include "DesktopDriver.h"
#include "capture/TakeLibrary.h"
#include "helpers/SandboxSession.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

using namespace std::chrono_literals;

namespace
{
using namespace wavelift;
using namespace wavelift::test;

constexpr double rollSeconds = 3.0;
constexpr double sessionRate = 48000.0;

const std::filesystem::path scripts = WAVELIFT_ARDOUR_SCRIPTS;

/** The test signal's value on a channel at its k-th sample (see ardour/wavelift-test-signal.lua). */
float expectedSample (int channel, std::int64_t k)
{
    const std::int64_t step = channel == 0 ? 7 : 13;
    return (float) ((double) ((k * step) % (1 << 24) - (1 << 23)) / (double) (1 << 23));
}

/** Which sample of the test signal a left-channel value is (mod 2^24): 7 is invertible mod 2^24. */
std::int64_t signalIndexOf (float left)
{
    constexpr std::int64_t modulus = 1 << 24, inverseOf7 = 14380471; // 7 * 14380471 = 6 * 2^24 + 1
    const auto scaled = (std::int64_t) std::llround ((double) left * (1 << 23)) + (1 << 23);
    return (scaled % modulus) * inverseOf7 % modulus;
}

/** A PulseAudio server of the test's own with a null sink (real-time pacing, no sound card), for one Ardour run.
    Its socket goes in XDG_RUNTIME_DIR, a new folder per server: a killed server's pid file must not stop the next. */
struct AudioServer
{
    AudioServer()
        : process ({ "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                     "--load=module-null-sink sink_name=wavelift rate=48000", "--load=module-native-protocol-unix" },
                   0) // its log is not read: to /dev/null, so a full pipe can never stall it
    {
        REQUIRE (waitUntil ([] { return run ({ "pactl", "info" }) == 0; }, 20s));
    }

    Background process;
};

/** Runs one Ardour session pass; returns where the transport stopped (the script prints it). */
std::int64_t runArdour (const std::string& mode, const std::filesystem::path& sessionDir)
{
    // A server of our own, and nothing else: PULSE_SERVER names it, so no test signal ever reaches a real sound card.
    const auto runtimeFolder = sessionDir.parent_path() / ("run-" + mode);
    std::filesystem::create_directories (runtimeFolder);
    std::filesystem::permissions (runtimeFolder, std::filesystem::perms::owner_all);
    setEnv ("XDG_RUNTIME_DIR", runtimeFolder.string());
    setEnv ("PULSE_SERVER", "unix:" + (runtimeFolder / "pulse" / "native").string());
    AudioServer audio;
    juce::String output;
    const int exitCode = run ({ "ardour7-lua", (scripts / "wavelift-session.lua").string(), mode, sessionDir.string(),
                                "wavelift", "Wavelift", juce::String (rollSeconds) },
                              &output, 180000);
    INFO ("ardour7-lua " << mode << ":\n" << output);
    REQUIRE (exitCode == 0);
    REQUIRE (output.contains ("wavelift-session: OK"));
    const auto stoppedAt =
        output.fromFirstOccurrenceOf ("rolled and stopped at", false, false).trim().getLargeIntValue();
    REQUIRE (stoppedAt >= (std::int64_t) (rollSeconds * sessionRate));
    return stoppedAt;
}

/** Checks a finished take is one roll of the test signal with no sample lost, repeated or changed: it picks the
    signal up wherever the roll began and must then follow it sample by sample. */
void checkTake (const capture::TakeRecord& take, std::int64_t stoppedAt)
{
    INFO ("take " << take.file.string() << ", timeline start " << take.timelineStart << ", " << take.frames
                  << " frames");
    CHECK (take.error.empty());
    CHECK (take.lostFrames == 0);
    CHECK (take.sampleRate == sessionRate);
    CHECK (take.channels == 2);
    CHECK (take.timelineStart == 0); // located to 0 before each roll
    // The whole roll: up to where the transport stopped, plus the output latency Ardour processes ahead by (one
    // engine period here), and not a quarter of a second more.
    CHECK (take.frames >= stoppedAt);
    CHECK (take.frames < stoppedAt + (std::int64_t) (sessionRate / 4));

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (take.file.string())));
    REQUIRE (reader != nullptr);
    REQUIRE ((std::int64_t) reader->lengthInSamples == take.frames);
    juce::AudioBuffer<float> audio (2, (int) take.frames);
    REQUIRE (reader->read (&audio, 0, (int) take.frames, 0, true, true));

    const auto first = signalIndexOf (audio.getSample (0, 0));
    std::int64_t mismatches = 0, firstMismatch = -1;
    for (int ch = 0; ch < 2; ++ch)
        for (int n = 0; n < audio.getNumSamples(); ++n)
            if (audio.getSample (ch, n) != expectedSample (ch, first + n))
            {
                if (firstMismatch < 0)
                    firstMismatch = n;
                ++mismatches;
            }
    INFO ("first mismatch at frame " << firstMismatch);
    CHECK (mismatches == 0);
}
} // namespace

#ifdef WAVELIFT_LV2_BUNDLE // built where LV2 is (Linux)
TEST_CASE ("daw: Ardour plays a session through the LV2: one sample-exact take per roll, saved and reopened",
           "[ardour][lv2]")
{
    TempFolder home ("ardour-home"), data ("ardour-data");

    // Ardour's user folder (its script search path) and ours, both private to the test.
    const auto ardourScripts = home.path / ".config" / "ardour7" / "scripts";
    std::filesystem::create_directories (ardourScripts);
    std::filesystem::copy_file (scripts / "wavelift-test-signal.lua", ardourScripts / "wavelift-test-signal.lua");
    setEnv ("HOME", home.path.string());
    setEnv ("XDG_CONFIG_HOME", (home.path / ".config").string());
    setEnv ("WAVELIFT_DATA_DIR", data.path.string());
    setEnv ("WAVELIFT_CONFIG_DIR", (home.path / "wavelift-config").string());
    setEnv ("WAVELIFT_TOKEN_STORE", "file");
    // LV2_PATH lists folders that hold bundles; Ardour needs the system's too (its own plugins, the LV2 specs).
    setEnv ("LV2_PATH", "/usr/lib/lv2:" + std::filesystem::path (WAVELIFT_LV2_BUNDLE).parent_path().string());

    const auto sessionDir = home.path / "session";
    const capture::TakeLibrary library (data.path / "takes");

    const auto firstStop = runArdour ("create", sessionDir);
    auto takes = library.takes();
    REQUIRE (takes.size() == 1);
    checkTake (takes[0], firstStop);

    // The saved session holds the plugin and its state; reopened, it plays again into a second take.
    std::ifstream sessionFile (sessionDir / "wavelift.ardour");
    const std::string session ((std::istreambuf_iterator<char> (sessionFile)), std::istreambuf_iterator<char>());
    CHECK (session.find ("name=\"Wavelift\"") != std::string::npos);

    const auto secondStop = runArdour ("reopen", sessionDir);
    takes = library.takes();
    REQUIRE (takes.size() == 2);
    checkTake (takes[1], secondStop);
    CHECK (takes[0].file != takes[1].file);
}
#endif
