#pragma once

#include "capture/TakeRecord.h"
#include "ui/Services.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <optional>
#include <vector>

namespace wavelift::ui
{
/** The Publish tab: the account (or "Connect with SoundCloud"), the track fields prefilled from the selected take,
    Publish into the outbox with progress, rate, time left and cancel, the outbox's jobs, and the result link. */
class PublishView final
    : public juce::Component
    , private juce::ListBoxModel
    , private juce::Timer
{
public:
    explicit PublishView (std::shared_ptr<Services>);
    ~PublishView() override;

    /** The take to publish; the title is prefilled when the take changes. */
    void setTake (const capture::TakeRecord&);
    /** A take just ended: sends it with the current fields when "publish when the take ends" is on. */
    void takeFinished (const capture::TakeRecord&);

    void publish();
    void refreshAccount();
    juce::String linkText() const { return linkLabel.getText(); }
    juce::String accountText() const { return accountLabel.getText(); }

    void paint (juce::Graphics&) override;
    void resized() override;

private:
    int getNumRows() override { return (int) jobs.size(); }
    void paintListBoxItem (int row, juce::Graphics&, int width, int height, bool selected) override;
    juce::String getNameForRow (int row) override;
    void timerCallback() override;

    void connectOrSignOut();
    void showAccount (const juce::String& username, const juce::String& message);
    void say (const juce::String&);
    void showJob (const publish::OutboxJob&);
    publish::TrackFields fields() const;

    std::shared_ptr<Services> services;
    std::optional<capture::TakeRecord> take;
    std::string currentJobId;
    std::vector<publish::OutboxJob> jobs;
    bool signedIn = false, busySigningIn = false;
    double progress = 0.0;

    juce::Label accountLabel, takeLabel, statusLabel, progressLabel, linkLabel, outboxHeading;
    juce::TextButton connectButton{ "Connect with SoundCloud" }, publishButton{ "Publish" }, cancelButton{ "Cancel" },
        copyButton{ "Copy link" }, openButton{ "Open" };
    juce::TextEditor titleEditor, tagsEditor, descriptionEditor, genreEditor;
    juce::ComboBox privacyBox, licenceBox;
    juce::ToggleButton downloadableToggle{ "Downloadable" }, autoPublishToggle{ "Publish when the take ends" };
    juce::ProgressBar progressBar{ progress };
    juce::ListBox outboxList{ "Outbox", this };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PublishView)
};
} // namespace wavelift::ui
