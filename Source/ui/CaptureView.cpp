#include "ui/CaptureView.h"

#include "capture/TakeAnalysis.h"
#include "ui/Formatting.h"
#include "ui/Theme.h"

#include <algorithm>

namespace wavelift::ui
{
namespace
{
    juce::String takeName (const capture::TakeRecord& take) { return juce::String (take.file.stem().string()); }

    /** Copies the file into the takes folder and describes it as a take (runs on a worker: disk and analysis). */
    capture::TakeRecord importAsTake (const juce::File& source, const std::filesystem::path& takesFolder)
    {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (source));
        if (reader == nullptr) // a missing or odd extension: let the formats look at the bytes
            reader.reset (formats.createReaderFor (source.createInputStream()));
        if (reader == nullptr)
            throw std::runtime_error ("Not an audio file Wavelift can read: " + source.getFileName().toStdString());

        std::filesystem::create_directories (takesFolder);
        auto target =
            juce::File (takesFolder.string())
                .getNonexistentChildFile (source.getFileNameWithoutExtension(), source.getFileExtension(), false);
        if (!source.copyFileTo (target))
            throw std::runtime_error ("Could not copy the file into " + takesFolder.string());

        capture::TakeRecord take;
        take.id = "import-" + juce::String::toHexString (juce::Random().nextInt64()).toStdString();
        take.file = target.getFullPathName().toStdString();
        take.settings.format = capture::formatFromExtension (take.file).value_or (capture::FileFormat::wav);
        take.settings.bitDepth = juce::jlimit (16, 32, (int) reader->bitsPerSample);
        take.sampleRate = reader->sampleRate;
        take.channels = (int) reader->numChannels;
        take.frames = reader->lengthInSamples;
        take.startedAt = juce::Time::getCurrentTime().toISO8601 (true).toStdString();
        take.figures = capture::analyseTake (take.file);
        return take;
    }
} // namespace

CaptureView::CaptureView (EditorContext& c, std::shared_ptr<Services> s)
    : context (c)
    , services (std::move (s))
    , library (c.library)
{
    setComponentID ("captureView");
    setTitle ("Capture");
    setFocusContainerType (FocusContainerType::keyboardFocusContainer);

    for (auto* label : { &modeLabel, &elapsedLabel, &lostLabel, &statusLabel, &takesHeading })
    {
        styleLabel (*label, label == &statusLabel || label == &lostLabel);
        addAndMakeVisible (*label);
    }
    modeLabel.setFont (juce::Font (20.0f, juce::Font::bold));
    modeLabel.setComponentID ("captureMode");
    elapsedLabel.setComponentID ("captureElapsed");
    elapsedLabel.setFont (juce::Font (20.0f));
    lostLabel.setComponentID ("captureLost");
    statusLabel.setComponentID ("captureStatus");
    takesHeading.setText ("Takes", juce::dontSendNotification);

    addAndMakeVisible (meter);

    const std::initializer_list<std::pair<juce::TextButton*, const char*>> buttons{
        { &armButton, "captureArm" },    { &playButton, "takePlay" },     { &renameButton, "takeRename" },
        { &deleteButton, "takeDelete" }, { &revealButton, "takeReveal" }, { &importButton, "takeImport" }
    };
    int order = 1;
    for (auto [button, id] : buttons)
    {
        button->setComponentID (id);
        button->setExplicitFocusOrder (order++);
        addAndMakeVisible (*button);
    }
    armButton.setTooltip ("Manual mode: start recording at the next block, or stop");
    armButton.onClick = [this] { armOrStop(); };
    playButton.onClick = [this] { playOrStopTake(); };
    renameButton.onClick = [this] { renameSelected(); };
    deleteButton.onClick = [this] { deleteSelected(); };
    revealButton.onClick = [this] { revealSelected(); };
    importButton.onClick = [this] { chooseFileToImport(); };

    renameEditor.setComponentID ("takeName");
    renameEditor.setTitle ("Take name");
    renameEditor.setTextToShowWhenEmpty ("New name for the selected take", palette::dimText);
    renameEditor.onReturnKey = [this] { renameSelected(); };
    renameEditor.setExplicitFocusOrder (order++);
    addAndMakeVisible (renameEditor);

    takesList.setComponentID ("takesList");
    takesList.setTitle ("Takes");
    takesList.setRowHeight (40);
    takesList.setExplicitFocusOrder (order++);
    addAndMakeVisible (takesList);

    updateStatus();
    refreshTakes();
    startTimerHz (30);
}

