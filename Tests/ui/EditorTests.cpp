// The editor of an in-process WaveliftProcessor, driven through its components the way a producer uses it: capture
// a take with the transport, sign in through the real Account::signIn (scripted system browser against the sandbox's
// auto-approve), publish the take and see its link, search and play a result; a PNG of every view.
#include "UiTestSupport.h"
#include "helpers/LoopbackPort.h"
#include "helpers/SandboxSession.h"
#include "plugin/PluginEditor.h"
#include "plugin/PluginProcessor.h"
#include "sandbox/SandboxServer.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cmath>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace
{
using namespace wavelift;

void setEnv (const char* name, const std::string& value) { ::setenv (name, value.c_str(), 1); }

/** A host transport the test starts and stops. */
struct TestPlayHead final : juce::AudioPlayHead
{
    bool playing = false;
    juce::int64 time = 0;

    juce::Optional<PositionInfo> getPosition() const override
    {
        PositionInfo info;
        info.setIsPlaying (playing);
        info.setTimeInSamples (time);
        return info;
    }
};

constexpr double sampleRate = 44100.0;
constexpr int blockSize = 512;

/** Runs `blocks` blocks of a 440 Hz sine at -6 dBFS through the processor. */
void runBlocks (WaveliftProcessor& processor, TestPlayHead& head, int blocks, double& phase)
{
    juce::AudioBuffer<float> buffer (2, blockSize);
    juce::MidiBuffer midi;
    for (int b = 0; b < blocks; ++b)
    {
        for (int i = 0; i < blockSize; ++i)
        {
            const auto value = 0.5f * (float) std::sin (phase);
            phase += juce::MathConstants<double>::twoPi * 440.0 / sampleRate;
            buffer.setSample (0, i, value);
            buffer.setSample (1, i, value);
        }
        processor.processBlock (buffer, midi);
        if (head.playing)
            head.time += blockSize;
    }
}

juce::File artifactsFolder() { return juce::File (WAVELIFT_UI_ARTIFACTS); }
} // namespace

