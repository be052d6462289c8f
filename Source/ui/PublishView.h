#pragma once

#include "capture/TakeRecord.h"
#include "ui/ConnectButton.h"
#include "ui/Services.h"
#include "ui/TagEditor.h"

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
    , private juce::ChangeListener
{
public:
    explicit PublishView (std::shared_ptr<Services>);
    ~PublishView() override;

    /** The take to publish; when the take changes, the title (from the take-naming pattern), the tags and the
        privacy are prefilled from the producer's defaults. */
    void setTake (const capture::TakeRecord&);
    /** Uses this image (PNG or JPEG) as the track's artwork; an empty path removes it. */
    void setArtwork (const std::filesystem::path&);

    void publish();
    void refreshAccount();
    juce::String linkText() const { return linkLabel.getText(); }
    juce::String accountText() const { return accountLabel.getText(); }

    void paint (juce::Graphics&) override;
    void resized() override;

    TagEditor& tags() noexcept { return tagEditor; }

private:
    void changeListenerCallback (juce::ChangeBroadcaster*) override;
    void chooseArtwork();
    juce::Rectangle<int> avatarArea() const;
    juce::Rectangle<int> artworkArea() const;
    int getNumRows() override { return (int) jobs.size(); }
    void paintListBoxItem (int row, juce::Graphics&, int width, int height, bool selected) override;
    juce::String getNameForRow (int row) override;
    void timerCallback() override;

    void prefillFromDefaults();
    void connectOrSignOut();
    void showAccount (const juce::String& username, const std::string& avatarUrl, const juce::String& message);
    void say (const juce::String&);
    void showJob (const publish::OutboxJob&);
    publish::TrackFields fields() const;

    std::shared_ptr<Services> services;
    std::optional<capture::TakeRecord> take;
    std::string currentJobId;
    std::vector<publish::OutboxJob> jobs;
    bool signedIn = false, busySigningIn = false, prefillWaitsForDefaults = false;
    std::string avatarUrl;
    std::optional<std::filesystem::path> artworkFile;
    juce::Image artworkPreview;
    std::unique_ptr<juce::FileChooser> chooser;
    double progress = 0.0;

    juce::Label accountLabel, takeLabel, statusLabel, progressLabel, linkLabel, outboxHeading;
    ConnectButton connectButton;
    juce::TextButton publishButton{ "Publish" }, cancelButton{ "Cancel" }, copyButton{ "Copy link" },
        openButton{ "Open" }, artworkButton{ "Artwork..." }, removeArtworkButton{ "No artwork" };
    juce::TextEditor titleEditor, descriptionEditor, genreEditor;
    TagEditor tagEditor;
    juce::ComboBox privacyBox, licenceBox;
    juce::ToggleButton downloadableToggle{ "Downloadable" }, autoPublishToggle{ "Publish when the take ends" };
    juce::ProgressBar progressBar{ progress };
    juce::ListBox outboxList{ "Outbox", this };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PublishView)
};
} // namespace wavelift::ui