CaptureView::~CaptureView()
{
    stopTimer();
    takesList.setModel (nullptr);
}

std::optional<capture::TakeRecord> CaptureView::selectedTake() const
{
    const auto row = takesList.getSelectedRow();
    if (!juce::isPositiveAndBelow (row, (int) takes.size()))
        return std::nullopt;
    return takes[(size_t) row];
}

juce::String CaptureView::rowText (int row) const
{
    if (!juce::isPositiveAndBelow (row, (int) takes.size()))
        return {};
    const auto& take = takes[(size_t) row];
    const auto figures = take.figures.value_or (capture::TakeFigures{});
    return takeName (take) + "  " + formatDuration (take.lengthSeconds()) + "  "
           + (take.figures ? formatLufs (figures.integratedLufs) + "  " + formatTruePeak (figures.truePeakDbtp)
                           : juce::String ("measuring..."));
}

void CaptureView::refreshTakes()
{
    const auto selected = selectedTake();
    const juce::String keep = selected ? juce::String (selected->id) : juce::String();
    services->runInBackground (
        [library = library, safe = juce::Component::SafePointer (this), keep] (std::stop_token) mutable
        {
            auto found = library.takes();
            std::reverse (found.begin(), found.end()); // newest first
            juce::MessageManager::callAsync (
                [safe, found = std::move (found), keep]() mutable
                {
                    if (safe != nullptr)
                        safe->showTakes (std::move (found), keep);
                });
        });
}

void CaptureView::showTakes (std::vector<capture::TakeRecord> newTakes, const juce::String& selectId)
{
    const bool firstLoad = knownFinishedTakes < 0;
    takes = std::move (newTakes);
    requestWaveforms();
    takesList.updateContent();
    takesList.repaint();

    int row = selectId.isEmpty() && !takes.empty() ? 0 : -1;
    for (size_t i = 0; i < takes.size(); ++i)
        if (selectId.isNotEmpty() && takes[i].id == selectId.toStdString())
            row = (int) i;
    if (row >= 0)
        takesList.selectRow (row);
    if (firstLoad)
        knownFinishedTakes = context.engine.status().finishedTakes;
}

void CaptureView::timerCallback()
{
    updateStatus();

    std::vector<float> peaks;
    for (int ch = 0; ch < 2; ++ch)
        peaks.push_back (context.engine.takePeak (ch));
    meter.push (peaks);

    const auto status = context.engine.status();
    if (knownFinishedTakes >= 0 && status.finishedTakes != knownFinishedTakes)
    {
        knownFinishedTakes = status.finishedTakes;
        // A take just ended: show it, selected, and tell the publish side.
        services->runInBackground (
            [library = library, safe = juce::Component::SafePointer (this)] (std::stop_token) mutable
            {
                auto found = library.takes();
                std::reverse (found.begin(), found.end());
                juce::MessageManager::callAsync (
                    [safe, found = std::move (found)]() mutable
                    {
                        if (safe == nullptr)
                            return;
                        const auto newest = found.empty() ? juce::String() : juce::String (found.front().id);
                        safe->showTakes (std::move (found), newest);
                        if (auto take = safe->selectedTake(); take && safe->onTakeFinished)
                            safe->onTakeFinished (*take);
                    });
            });
    }

    // The analyser measures a finished take a moment after it lands: pick up its figures.
    const bool measuring = std::any_of (takes.begin(), takes.end(), [] (const auto& t) { return !t.figures; });
    if (measuring && ++ticksSinceMeasureCheck >= 30)
    {
        ticksSinceMeasureCheck = 0;
        refreshTakes();
    }
}

