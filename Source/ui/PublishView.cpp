#include "ui/PublishView.h"

#include "publish/Preflight.h"
#include "publish/TitlePattern.h"
#include "ui/Formatting.h"
#include "ui/Theme.h"

namespace wavelift::ui
{
namespace
{
    const juce::StringArray licences{ "",         "all-rights-reserved", "cc-by",       "cc-by-nc",          "cc-by-nd",
                                      "cc-by-sa", "cc-by-nc-nd",         "cc-by-nc-sa", "no-rights-reserved" };

    juce::String linkOf (const publish::PublishedTrack& track)
    {
        return juce::String (track.secretUri.empty() || track.sharing == "public" ? track.permalinkUrl
                                                                                  : track.secretUri);
    }
} // namespace

PublishView::PublishView (std::shared_ptr<Services> s)
    : services (std::move (s))
{
    setComponentID ("publishView");
    setTitle ("Publish");
    setFocusContainerType (FocusContainerType::keyboardFocusContainer);

    for (auto* label : { &accountLabel, &takeLabel, &statusLabel, &progressLabel, &linkLabel, &outboxHeading })
    {
        styleLabel (*label, label == &statusLabel || label == &progressLabel);
        addAndMakeVisible (*label);
    }
    accountLabel.setComponentID ("publishAccount");
    accountLabel.setText ("Checking the account...", juce::dontSendNotification);
    takeLabel.setComponentID ("publishTake");
    takeLabel.setText ("No take selected", juce::dontSendNotification);
    statusLabel.setComponentID ("publishStatus");
    progressLabel.setComponentID ("publishProgress");
    linkLabel.setComponentID ("publishLink");
    linkLabel.setTitle ("Published track link");
    linkLabel.setColour (juce::Label::textColourId, palette::accent);
    outboxHeading.setText ("Outbox", juce::dontSendNotification);

    int order = 1;
    connectButton.setComponentID ("connect");
    connectButton.setExplicitFocusOrder (order++);
    connectButton.onClick = [this] { connectOrSignOut(); };
    addAndMakeVisible (connectButton);

    const std::initializer_list<std::tuple<juce::TextEditor*, const char*, const char*>> editors{
        { &titleEditor, "publishTitle", "Title" },
        { &genreEditor, "publishGenre", "Genre" },
        { &descriptionEditor, "publishDescription", "Description" }
    };
    for (auto [editor, id, name] : editors)
    {
        editor->setComponentID (id);
        editor->setTitle (name);
        editor->setTextToShowWhenEmpty (name, palette::dimText);
        editor->setExplicitFocusOrder (order++);
        addAndMakeVisible (*editor);
        if (editor == &titleEditor) // the tags (their chips, then the field) come right after the title
            tagEditor.setExplicitFocusOrder (order++);
    }
    tagEditor.setComponentID ("publishTags");
    tagEditor.onChange = [this] { resized(); };
    addAndMakeVisible (tagEditor);
    descriptionEditor.setMultiLine (true, true);
    descriptionEditor.setReturnKeyStartsNewLine (true);

    privacyBox.setComponentID ("publishPrivacy");
    privacyBox.setTitle ("Privacy");
    privacyBox.addItem ("Private", 1);
    privacyBox.addItem ("Public", 2);
    privacyBox.setSelectedId (1, juce::dontSendNotification); // private unless the producer says otherwise
    privacyBox.setExplicitFocusOrder (order++);
    addAndMakeVisible (privacyBox);

    licenceBox.setComponentID ("publishLicence");
    licenceBox.setTitle ("Licence");
    for (int i = 0; i < licences.size(); ++i)
        licenceBox.addItem (i == 0 ? juce::String ("Account default licence") : licences[i], i + 1);
    licenceBox.setSelectedId (1, juce::dontSendNotification);
    licenceBox.setExplicitFocusOrder (order++);
    addAndMakeVisible (licenceBox);

    downloadableToggle.setComponentID ("publishDownloadable");
    downloadableToggle.setExplicitFocusOrder (order++);
    addAndMakeVisible (downloadableToggle);

    autoPublishToggle.setComponentID ("publishWhenTakeEnds");
    autoPublishToggle.setTooltip ("Every take that ends goes to the outbox with your defaults (Settings), even while "
                                  "this window is closed");
    autoPublishToggle.setToggleState (services->preferences().publishWhenTakeEnds, juce::dontSendNotification);
    autoPublishToggle.onClick = [this]
    {
        auto changed = services->preferences();
        changed.publishWhenTakeEnds = autoPublishToggle.getToggleState();
        services->setPreferences (changed);
    };
    autoPublishToggle.setExplicitFocusOrder (order++);
    addAndMakeVisible (autoPublishToggle);

    for (auto [button, id] :
         { std::pair{ &artworkButton, "publishArtwork" }, std::pair{ &removeArtworkButton, "publishNoArtwork" },
           std::pair{ &publishButton, "publish" }, std::pair{ &cancelButton, "publishCancel" },
           std::pair{ &copyButton, "copyLink" }, std::pair{ &openButton, "openLink" } })
    {
        button->setComponentID (id);
        button->setExplicitFocusOrder (order++);
        addAndMakeVisible (*button);
    }
    artworkButton.setTooltip ("Choose a PNG or JPEG image as the track's artwork");
    artworkButton.onClick = [this] { chooseArtwork(); };
    removeArtworkButton.onClick = [this] { setArtwork ({}); };
    removeArtworkButton.setEnabled (false);
    publishButton.setColour (juce::TextButton::buttonColourId, palette::accent);
    publishButton.onClick = [this] { publish(); };
    cancelButton.onClick = [this]
    {
        if (!currentJobId.empty() && services->outbox() != nullptr)
            services->outbox()->cancel (currentJobId);
    };
    copyButton.onClick = [this] { juce::SystemClipboard::copyTextToClipboard (linkLabel.getText()); };
    openButton.onClick = [this]
    {
        if (linkLabel.getText().isNotEmpty())
            juce::URL (linkLabel.getText()).launchInDefaultBrowser();
    };

    progressBar.setComponentID ("publishProgressBar");
    progressBar.setPercentageDisplay (true);
    addAndMakeVisible (progressBar);

    outboxList.setComponentID ("outboxList");
    outboxList.setTitle ("Outbox");
    outboxList.setRowHeight (22);
    addAndMakeVisible (outboxList);

    services->imagesChanged.addChangeListener (this);
    services->preferencesChanged.addChangeListener (this);
    services->problemsChanged.addChangeListener (this);
    connectButton.setEnabled (false); // until the services have started and the account is known
    services->whenStarted (
        [safe = juce::Component::SafePointer (this)]
        {
            if (safe == nullptr)
                return;
            if (!safe->services->isReady())
                safe->showAccount ({}, {}, "Cannot reach SoundCloud: " + juce::String (safe->services->problem()));
            else
                safe->refreshAccount();
            if (safe->take && safe->prefillWaitsForDefaults)
                safe->prefillFromDefaults();
        });
    if (!services->latestProblem().empty()) // e.g. a take that could not be sent while the window was closed
        say (juce::String (services->latestProblem()));
    timerCallback();
    startTimerHz (10);
}

PublishView::~PublishView()
{
    services->imagesChanged.removeChangeListener (this);
    services->preferencesChanged.removeChangeListener (this);
    services->problemsChanged.removeChangeListener (this);
    stopTimer();
    outboxList.setModel (nullptr);
}

void PublishView::changeListenerCallback (juce::ChangeBroadcaster* source)
{
    if (source == &services->preferencesChanged)
        autoPublishToggle.setToggleState (services->preferences().publishWhenTakeEnds, juce::dontSendNotification);
    else if (source == &services->problemsChanged)
        say (juce::String (services->latestProblem()));
    else
        repaint(); // an avatar or artwork arrived
}

void PublishView::chooseArtwork()
{
    chooser = std::make_unique<juce::FileChooser> ("Artwork for the track",
                                                   juce::File::getSpecialLocation (juce::File::userPicturesDirectory),
                                                   "*.png;*.jpg;*.jpeg");
    chooser->launchAsync (juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                          [safe = juce::Component::SafePointer (this)] (const juce::FileChooser& fc)
                          {
                              if (safe != nullptr && fc.getResult().existsAsFile())
                                  safe->setArtwork (fc.getResult().getFullPathName().toStdString());
                          });
}

void PublishView::setArtwork (const std::filesystem::path& file)
{
    artworkPreview = {};
    removeArtworkButton.setEnabled (!file.empty());
    if (file.empty())
    {
        artworkFile.reset();
        repaint();
        return;
    }
    artworkFile = file;
    say ("Artwork: " + juce::String (file.filename().string()));
    // Decoding an image reads the disk: on a worker; the preview shows when it is ready.
    services->runInBackground (
        [file, safe = juce::Component::SafePointer (this)] (std::stop_token)
        {
            const auto image = juce::ImageFileFormat::loadFrom (juce::File (file.string()));
            juce::MessageManager::callAsync (
                [safe, file, image]
                {
                    if (safe == nullptr || safe->artworkFile != file)
                        return;
                    if (!image.isValid())
                    {
                        safe->artworkFile.reset();
                        safe->removeArtworkButton.setEnabled (false);
                        return safe->say ("Not an image Wavelift can use as artwork (PNG or JPEG): "
                                          + juce::String (file.filename().string()));
                    }
                    safe->artworkPreview = image;
                    safe->repaint();
                });
        });
}

void PublishView::setTake (const capture::TakeRecord& newTake)
{
    const bool changed = !take || take->id != newTake.id || take->file != newTake.file;
    take = newTake;
    takeLabel.setText ("Take: " + juce::String (newTake.file.filename().string()), juce::dontSendNotification);
    if (!changed)
        return;
    setArtwork ({}); // artwork belongs to one track: a new take starts without it
    prefillFromDefaults();
}

void PublishView::prefillFromDefaults()
{
    // Before the services have read the producer's defaults, the built-in ones stand in and are replaced once read.
    prefillWaitsForDefaults = !services->isStarted();
    const auto& defaults = services->preferences();
    titleEditor.setText (juce::String (publish::titleFromPattern (defaults.titlePattern, *take)), false);
    tagEditor.setTags (defaults.defaultTags);
    privacyBox.setSelectedId (defaults.defaultSharing == "public" ? 2 : 1, juce::dontSendNotification);
}

publish::TrackFields PublishView::fields() const
{
    publish::TrackFields f;
    f.title = titleEditor.getText().trim().toStdString();
    f.tags = tagEditor.tags();
    f.description = descriptionEditor.getText().toStdString();
    f.genre = genreEditor.getText().trim().toStdString();
    f.sharing = privacyBox.getSelectedId() == 2 ? "public" : "private";
    f.downloadable = downloadableToggle.getToggleState();
    f.license = licences[juce::jmax (0, licenceBox.getSelectedId() - 1)].toStdString();
    f.artwork = artworkFile;
    return f;
}

void PublishView::publish()
{
    if (!take)
        return say ("Select a take on the Capture tab first.");
    if (!signedIn)
        return say ("Connect with SoundCloud first.");
    if (services->outbox() == nullptr)
        return say ("Publishing is unavailable: " + juce::String (services->problem()));

    tagEditor.commitTypedText(); // a tag still in the field is meant to go too
    publish::UploadRequest request{ take->file, fields() };
    say ("Checking the file...");
    publishButton.setEnabled (false);
    services->publishInBackground (
        request, take->id,
        [safe = juce::Component::SafePointer (this)] (const std::string& jobId, const std::string& problem)
        {
            if (safe == nullptr)
                return;
            safe->publishButton.setEnabled (true);
            if (!problem.empty())
                return safe->say ("Not sent: " + juce::String (problem));
            safe->currentJobId = jobId;
            safe->linkLabel.setText ({}, juce::dontSendNotification);
            safe->say ("Queued for publishing.");
            safe->timerCallback();
        });
}

void PublishView::refreshAccount()
{
    if (!services->isReady())
        return;
    services->runInBackground (
        [services = services.get(), safe = juce::Component::SafePointer (this)] (std::stop_token stop)
        {
            const auto who = services->signInAccount()->whoAmI (stop);
            const auto name = who.user ? juce::String (who.user->username) : juce::String();
            const auto avatar = who.user ? who.user->avatarUrl : std::string();
            juce::MessageManager::callAsync (
                [safe, name, avatar, message = juce::String (who.message)]
                {
                    if (safe != nullptr)
                        safe->showAccount (name, avatar, name.isEmpty() ? message : juce::String());
                });
        });
}

void PublishView::showAccount (const juce::String& username, const std::string& avatar, const juce::String& message)
{
    signedIn = username.isNotEmpty();
    avatarUrl = avatar;
    repaint (avatarArea());
    accountLabel.setText (signedIn ? "Signed in as " + username : juce::String ("Not signed in"),
                          juce::dontSendNotification);
    connectButton.setSignedIn (signedIn);
    connectButton.setEnabled (services->isReady() && !busySigningIn);
    if (message.isNotEmpty())
        say (message);
}

void PublishView::connectOrSignOut()
{
    if (!services->isReady() || busySigningIn)
        return;
    busySigningIn = true;
    connectButton.setEnabled (false);
    const bool signOut = signedIn;
    say (signOut ? "Signing out..." : "Opening the SoundCloud sign-in...");
    services->runInBackground (
        [services = services.get(), signOut, safe = juce::Component::SafePointer (this)] (std::stop_token stop)
        {
            juce::String outcome;
            if (signOut)
                outcome = services->signInAccount()->signOut (stop).message;
            else
            {
                signin::SignInFlow::Options options;
                options.browser = services->browserChoice();
                options.onMessage = [safe] (const std::string& text)
                {
                    juce::MessageManager::callAsync (
                        [safe, text]
                        {
                            if (safe != nullptr)
                                safe->say (text);
                        });
                };
                const auto result = services->signInAccount()->signIn (std::move (options), stop);
                outcome = result.status == signin::SignInResult::Status::signedIn
                              ? juce::String ("Connected.")
                              : juce::String ("Sign-in did not finish: ") + result.message;
            }
            juce::MessageManager::callAsync (
                [safe, outcome]
                {
                    if (safe == nullptr)
                        return;
                    safe->busySigningIn = false;
                    safe->say (outcome);
                    safe->refreshAccount();
                });
        });
}

void PublishView::timerCallback()
{
    if (auto* outbox = services->outbox())
    {
        jobs = outbox->jobs(); // an in-memory copy under the outbox's lock: no disk, no network
        std::sort (jobs.begin(), jobs.end(), [] (const auto& a, const auto& b) { return a.createdAt > b.createdAt; });
        outboxList.updateContent();
        outboxList.repaint();
        for (const auto& job : jobs)
            if (job.id == currentJobId)
                showJob (job);
    }
    cancelButton.setEnabled (!currentJobId.empty());
    const bool hasLink = linkLabel.getText().isNotEmpty();
    copyButton.setEnabled (hasLink);
    openButton.setEnabled (hasLink);
}

void PublishView::showJob (const publish::OutboxJob& job)
{
    const auto& p = job.progress;
    switch (job.state)
    {
        case publish::JobState::queued:
            progress = 0.0;
            progressLabel.setText (job.attempts > 0 ? "Waiting to retry: " + juce::String (job.lastError)
                                                    : juce::String ("Queued"),
                                   juce::dontSendNotification);
            break;
        case publish::JobState::uploading:
        {
            progress = p.bytesTotal > 0 ? (double) p.bytesSent / (double) p.bytesTotal : -1.0;
            auto text = p.bodyComplete ? juce::String ("SoundCloud is processing the upload...")
                                       : "Uploading " + formatRate (p.bytesPerSecond);
            if (p.secondsLeft && !p.bodyComplete)
                text << ", " << formatDuration (*p.secondsLeft) << " left";
            progressLabel.setText (text, juce::dontSendNotification);
            break;
        }
        case publish::JobState::done:
            progress = 1.0;
            progressLabel.setText (job.result && !job.result->artworkProblem.empty()
                                       ? "Published; the artwork was not set: "
                                             + juce::String (job.result->artworkProblem)
                                       : juce::String ("Published"),
                                   juce::dontSendNotification);
            if (job.result)
                linkLabel.setText (linkOf (*job.result), juce::dontSendNotification);
            currentJobId.clear();
            break;
        case publish::JobState::failed:
        case publish::JobState::cancelled:
            progress = 0.0;
            progressLabel.setText (juce::String (publish::toString (job.state)) + ": " + job.lastError,
                                   juce::dontSendNotification);
            currentJobId.clear();
            break;
    }
}

juce::String PublishView::getNameForRow (int row)
{
    if (!juce::isPositiveAndBelow (row, (int) jobs.size()))
        return {};
    const auto& job = jobs[(size_t) row];
    return juce::String (job.request.fields.title) + " - " + publish::toString (job.state);
}

void PublishView::paintListBoxItem (int row, juce::Graphics& g, int width, int height, bool selected)
{
    if (!juce::isPositiveAndBelow (row, (int) jobs.size()))
        return;
    const auto& job = jobs[(size_t) row];
    if (selected)
        g.fillAll (palette::accent.withAlpha (0.35f));
    auto area = juce::Rectangle<int> (width, height).reduced (8, 0);
    g.setFont (13.0f);
    g.setColour (palette::text);
    g.drawText (juce::String (job.request.fields.title), area.removeFromLeft (width / 2),
                juce::Justification::centredLeft, true);
    const auto colour = job.state == publish::JobState::done     ? palette::good
                        : job.state == publish::JobState::failed ? palette::bad
                                                                 : palette::dimText;
    g.setColour (colour);
    g.drawText (publish::toString (job.state), area, juce::Justification::centredRight, true);
}

void PublishView::say (const juce::String& text) { statusLabel.setText (text, juce::dontSendNotification); }

juce::Rectangle<int> PublishView::avatarArea() const { return { 12, 12, 30, 30 }; }

juce::Rectangle<int> PublishView::artworkArea() const
{
    return { removeArtworkButton.getRight() + 8, artworkButton.getY() - 2, 34, 34 };
}

void PublishView::paint (juce::Graphics& g)
{
    g.fillAll (palette::background);

    // The account's avatar (or its initial while it loads or when there is none), in a circle as SoundCloud shows it.
    const auto circle = avatarArea().toFloat();
    if (signedIn)
    {
        const auto avatar = services->image (avatarUrl);
        juce::Graphics::ScopedSaveState saved (g);
        juce::Path clip;
        clip.addEllipse (circle);
        g.reduceClipRegion (clip);
        if (avatar.isValid())
            g.drawImage (avatar, circle, juce::RectanglePlacement::fillDestination);
        else
        {
            g.setColour (palette::accent);
            g.fillEllipse (circle);
            g.setColour (juce::Colours::white);
            g.setFont (juce::Font (16.0f, juce::Font::bold));
            g.drawText (
                accountLabel.getText().fromFirstOccurrenceOf ("as ", false, false).substring (0, 1).toUpperCase(),
                avatarArea(), juce::Justification::centred);
        }
    }

    // The chosen artwork, square as on SoundCloud.
    const auto art = artworkArea().toFloat();
    g.setColour (palette::field);
    g.fillRoundedRectangle (art, 3.0f);
    if (artworkPreview.isValid())
        g.drawImage (artworkPreview, art.reduced (1.0f), juce::RectanglePlacement::fillDestination);
}

void PublishView::resized()
{
    auto area = getLocalBounds().reduced (12);
    auto top = area.removeFromTop (30);
    connectButton.setBounds (top.removeFromRight (250));
    top.removeFromLeft (avatarArea().getWidth() + 8);
    accountLabel.setBounds (top);
    area.removeFromTop (4);
    takeLabel.setBounds (area.removeFromTop (22));

    auto right = area.removeFromRight (area.getWidth() * 2 / 5);
    area.removeFromRight (12);

    auto row = [&area] (int height)
    {
        auto r = area.removeFromTop (height);
        area.removeFromTop (6);
        return r;
    };
    titleEditor.setBounds (row (28));
    tagEditor.setBounds (row (juce::jmin (tagEditor.heightFor (area.getWidth()), 58)));
    genreEditor.setBounds (row (28));
    auto artworkRow = row (30);
    artworkButton.setBounds (artworkRow.removeFromLeft (110));
    artworkRow.removeFromLeft (6);
    removeArtworkButton.setBounds (artworkRow.removeFromLeft (100));
    auto choices = row (28);
    privacyBox.setBounds (choices.removeFromLeft (choices.getWidth() / 2 - 3));
    choices.removeFromLeft (6);
    licenceBox.setBounds (choices);
    auto toggles = row (24);
    downloadableToggle.setBounds (toggles.removeFromLeft (140));
    autoPublishToggle.setBounds (toggles);
    statusLabel.setBounds (area.removeFromBottom (22));
    area.removeFromBottom (4);
    auto actions = area.removeFromBottom (30);
    publishButton.setBounds (actions.removeFromLeft (120));
    actions.removeFromLeft (6);
    cancelButton.setBounds (actions.removeFromLeft (90));
    area.removeFromBottom (6);
    descriptionEditor.setBounds (area);

    progressBar.setBounds (right.removeFromTop (22));
    right.removeFromTop (4);
    progressLabel.setBounds (right.removeFromTop (22));
    right.removeFromTop (4);
    linkLabel.setBounds (right.removeFromTop (22));
    auto linkActions = right.removeFromTop (28);
    copyButton.setBounds (linkActions.removeFromLeft (100));
    linkActions.removeFromLeft (6);
    openButton.setBounds (linkActions.removeFromLeft (80));
    right.removeFromTop (8);
    outboxHeading.setBounds (right.removeFromTop (22));
    outboxList.setBounds (right);
}
} // namespace wavelift::ui
