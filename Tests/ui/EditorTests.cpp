// The editor of an in-process WaveliftProcessor, driven through its components the way a producer uses it: capture
// a take with the transport, sign in through the real Account::signIn (scripted system browser against the sandbox's
// auto-approve), publish the take and see its link, search and play a result; a PNG of every view.
#include "UiTestSupport.h"
#include "core/Preferences.h"
#include "helpers/SandboxSession.h"
#include "plugin/PluginEditor.h"
#include "plugin/PluginProcessor.h"
#include "sandbox/SandboxServer.h"
#include "signin/Account.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>

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

    const auto sandboxServer = test::startAutoApprovingSandbox (sandboxData.path);
    auto& server = *sandboxServer;

    // The configuration the editor's services read when they are created (environment before the editor).
    test::configureWaveliftFor (server, data.path, config.path);
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
        // --- Settings first, once: the take-naming pattern, default tags (typed as chips) and privacy.
        main.showTab (ui::MainComponent::settingsTab);
        auto* pattern = test::findById<juce::TextEditor> (main, "settingsTitlePattern");
        REQUIRE (pattern != nullptr);
        // The services start on a worker; the producer's defaults are editable once preferences.json was read.
        REQUIRE (test::pumpUntil ([&] { return pattern->isEnabled(); }, 10s));
        CHECK (ui::Services::shared()->isStarted());
        CHECK (pattern->getText() == "{take}");
        pattern->setText ("{take} (bounce)");
        pattern->keyPressed (juce::KeyPress (juce::KeyPress::returnKey));
        auto& defaultTags = main.settingsView().defaultTags();
        defaultTags.entry().setText ("lofi, drum and bass", true); // the comma makes a chip; the rest waits
        REQUIRE (test::pumpUntil ([&] { return !defaultTags.tags().empty(); }, 5s)); // text changes arrive async
        CHECK (defaultTags.tags() == std::vector<std::string>{ "lofi" });
        CHECK (defaultTags.entry().getText() == "drum and bass");
        defaultTags.entry().keyPressed (juce::KeyPress (juce::KeyPress::returnKey));
        REQUIRE (test::pumpUntil ([&] { return defaultTags.tags().size() == 2; }, 5s));
        CHECK (defaultTags.tags() == std::vector<std::string>{ "lofi", "drum and bass" });
        defaultTags.entry().setText ("LOFI,", true); // a duplicate, whatever its case, is dropped
        REQUIRE (test::pumpUntil ([&] { return defaultTags.entry().isEmpty(); }, 5s));
        CHECK (defaultTags.tags() == std::vector<std::string>{ "lofi", "drum and bass" });
        test::findById<juce::ComboBox> (main, "settingsDefaultPrivacy")->setSelectedId (2, juce::sendNotificationSync);
        auto& services = *ui::Services::shared();
        REQUIRE (test::pumpUntil ([&] { return services.preferences().titlePattern == "{take} (bounce)"; }, 5s));
        CHECK (services.preferences().defaultTags == std::vector<std::string>{ "lofi", "drum and bass" });
        CHECK (services.preferences().defaultSharing == "public");
        // Written to preferences.json (on a worker): a new project, another instance, starts with them.
        REQUIRE (test::pumpUntil (
            [&]
            { return PreferencesFile (config.path / "preferences.json").load().preferences == services.preferences(); },
            10s));

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
        // The thumbnail, read on a worker: 400 slices of a -6 dBFS sine.
        REQUIRE (test::pumpUntil ([&] { return captureView.waveformOf (take) != nullptr; }, 10s));
        const auto& buckets = captureView.waveformOf (take)->buckets;
        CHECK (buckets.size() == 400);
        CHECK (
            std::max_element (buckets.begin(), buckets.end(), [] (auto& a, auto& b) { return a.high < b.high; })->high
            == Approx (0.5f).margin (0.001f));
        CHECK (std::min_element (buckets.begin(), buckets.end(), [] (auto& a, auto& b) { return a.low < b.low; })->low
               == Approx (-0.5f).margin (0.001f));
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
        // Prefilled from the take and the defaults: the pattern, the tags, the privacy.
        CHECK (title->getText() == juce::String (take.file.stem().string()) + " (bounce)");
        CHECK (publishView.tags().tags() == std::vector<std::string>{ "lofi", "drum and bass" });
        title->setText ("UI test take");
        auto* privacy = test::findById<juce::ComboBox> (main, "publishPrivacy");
        REQUIRE (privacy != nullptr);
        CHECK (privacy->getText() == "Public");
        // A chip's button removes its tag; a typed tag goes with Publish even without Return.
        REQUIRE (test::findById<juce::Button> (main, "tag0") != nullptr);
        test::findById<juce::Button> (main, "tag0")->triggerClick(); // "lofi"
        REQUIRE (test::pumpUntil ([&] { return publishView.tags().tags().size() == 1; }, 5s));
        publishView.tags().entry().setText ("tape", true);

        // Artwork, a PNG: shown beside its buttons, sent after the upload.
        juce::Image cover (juce::Image::RGB, 120, 120, true);
        juce::Graphics (cover).fillAll (juce::Colours::teal);
        const auto coverFile = juce::File (data.path.string()).getChildFile ("cover.png");
        {
            juce::FileOutputStream out (coverFile);
            REQUIRE (juce::PNGImageFormat().writeImageToStream (cover, out));
        }
        publishView.setArtwork (coverFile.getFullPathName().toStdString());

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
        CHECK (publishView.tags().tags() == std::vector<std::string>{ "drum and bass", "tape" });
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
        // Our track, found by its title, with its tags and artwork (fetched from the CDN without a token).
        browseView.search ("UI test take");
        REQUIRE (test::pumpUntil ([&] { return !browseView.results().empty(); }, 30s));
        const auto ours = browseView.results().front();
        CHECK (ours.title == "UI test take");
        CHECK (ours.tags == std::vector<std::string>{ "drum and bass", "tape" });
        REQUIRE_THAT (ours.artworkUrl, Catch::StartsWith (server.cdnUrl()));
        REQUIRE (test::pumpUntil ([&] { return services.image (ours.artworkUrl).isValid(); }, 20s));
        CHECK (services.image (ours.artworkUrl).getPixelAt (60, 60) == juce::Colours::teal);

        // Paging: each "load more" reads exactly one more page through next_href.
        browseView.search ("a");
        REQUIRE (test::pumpUntil ([&] { return browseView.pagesRead() == 1; }, 30s));
        const auto firstPage = browseView.results().size();
        if (browseView.canLoadMore())
        {
            browseView.loadMore();
            REQUIRE (test::pumpUntil ([&] { return browseView.pagesRead() == 2; }, 30s));
            CHECK (browseView.results().size() > firstPage);
        }

        browseView.search ("amen");
        REQUIRE (test::pumpUntil ([&] { return !browseView.results().empty(); }, 30s));
        CHECK (browseView.rowText (0).containsIgnoreCase ("amen"));
        test::findById<juce::TextButton> (main, "resultPlay")->triggerClick();
        auto& player = processor->previewPlayer();
        REQUIRE (test::pumpUntil ([&] { return player.positionSeconds() > 0.5; }, 60s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        CHECK (player.state() == preview::PreviewPlayer::State::playing);
        auto* playButton = test::findById<juce::TextButton> (main, "resultPlay");
        // The view shows the player's state on its timer; the player may be buffering at that tick (the button says
        // Pause for both), so wait for a tick that shows it playing, with the host still pulling audio.
        REQUIRE (test::pumpUntil (
            [&] { return playButton->getButtonText() == "Pause" && test::visibleText (main).contains ("playing"); },
            10s, [&] { runBlocks (*processor, head, 8, phase); }));
        const auto browseShot = artifactsFolder().getChildFile ("browse.png");
        CHECK (test::saveSnapshot (*editor, browseShot) > 20.0);
        playButton->triggerClick();
        REQUIRE (test::pumpUntil ([&] { return player.state() == preview::PreviewPlayer::State::paused; }, 5s));

        // Keyboard seeking: arrow keys on the position slider move playback at once (a drag seeks where it ends).
        auto* seekSlider = test::findById<juce::Slider> (main, "resultSeek");
        REQUIRE (seekSlider != nullptr);
        REQUIRE (test::pumpUntil ([&] { return seekSlider->getMaximum() > 1.0; }, 5s));
        // The slider shows where playback paused once the view's timer has ticked.
        REQUIRE (
            test::pumpUntil ([&] { return std::abs (seekSlider->getValue() - player.positionSeconds()) < 0.01; }, 5s));
        const double beforeSeeking = seekSlider->getValue();
        for (int press = 0; press < 30; ++press)
            CHECK (seekSlider->keyPressed (juce::KeyPress (juce::KeyPress::rightKey)));
        const double seekTarget = seekSlider->getValue();
        CHECK (seekTarget > beforeSeeking + seekSlider->getMaximum() * 0.25);
        REQUIRE (test::pumpUntil ([&] { return std::abs (player.positionSeconds() - seekTarget) < 0.05; }, 10s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        CHECK (player.state() == preview::PreviewPlayer::State::paused);

        // The player is shared: a take played from Capture is not Browse's result, and the other way round.
        main.showTab (ui::MainComponent::captureTab);
        auto* takePlay = test::findById<juce::TextButton> (main, "takePlay");
        REQUIRE (takePlay != nullptr);
        REQUIRE (takePlay->isEnabled());
        takePlay->triggerClick();
        REQUIRE (test::pumpUntil ([&] { return player.state() == preview::PreviewPlayer::State::playing; }, 30s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        REQUIRE (test::pumpUntil ([&] { return takePlay->getButtonText() == "Stop"; }, 5s));
        // Browse learns it on its next timer tick.
        CHECK (test::pumpUntil ([&] { return playButton->getButtonText() == "Play"; }, 5s));
        main.showTab (ui::MainComponent::browseTab);
        playButton->triggerClick(); // the result again, from the start
        REQUIRE (test::pumpUntil ([&] { return playButton->getButtonText() == "Pause"; }, 30s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        REQUIRE (test::pumpUntil ([&] { return takePlay->getButtonText() == "Play"; }, 5s));
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

        // Crisp at 2x: every view renders at twice the pixels (vector drawing, images drawn from full size).
        for (auto [tab, name] : { std::pair{ ui::MainComponent::captureTab, "capture@2x.png" },
                                  std::pair{ ui::MainComponent::publishTab, "publish@2x.png" },
                                  std::pair{ ui::MainComponent::browseTab, "browse@2x.png" },
                                  std::pair{ ui::MainComponent::settingsTab, "settings@2x.png" } })
        {
            main.showTab (tab);
            const auto doubled = editor->createComponentSnapshot (editor->getLocalBounds(), true, 2.0f);
            CHECK (doubled.getWidth() == 2 * editor->getWidth());
            CHECK (doubled.getHeight() == 2 * editor->getHeight());
            CHECK (test::saveImage (doubled, artifactsFolder().getChildFile (name)) > 20.0);
        }

        // --- A preview plays on after the editor closes: the player is the processor's, and its reader keeps the
        // clients it resolves and fetches segments with, not the editor's services. Closed before the stream is
        // even opened, so every fetch (two 6 s HLS segments) happens with the editor and its services gone.
        browseView.search ("Amen Break");
        REQUIRE (test::pumpUntil ([&] { return !browseView.results().empty(); }, 30s));
        const auto found = browseView.results();
        const auto fullLoop =
            std::find_if (found.begin(), found.end(),
                          [] (const soundcloud::Track& t) { return t.title == "Amen Break (Full Loop)"; });
        REQUIRE (fullLoop != found.end());
        std::weak_ptr<ui::Services> servicesWatch = ui::Services::shared();
        player.load (ui::Services::shared()->previewOf (fullLoop->urn));
        player.play();
        created.reset();
        CHECK (servicesWatch.expired());
        REQUIRE (test::pumpUntil ([&] { return player.state() == preview::PreviewPlayer::State::ended; }, 60s,
                                  [&] { runBlocks (*processor, head, 8, phase); }));
        CHECK (player.lastError().empty());
        CHECK (player.positionSeconds() == Approx (6.857).margin (0.1));
    }

    SECTION ("keyboard focus walks each view in reading order, and every stop has a name")
    {
        const auto walk = [] (juce::Component& view)
        {
            std::vector<juce::String> stops;
            auto traverser = view.createKeyboardFocusTraverser();
            auto* current = traverser->getDefaultComponent (&view);
            while (current != nullptr && stops.size() < 60)
            {
                auto name = current->getTitle();
                if (auto* button = dynamic_cast<juce::Button*> (current); button != nullptr && name.isEmpty())
                    name = button->getButtonText();
                stops.push_back (name);
                current = traverser->getNextComponent (current);
            }
            return stops;
        };
        // Names in the order Tab visits them; disabled controls (nothing selected yet) are skipped.
        const auto inOrder = [] (const std::vector<juce::String>& stops, std::initializer_list<const char*> names)
        {
            auto from = stops.begin();
            for (const auto* name : names)
            {
                from = std::find (from, stops.end(), juce::String (name));
                if (from == stops.end())
                    return false;
            }
            return true;
        };
        main.showTab (ui::MainComponent::publishTab);
        REQUIRE (test::pumpUntil ([&] { return main.publishView().accountText() == "Not signed in"; }, 20s));
        const auto publishStops = walk (main.publishView());
        INFO (juce::StringArray (publishStops.data(), (int) publishStops.size()).joinIntoString (" | "));
        CHECK (publishStops.front() == "Connect with SoundCloud");
        CHECK (inOrder (publishStops,
                        { "Connect with SoundCloud", "Title", "Add a tag", "Genre", "Description", "Privacy", "Licence",
                          "Downloadable", "Publish when the take ends", "Artwork...", "Publish", "Outbox" }));
        for (const auto& stop : publishStops)
            CHECK (stop.isNotEmpty());

        main.showTab (ui::MainComponent::captureTab);
        const auto captureStops = walk (main.captureView());
        INFO (juce::StringArray (captureStops.data(), (int) captureStops.size()).joinIntoString (" | "));
        CHECK (inOrder (captureStops, { "Import audio file...", "Take name", "Takes" }));
        for (const auto& stop : captureStops)
            CHECK (stop.isNotEmpty());

        main.showTab (ui::MainComponent::settingsTab);
        const auto settingsStops = walk (main.settingsView());
        INFO (juce::StringArray (settingsStops.data(), (int) settingsStops.size()).joinIntoString (" | "));
        CHECK (inOrder (settingsStops,
                        { "Capture format", "Bit depth", "Takes follow the host transport", "Preview output mode",
                          "Preview gain", "Take naming pattern", "Add a tag", "Default privacy", "Sign-in method" }));
        for (const auto& stop : settingsStops)
            CHECK (stop.isNotEmpty());
    }

    SECTION ("an audio file dropped on the window becomes a take")
    {
        // Only the standalone takes drops: in a DAW, a drop belongs to the host's tracks.
        const auto wavName = juce::String ((data.path / "dropped loop.wav").string());
        CHECK_FALSE (main.isInterestedInFileDrag ({ wavName }));
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

TEST_CASE ("publish when the take ends: play and stop in the host is the whole gesture, editor closed",
           "[ui][autopublish]")
{
    test::TempFolder data ("auto-data"), config ("auto-config"), browserTraces ("auto-browser"),
        sandboxData ("auto-sandbox");
    const auto sandboxServer = test::startAutoApprovingSandbox (sandboxData.path);
    auto& server = *sandboxServer;
    test::configureWaveliftFor (server, data.path, config.path);
    setEnv ("WAVELIFT_BROWSER", WAVELIFT_SCRIPTED_BROWSER);
    setEnv ("WAVELIFT_TEST_BROWSER_DIR", browserTraces.path.string());

    // The producer set this up once, in an earlier session.
    Preferences chosen;
    chosen.titlePattern = "{take} (auto)";
    chosen.defaultTags = { "wavelift", "live take" };
    chosen.publishWhenTakeEnds = true;
    PreferencesFile (config.path / "preferences.json").save (chosen);

    auto services = ui::Services::shared();
    REQUIRE (test::pumpUntil ([&] { return services->isStarted(); }, 10s));
    REQUIRE (services->isReady());
    REQUIRE (services->preferences() == chosen);
    {
        signin::SignInFlow::Options signInOptions;
        signInOptions.browser = signin::BrowserChoice::system;
        auto signingIn =
            std::async (std::launch::async, [&] { return services->signInAccount()->signIn (signInOptions, {}); });
        REQUIRE (test::pumpUntil ([&] { return signingIn.wait_for (0s) == std::future_status::ready; }, 60s));
        REQUIRE (signingIn.get().status == signin::SignInResult::Status::signedIn);
    }

    auto processor = std::make_unique<WaveliftProcessor>();
    processor->setPlayConfigDetails (2, 2, sampleRate, blockSize);
    processor->prepareToPlay (sampleRate, blockSize);
    TestPlayHead head;
    processor->setPlayHead (&head);
    REQUIRE (processor->getActiveEditor() == nullptr);

    // Play one second, stop: the take goes to the outbox by itself, with the defaults, and is published.
    double phase = 0.0;
    head.playing = true;
    runBlocks (*processor, head, (int) (sampleRate / blockSize), phase);
    head.playing = false;
    runBlocks (*processor, head, 2, phase);

    auto* outbox = services->outbox();
    REQUIRE (outbox != nullptr);
    const auto doneJob = [&]() -> std::optional<publish::OutboxJob>
    {
        for (const auto& job : outbox->jobs())
            if (job.state == publish::JobState::done)
                return job;
        return std::nullopt;
    };
    REQUIRE (test::pumpUntil ([&] { return doneJob().has_value(); }, 90s));
    const auto job = *doneJob();
    const auto take = processor->takeLibrary().find (job.takeId);
    REQUIRE (take.has_value());
    CHECK (job.request.fields.title == take->file.stem().string() + " (auto)");
    CHECK (job.request.fields.tags == std::vector<std::string>{ "wavelift", "live take" });
    CHECK (job.request.fields.sharing == "private");
    REQUIRE (job.result.has_value());
    CHECK (job.result->sharing == "private");
    CHECK (processor->autoPublishing().takesSent() == 1);

    // Switched off: the next take stays in the library only.
    auto off = services->preferences();
    off.publishWhenTakeEnds = false;
    services->setPreferences (off);
    head.playing = true;
    runBlocks (*processor, head, 20, phase);
    head.playing = false;
    runBlocks (*processor, head, 2, phase);
    REQUIRE (test::pumpUntil ([&] { return processor->autoPublishing().takesEnded() == 2; }, 10s));
    CHECK (processor->autoPublishing().takesSent() == 1);
    CHECK (outbox->jobs().size() == 1);

    processor->setPlayHead (nullptr);
    processor->releaseResources();
    services.reset();
    test::pumpUntil ([] { return false; }, 200ms);
    processor.reset();
}
