#pragma once

#include "capture/WaveformSummary.h"
#include "ui/EditorContext.h"
#include "ui/LevelMeter.h"
#include "ui/Services.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace wavelift::ui
{
/** The Capture tab: what the engine is doing (mode, level, elapsed time, lost samples) and the takes library
    (figures, rename, delete, reveal, play, import). Polls the engine's atomics from a timer. */
class CaptureView final
    : public juce::Component
    , public juce::FileDragAndDropTarget
    , private juce::ListBoxModel
    , private juce::Timer
{
public:
    CaptureView (EditorContext&, std::shared_ptr<Services>);
    ~CaptureView() override;

    /** The take the producer selected changed (or a new take was captured and selected). */
    std::function<void (const capture::TakeRecord&)> onTakeSelected;
    /** A take just finished (for "publish when the take ends"). */
    std::function<void (const capture::TakeRecord&)> onTakeFinished;

    const std::vector<capture::TakeRecord>& shownTakes() const noexcept { return takes; }
    std::optional<capture::TakeRecord> selectedTake() const;
    juce::String rowText (int row) const;

    /** Re-reads the library on a worker and shows it. */
    void refreshTakes();
    /** Copies an audio file into the takes folder as a take (on a worker). */
    void importFile (const juce::File&);
    /** The take's waveform summary once a worker has read it (nullptr until then, or when it could not be read). */
    const capture::WaveformSummary* waveformOf (const capture::TakeRecord&) const;

    void paint (juce::Graphics&) override;
    void resized() override;

    bool isInterestedInFileDrag (const juce::StringArray& files) override;
    void filesDropped (const juce::StringArray& files, int, int) override;

private:
    int getNumRows() override { return (int) takes.size(); }
    void paintListBoxItem (int row, juce::Graphics&, int width, int height, bool selected) override;
    void selectedRowsChanged (int lastRowSelected) override;
    juce::String getNameForRow (int row) override { return rowText (row); }
    void timerCallback() override;

    void showTakes (std::vector<capture::TakeRecord> newTakes, const juce::String& selectId);
    void updateStatus();
    void armOrStop();
    void playOrStopTake();
    void renameSelected();
    void deleteSelected();
    void revealSelected();
    void chooseFileToImport();
    void say (const juce::String& message);
    void requestWaveforms();
    static std::string waveformKey (const capture::TakeRecord&);

    EditorContext& context;
    std::shared_ptr<Services> services;
    capture::TakeLibrary library; // a copy: just paths, safe for workers to use after the processor is gone

    juce::Label modeLabel, elapsedLabel, lostLabel, statusLabel, takesHeading;
    juce::TextButton armButton{ "Arm" }, playButton{ "Play" }, renameButton{ "Rename" }, deleteButton{ "Delete" },
        revealButton{ "Reveal" }, importButton{ "Import audio file..." };
    juce::TextEditor renameEditor;
    LevelMeter meter;
    juce::ListBox takesList{ "Takes", this };
    std::unique_ptr<juce::FileChooser> chooser;

    std::vector<capture::TakeRecord> takes;
    // Thumbnails, read on workers: key -> summary (empty optional: being read or unreadable).
    std::map<std::string, std::optional<capture::WaveformSummary>> waveforms;
    std::map<std::string, std::string> waveformProblems; // why a take's file could not be read
    int knownFinishedTakes = -1;
    int ticksSinceMeasureCheck = 0; // while a take awaits its figures, re-read the library once a second
    bool takePlaying = false;
    std::uint64_t takeLoad = 0; // the player's load number for the take this view started

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (CaptureView)
};
} // namespace wavelift::ui
