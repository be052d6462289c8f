#include "ui/PublishView.h"

#include "publish/Preflight.h"
#include "ui/Formatting.h"
#include "ui/Theme.h"

namespace wavelift::ui
{
namespace
{
    const juce::StringArray licences{ "",         "all-rights-reserved", "cc-by",       "cc-by-nc",          "cc-by-nd",
                                      "cc-by-sa", "cc-by-nc-nd",         "cc-by-nc-sa", "no-rights-reserved" };

    std::vector<std::string> splitTags (const juce::String& text)
    {
        std::vector<std::string> tags;
        for (auto tag : juce::StringArray::fromTokens (text, ",", "\""))
            if (tag.trim().isNotEmpty())
                tags.push_back (tag.trim().toStdString());
        return tags;
    }

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
    connectButton.setColour (juce::TextButton::buttonColourId, palette::accent);
    connectButton.setExplicitFocusOrder (order++);
    connectButton.onClick = [this] { connectOrSignOut(); };
    addAndMakeVisible (connectButton);

    const std::initializer_list<std::tuple<juce::TextEditor*, const char*, const char*>> editors{
        { &titleEditor, "publishTitle", "Title" },
        { &tagsEditor, "publishTags", "Tags (comma separated)" },
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
    }
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
    autoPublishToggle.setToggleState (services->publishWhenTakeEnds.load(), juce::dontSendNotification);
    autoPublishToggle.onClick = [this] { services->publishWhenTakeEnds = autoPublishToggle.getToggleState(); };
    autoPublishToggle.setExplicitFocusOrder (order++);
    addAndMakeVisible (autoPublishToggle);

    for (auto [button, id] : { std::pair{ &publishButton, "publish" }, std::pair{ &cancelButton, "publishCancel" },
                               std::pair{ &copyButton, "copyLink" }, std::pair{ &openButton, "openLink" } })
    {
        button->setComponentID (id);
        button->setExplicitFocusOrder (order++);
        addAndMakeVisible (*button);
    }
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

    if (!services->isReady())
        showAccount ({}, "Cannot reach SoundCloud: " + juce::String (services->problem()));
    else
        refreshAccount();
    timerCallback();
    startTimerHz (10);
}

PublishView::~PublishView()
{
    stopTimer();
    outboxList.setModel (nullptr);
}

void PublishView::setTake (const capture::TakeRecord& newTake)
{
    const bool changed = !take || take->id != newTake.id || take->file != newTake.file;
    take = newTake;
    takeLabel.setText ("Take: " + juce::String (newTake.file.filename().string()), juce::dontSendNotification);
    if (changed)
        titleEditor.setText (juce::String (newTake.file.stem().string()), false);
}

void PublishView::takeFinished (const capture::TakeRecord& finished)
{
    setTake (finished);
    if (services->publishWhenTakeEnds.load())
        publish();
}

publish::TrackFields PublishView::fields() const
{
    publish::TrackFields f;
    f.title = titleEditor.getText().trim().toStdString();
    f.tags = splitTags (tagsEditor.getText());
    f.description = descriptionEditor.getText().toStdString();
    f.genre = genreEditor.getText().trim().toStdString();
    f.sharing = privacyBox.getSelectedId() == 2 ? "public" : "private";
    f.downloadable = downloadableToggle.getToggleState();
    f.license = licences[juce::jmax (0, licenceBox.getSelectedId() - 1)].toStdString();
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

    publish::UploadRequest request{ take->file, fields() };
    say ("Checking the file...");
    publishButton.setEnabled (false);
    services->runInBackground (
        [services = services.get(), request, takeId = take->id,
         safe = juce::Component::SafePointer (this)] (std::stop_token)
        {
            // Preflight decodes the whole file: never on the message thread.
            const auto report = publish::checkUpload (request, std::nullopt);
            std::string jobId, problem;
            if (report.refusal)
                problem = *report.refusal;
            else
                jobId = services->outbox()->add (request, takeId);
            juce::MessageManager::callAsync (
                [safe, jobId, problem]
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
            juce::MessageManager::callAsync (
                [safe, name, message = juce::String (who.message)]
                {
                    if (safe != nullptr)
                        safe->showAccount (name, name.isEmpty() ? message : juce::String());
                });
        });
}

void PublishView::showAccount (const juce::String& username, const juce::String& message)
{
    signedIn = username.isNotEmpty();
    accountLabel.setText (signedIn ? "Signed in as " + username : juce::String ("Not signed in"),
                          juce::dontSendNotification);
    connectButton.setButtonText (signedIn ? "Sign out" : "Connect with SoundCloud");
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
                options.browser = services->browserChoice.load();
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
            progressLabel.setText ("Published", juce::dontSendNotification);
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

void PublishView::paint (juce::Graphics& g) { g.fillAll (palette::background); }

void PublishView::resized()
{
    auto area = getLocalBounds().reduced (12);
    auto top = area.removeFromTop (30);
    connectButton.setBounds (top.removeFromRight (220));
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
    tagsEditor.setBounds (row (28));
    genreEditor.setBounds (row (28));
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