void CaptureView::updateStatus()
{
    const auto status = context.engine.status();
    const auto settings = context.captureSettings();
    const bool offline = context.isOfflineRender && context.isOfflineRender();

    juce::String mode;
    if (status.recording)
        mode = offline ? "Recording (offline render)" : "Recording";
    else if (context.engine.isArmed())
        mode = "Armed";
    else if (settings.followTransport)
        mode = "Following transport";
    else
        mode = "Stopped (manual)";
    modeLabel.setText (mode, juce::dontSendNotification);
    modeLabel.setColour (juce::Label::textColourId, status.recording ? palette::bad : palette::text);

    const double elapsed = status.sampleRate > 0 ? (double) status.takeFrames / status.sampleRate : 0.0;
    elapsedLabel.setText (formatDuration (elapsed), juce::dontSendNotification);
    lostLabel.setText ("Lost samples: " + juce::String (status.takeLostFrames) + " this take, "
                           + juce::String (status.totalLostFrames) + " in all",
                       juce::dontSendNotification);
    lostLabel.setColour (juce::Label::textColourId, status.totalLostFrames > 0 ? palette::bad : palette::dimText);

    armButton.setEnabled (!settings.followTransport);
    armButton.setButtonText (context.engine.isArmed() || (status.recording && !settings.followTransport) ? "Stop"
                                                                                                         : "Arm");
    const bool hasSelection = selectedTake().has_value();
    for (auto* button : { &playButton, &renameButton, &deleteButton, &revealButton })
        button->setEnabled (hasSelection);
    const auto playerState = context.player.state();
    takePlaying = takePlaying && context.player.loadNumber() == takeLoad // Browse may have loaded a track since
                  && (playerState == preview::PreviewPlayer::State::playing
                      || playerState == preview::PreviewPlayer::State::buffering
                      || playerState == preview::PreviewPlayer::State::loading);
    playButton.setButtonText (takePlaying ? "Stop" : "Play");
}

void CaptureView::armOrStop()
{
    if (context.engine.isArmed() || context.engine.status().recording)
        context.engine.stop();
    else
        context.engine.arm();
    updateStatus();
}

void CaptureView::playOrStopTake()
{
    if (takePlaying && context.player.loadNumber() == takeLoad)
    {
        context.player.stop();
        takePlaying = false;
        return;
    }
    const auto take = selectedTake();
    if (!take)
        return;
    const juce::File file (take->file.string());
    takeLoad = context.player.load (
        [file]() -> std::unique_ptr<juce::AudioFormatReader>
        {
            juce::AudioFormatManager formats;
            formats.registerBasicFormats();
            std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (file));
            if (reader == nullptr)
                throw std::runtime_error ("cannot read " + file.getFullPathName().toStdString());
            return reader;
        });
    context.player.play();
    takePlaying = true;
    say ("Playing " + takeName (*take));
}

void CaptureView::renameSelected()
{
    const auto take = selectedTake();
    const auto newName = renameEditor.getText().trim();
    if (!take || newName.isEmpty())
        return;
    services->runInBackground (
        [library = library, id = take->id, name = newName.toStdString(),
         safe = juce::Component::SafePointer (this)] (std::stop_token) mutable
        {
            juce::String message;
            try
            {
                library.rename (id, name);
                message = "Renamed to " + juce::String (name);
            }
            catch (const std::exception& e)
            {
                message = "Could not rename: " + juce::String (e.what());
            }
            juce::MessageManager::callAsync (
                [safe, message]
                {
                    if (safe != nullptr)
                    {
                        safe->say (message);
                        safe->refreshTakes();
                    }
                });
        });
}

void CaptureView::deleteSelected()
{
    const auto take = selectedTake();
    if (!take)
        return;
    context.player.stop(); // it may be reading this very file
    services->runInBackground (
        [library = library, id = take->id, name = takeName (*take),
         safe = juce::Component::SafePointer (this)] (std::stop_token) mutable
        {
            juce::String message = "Deleted " + name;
            try
            {
                library.remove (id);
            }
            catch (const std::exception& e)
            {
                message = "Could not delete: " + juce::String (e.what());
            }
            juce::MessageManager::callAsync (
                [safe, message]
                {
                    if (safe != nullptr)
                    {
                        safe->say (message);
                        safe->refreshTakes();
                    }
                });
        });
}

void CaptureView::revealSelected()
{
    if (const auto take = selectedTake())
        services->runInBackground ([library = library, id = take->id] (std::stop_token) mutable
                                   { library.reveal (id); });
}