TEST_CASE ("editor: capture, publish to the sandbox, browse and play, with a screenshot of each view", "[ui][editor]")
{
    test::TempFolder data ("ui-data"), config ("ui-config"), browserTraces ("ui-browser"), sandboxData ("ui-sandbox");

    sandbox::Options options;
    options.dataDir = sandboxData.path;
    options.autoApprove = true;
    options.redirectUri = "http://127.0.0.1:" + std::to_string (test::freeLoopbackPort()) + "/callback";
    sandbox::SandboxServer server (options);
    server.start();

    // The configuration the editor's services read when they are created (environment before the editor).
    setEnv ("WAVELIFT_DATA_DIR", data.path.string());
    setEnv ("WAVELIFT_CONFIG_DIR", config.path.string());
    setEnv ("WAVELIFT_API_URL", server.apiUrl());
    setEnv ("WAVELIFT_AUTH_URL", server.authUrl());
    setEnv ("WAVELIFT_CLIENT_ID", server.clientId());
    setEnv ("WAVELIFT_CLIENT_SECRET", server.clientSecret());
    setEnv ("WAVELIFT_REDIRECT_URI", server.redirectUri());
    setEnv ("WAVELIFT_TOKEN_STORE", "file");
    setEnv ("WAVELIFT_BROWSER", WAVELIFT_SCRIPTED_BROWSER);
    setEnv ("WAVELIFT_TEST_BROWSER_DIR", browserTraces.path.string());

    auto processor = std::make_unique<WaveliftProcessor>();
    processor->setPlayConfigDetails (2, 2, sampleRate, blockSize);
    processor->prepareToPlay (sampleRate, blockSize);
    TestPlayHead head;
    processor->setPlayHead (&head);

    std::unique_ptr<juce::AudioProcessorEditor> created (processor->createEditorIfNeeded());
    auto* editor = dynamic_cast<WaveliftEditor*> (created.get());
    REQUIRE (editor != nullptr);
    editor->setVisible (true);
    CHECK (editor->getWidth() >= WaveliftEditor::minimumWidth);
    CHECK (editor->getHeight() >= WaveliftEditor::minimumHeight);
    auto& main = editor->content();

    SECTION ("the main paths")
    {
        // --- Capture: play two seconds, stop; the take appears with its figures.
        main.showTab (ui::MainComponent::captureTab);
        double phase = 0.0;
        head.playing = true;
        runBlocks (*processor, head, 4, phase);
        REQUIRE (test::pumpUntil ([&] { return processor->captureEngine().status().recording; }, 5s));
        const auto* mode = test::findById<juce::Label> (main, "captureMode");
        REQUIRE (mode != nullptr);
        REQUIRE (test::pumpUntil ([&] { return mode->getText() == "Recording"; }, 5s));
        const int recordedBlocks = (int) (2.0 * sampleRate / blockSize);
        runBlocks (*processor, head, recordedBlocks, phase);
        head.playing = false;
        runBlocks (*processor, head, 2, phase);

        auto& captureView = main.captureView();
        REQUIRE (test::pumpUntil (
            [&]
            { return captureView.shownTakes().size() == 1 && captureView.shownTakes().front().figures.has_value(); },
            30s));
        const auto take = captureView.shownTakes().front();
        CHECK (take.frames == (juce::int64) (4 + recordedBlocks) * blockSize); // every played sample, none after stop
        CHECK (take.lostFrames == 0);
        REQUIRE (take.figures->integratedLufs.has_value());
        CHECK (*take.figures->integratedLufs == Approx (-6.0).margin (1.0)); // a -6 dBFS sine on both channels
        CHECK (captureView.rowText (0).contains ("LUFS"));
        CHECK (captureView.rowText (0).contains ("dBTP"));
        REQUIRE (test::pumpUntil ([&] { return mode->getText() == "Following transport"; }, 5s));

        const auto captureShot = artifactsFolder().getChildFile ("capture.png");
        CHECK (test::saveSnapshot (*editor, captureShot) > 20.0);
        CHECK (test::visibleText (main).contains ("Takes"));
        CHECK (test::visibleText (main).contains ("Lost samples: 0"));

        // --- Publish: connect through the real sign-in, then publish the selected take and see the link.
        main.showTab (ui::MainComponent::publishTab);
        auto& publishView = main.publishView();
        auto* title = test::findById<juce::TextEditor> (main, "publishTitle");
        REQUIRE (title != nullptr);
        CHECK (title->getText() == juce::String (take.file.stem().string())); // prefilled from the take
        title->setText ("UI test take");
        auto* privacy = test::findById<juce::ComboBox> (main, "publishPrivacy");
        REQUIRE (privacy != nullptr);
        CHECK (privacy->getText() == "Private");

        // The system browser (the scripted stand-in in WAVELIFT_BROWSER), chosen on the Settings tab.
        main.showTab (ui::MainComponent::settingsTab); // only the current tab is in the hierarchy
        auto* signInMethod = test::findById<juce::ComboBox> (main, "settingsSignIn");
        REQUIRE (signInMethod != nullptr);
        signInMethod->setSelectedId (3, juce::sendNotificationSync);
        CHECK (signInMethod->getText() == "System browser");
        main.showTab (ui::MainComponent::publishTab);

        auto* connect = test::findById<juce::TextButton> (main, "connect");
        REQUIRE (connect != nullptr);
        REQUIRE (test::pumpUntil ([&] { return publishView.accountText() == "Not signed in"; }, 20s));
        CHECK (connect->getButtonText() == "Connect with SoundCloud");
        connect->triggerClick();
        REQUIRE (test::pumpUntil ([&] { return publishView.accountText().startsWith ("Signed in as "); }, 60s));
        CHECK (publishView.accountText() == "Signed in as " + juce::String (server.username()));
        CHECK (connect->getButtonText() == "Sign out");

        test::findById<juce::TextButton> (main, "publish")->triggerClick();
        REQUIRE (test::pumpUntil ([&] { return publishView.linkText().isNotEmpty(); }, 90s));
        CHECK (publishView.linkText().startsWith ("http"));
        auto* progress = test::findById<juce::Label> (main, "publishProgress");
        REQUIRE (progress != nullptr);
        CHECK (progress->getText() == "Published");
        // The take in the library now names the track it became.
        REQUIRE (test::pumpUntil (
            [&]
            {
                const auto linked = processor->takeLibrary().find (take.id);
                return linked && !linked->publishedTrackUrn.empty();
            },
            10s));
        const auto linked = processor->takeLibrary().find (take.id);
        CHECK_THAT (linked->publishedTrackUrn, Catch::StartsWith ("soundcloud:tracks:"));
        CHECK (publishView.linkText().contains (juce::String (
            linked->publishedSecretUrl.empty() ? linked->publishedPermalinkUrl : linked->publishedSecretUrl)));
        const auto publishShot = artifactsFolder().getChildFile ("publish.png");
        CHECK (test::saveSnapshot (*editor, publishShot) > 20.0);
        CHECK (test::visibleText (main).contains (publishView.linkText()));

        // --- Browse: search, list, play a result through the preview player.
        server.waitForTranscodes();
        main.showTab (ui::MainComponent::browseTab);
        auto& browseView = main.browseView();
        browseView.search ("amen");
        REQUIRE (test::pumpUntil ([&] { return !browseView.results().empty(); }, 30s));
        CHECK (browseView.rowText (0).containsIgnoreCase ("amen"));
        test::findById<juce::TextButton> (main, "resultPlay")->triggerClick();
        auto& player = processor->previewPlayer();
        REQUIRE (test::pumpUntil ([&] { return player.positionSeconds() > 0.5; }, 60s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        CHECK (player.state() == preview::PreviewPlayer::State::playing);
        auto* playButton = test::findById<juce::TextButton> (main, "resultPlay");
        REQUIRE (test::pumpUntil ([&] { return playButton->getButtonText() == "Pause"; }, 5s));
        const auto browseShot = artifactsFolder().getChildFile ("browse.png");
        CHECK (test::saveSnapshot (*editor, browseShot) > 20.0);
        CHECK (test::visibleText (main).contains ("playing"));
        playButton->triggerClick();
        REQUIRE (test::pumpUntil ([&] { return player.state() == preview::PreviewPlayer::State::paused; }, 5s));

        // --- Settings: switching to FLAC reaches the processor's capture settings.
        main.showTab (ui::MainComponent::settingsTab);
        auto* format = test::findById<juce::ComboBox> (main, "settingsFormat");
        REQUIRE (format != nullptr);
        format->setSelectedId (2, juce::sendNotificationSync);
        CHECK (processor->captureSettings().format == capture::FileFormat::flac);
        const auto settingsShot = artifactsFolder().getChildFile ("settings.png");
        CHECK (test::saveSnapshot (*editor, settingsShot) > 20.0);
        CHECK (test::visibleText (main).contains ("FLAC"));
        CHECK (test::visibleText (main).contains ("Sign in with"));
    }

    SECTION ("an audio file dropped on the window becomes a take")
    {
        const auto wav = test::makeMusicWav (data.path, "dropped loop.wav", 3.0);
        main.filesDropped ({ juce::String (wav.string()) }, 10, 10);
        auto& captureView = main.captureView();
        const bool shown = test::pumpUntil ([&] { return captureView.shownTakes().size() == 1; }, 30s);
        INFO (test::visibleText (main));
        REQUIRE (shown);
        const auto take = captureView.shownTakes().front();
        CHECK (take.lengthSeconds() == Approx (3.0).margin (0.01));
        CHECK (take.file.parent_path() == processor->takeLibrary().folder());
        CHECK (take.figures.has_value());
        CHECK (processor->takeLibrary().find (take.id).has_value());
    }

    created.reset();
    processor->setPlayHead (nullptr);
    processor->releaseResources();
    // Let the services' last messages drain before the processor goes.
    test::pumpUntil ([] { return false; }, 200ms);
    processor.reset();
}