void CaptureView::chooseFileToImport()
{
    chooser = std::make_unique<juce::FileChooser> ("Import an audio file as a take",
                                                   juce::File::getSpecialLocation (juce::File::userMusicDirectory),
                                                   "*.wav;*.flac;*.aif;*.aiff;*.ogg;*.mp3");
    chooser->launchAsync (juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                          [safe = juce::Component::SafePointer (this)] (const juce::FileChooser& fc)
                          {
                              if (safe != nullptr && fc.getResult().existsAsFile())
                                  safe->importFile (fc.getResult());
                          });
}

void CaptureView::importFile (const juce::File& file)
{
    say ("Importing " + file.getFileName() + "...");
    services->runInBackground (
        [library = library, file, safe = juce::Component::SafePointer (this)] (std::stop_token) mutable
        {
            juce::String message, newId;
            try
            {
                const auto take = importAsTake (file, library.folder());
                library.add (take);
                newId = take.id;
                message = "Imported " + file.getFileName();
            }
            catch (const std::exception& e)
            {
                message = "Could not import: " + juce::String (e.what());
            }
            auto found = library.takes();
            std::reverse (found.begin(), found.end());
            juce::MessageManager::callAsync (
                [safe, message, newId, found = std::move (found)]() mutable
                {
                    if (safe == nullptr)
                        return;
                    safe->say (message);
                    safe->showTakes (std::move (found), newId);
                });
        });
}

bool CaptureView::isInterestedInFileDrag (const juce::StringArray& files)
{
    return files.size() == 1 && juce::File (files[0]).existsAsFile();
}

void CaptureView::filesDropped (const juce::StringArray& files, int, int)
{
    if (!files.isEmpty())
        importFile (juce::File (files[0]));
}

void CaptureView::say (const juce::String& message) { statusLabel.setText (message, juce::dontSendNotification); }

std::string CaptureView::waveformKey (const capture::TakeRecord& take)
{
    // The file and its length: a rename or a repaired take reads again.
    return take.file.string() + "#" + std::to_string (take.frames);
}

const capture::WaveformSummary* CaptureView::waveformOf (const capture::TakeRecord& take) const
{
    const auto found = waveforms.find (waveformKey (take));
    return found != waveforms.end() && found->second ? &*found->second : nullptr;
}

void CaptureView::requestWaveforms()
{
    for (const auto& take : takes)
    {
        const auto key = waveformKey (take);
        if (waveforms.count (key) != 0)
            continue;
        waveforms[key] = std::nullopt;
        services->runBulkInBackground (
            [file = take.file, key, safe = juce::Component::SafePointer (this)] (std::stop_token stop)
            {
                if (safe == nullptr) // the view closed before this take's turn came
                    return;
                std::optional<capture::WaveformSummary> summary;
                std::string problem;
                try
                {
                    // Enough buckets for a row at 2x scale; reading the file never touches the audio thread.
                    std::atomic<bool> cancelled{ false };
                    const std::stop_callback onStop (stop, [&cancelled] { cancelled = true; });
                    summary = capture::summariseWaveform (file, 400, &cancelled);
                }
                catch (const std::exception& e)
                {
                    problem = e.what(); // shown in the row instead of the thumbnail
                }
                if (!summary && problem.empty())
                    return; // cancelled
                juce::MessageManager::callAsync (
                    [safe, key, summary = std::move (summary), problem]() mutable
                    {
                        if (safe == nullptr)
                            return;
                        safe->waveforms[key] = std::move (summary);
                        if (!problem.empty())
                            safe->waveformProblems[key] = problem;
                        safe->takesList.repaint();
                    });
            });
    }
}

void CaptureView::paintListBoxItem (int row, juce::Graphics& g, int width, int height, bool selected)
{
    if (!juce::isPositiveAndBelow (row, (int) takes.size()))
        return;
    const auto& take = takes[(size_t) row];
    if (selected)
        g.fillAll (palette::accent.withAlpha (0.35f));
    auto area = juce::Rectangle<int> (width, height).reduced (8, 0);

    // The thumbnail: the take's shape across the right part of the row.
    auto thumbnail = area.removeFromRight (juce::jmax (80, width * 2 / 5)).reduced (0, 4).toFloat();
    area.removeFromRight (12);
    g.setColour (palette::field);
    g.fillRoundedRectangle (thumbnail, 3.0f);
    if (const auto* summary = waveformOf (take); summary != nullptr && !summary->buckets.empty())
    {
        const auto& buckets = summary->buckets;
        const auto mid = thumbnail.getCentreY(), half = thumbnail.getHeight() / 2.0f - 1.0f;
        juce::Path shape;
        const auto columns = juce::jmax (1, (int) thumbnail.getWidth());
        for (int x = 0; x < columns; ++x)
        {
            // Each pixel column covers a range of buckets: draw their extremes.
            const auto first = (size_t) x * buckets.size() / (size_t) columns;
            const auto last = juce::jmax (first + 1, (size_t) (x + 1) * buckets.size() / (size_t) columns);
            float low = 0.0f, high = 0.0f;
            for (auto b = first; b < last && b < buckets.size(); ++b)
            {
                low = juce::jmin (low, buckets[b].low);
                high = juce::jmax (high, buckets[b].high);
            }
            const auto top = mid - juce::jlimit (0.0f, 1.0f, high) * half;
            const auto bottom = mid - juce::jlimit (-1.0f, 0.0f, low) * half;
            shape.addRectangle (thumbnail.getX() + (float) x, top, 1.0f, juce::jmax (1.0f, bottom - top));
        }
        g.setColour (take.publishedTrackUrn.empty() ? palette::text.withAlpha (0.75f) : palette::good);
        g.fillPath (shape);
    }
    else if (const auto problem = waveformProblems.find (waveformKey (take)); problem != waveformProblems.end())
    {
        g.setColour (palette::bad);
        g.setFont (12.0f);
        g.drawText ("No waveform: " + juce::String (problem->second), thumbnail.reduced (6.0f, 0.0f),
                    juce::Justification::centredLeft, true);
    }

    auto lines = area.reduced (0, 3);
    g.setColour (palette::text);
    g.setFont (14.0f);
    g.drawText (takeName (take), lines.removeFromTop (lines.getHeight() / 2), juce::Justification::centredLeft, true);
    g.setFont (12.5f);
    g.setColour (palette::dimText);
    const auto figures = take.figures.value_or (capture::TakeFigures{});
    const auto details =
        formatDuration (take.lengthSeconds()) + "   "
        + (take.figures ? formatLufs (figures.integratedLufs) + "   " + formatTruePeak (figures.truePeakDbtp)
                        : juce::String ("measuring..."));
    g.drawText (details + (take.publishedTrackUrn.empty() ? juce::String() : juce::String ("   published")), lines,
                juce::Justification::centredLeft, true);
}

void CaptureView::selectedRowsChanged (int)
{
    updateStatus();
    if (const auto take = selectedTake())
    {
        renameEditor.setText (takeName (*take), false);
        if (onTakeSelected)
            onTakeSelected (*take);
    }
}

void CaptureView::paint (juce::Graphics& g) { g.fillAll (palette::background); }

void CaptureView::resized()
{
    auto area = getLocalBounds().reduced (12);
    auto top = area.removeFromTop (32);
    armButton.setBounds (top.removeFromRight (90));
    top.removeFromRight (8);
    elapsedLabel.setBounds (top.removeFromRight (100));
    modeLabel.setBounds (top);
    area.removeFromTop (6);
    meter.setBounds (area.removeFromTop (18));
    area.removeFromTop (4);
    lostLabel.setBounds (area.removeFromTop (22));
    area.removeFromTop (6);

    auto bottom = area.removeFromBottom (24);
    statusLabel.setBounds (bottom);
    area.removeFromBottom (6);
    auto actions = area.removeFromBottom (30);
    importButton.setBounds (actions.removeFromRight (170));
    actions.removeFromRight (8);
    for (auto* button : { &playButton, &deleteButton, &revealButton })
    {
        button->setBounds (actions.removeFromLeft (80));
        actions.removeFromLeft (6);
    }
    renameButton.setBounds (actions.removeFromRight (80));
    actions.removeFromRight (6);
    renameEditor.setBounds (actions);
    area.removeFromBottom (6);
    takesHeading.setBounds (area.removeFromTop (22));
    takesList.setBounds (area);
}
} // namespace wavelift::ui
