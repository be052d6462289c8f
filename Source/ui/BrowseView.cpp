#include "ui/BrowseView.h"

#include "ui/Formatting.h"
#include "ui/Theme.h"

namespace wavelift::ui
{
namespace
{
    bool isPreviewOnly (const soundcloud::Track& track) { return track.access == soundcloud::Access::preview; }
    using State = preview::PreviewPlayer::State;
} // namespace

BrowseView::BrowseView (preview::PreviewPlayer& p, std::shared_ptr<Services> s)
    : player (p)
    , services (std::move (s))
{
    setComponentID ("browseView");
    setTitle ("Browse");
    setFocusContainerType (FocusContainerType::keyboardFocusContainer);

    searchBox.setComponentID ("searchBox");
    searchBox.setTitle ("Search SoundCloud");
    searchBox.setTextToShowWhenEmpty ("Search SoundCloud tracks", palette::dimText);
    searchBox.onReturnKey = [this] { search (searchBox.getText()); };
    searchBox.setExplicitFocusOrder (1);
    addAndMakeVisible (searchBox);

    int order = 2;
    for (auto [button, id] : { std::pair{ &searchButton, "searchButton" }, std::pair{ &playButton, "resultPlay" },
                               std::pair{ &moreButton, "resultsMore" } })
    {
        button->setComponentID (id);
        button->setExplicitFocusOrder (order++);
        addAndMakeVisible (*button);
    }
    searchButton.onClick = [this] { search (searchBox.getText()); };
    moreButton.onClick = [this] { loadMore(); };
    playButton.onClick = [this] { playSelected(); };

    seekSlider.setComponentID ("resultSeek");
    seekSlider.setTitle ("Playback position");
    seekSlider.setRange (0.0, 1.0);
    seekSlider.onDragEnd = [this]
    {
        if (playsOurTrack())
            player.seek (seekSlider.getValue());
    };
    seekSlider.onValueChange = [this]
    {
        if (playsOurTrack() && !seekSlider.isMouseButtonDown()) // keys seek at once; a drag seeks where it ends
            player.seek (seekSlider.getValue());
    };
    seekSlider.setExplicitFocusOrder (order++);
    addAndMakeVisible (seekSlider);

    for (auto* label : { &positionLabel, &statusLabel })
    {
        styleLabel (*label, true);
        addAndMakeVisible (*label);
    }
    positionLabel.setComponentID ("resultPosition");
    statusLabel.setComponentID ("browseStatus");

    resultsList.setComponentID ("resultsList");
    resultsList.setTitle ("Search results");
    resultsList.setRowHeight (40);
    resultsList.setExplicitFocusOrder (order++);
    addAndMakeVisible (resultsList);

    services->whenStarted (
        [safe = juce::Component::SafePointer (this)]
        {
            if (safe == nullptr)
                return;
            if (!safe->services->isReady())
                return safe->say ("Browsing is unavailable: " + juce::String (safe->services->problem()));
            if (auto query = std::exchange (safe->queryWhileStarting, {}); query.isNotEmpty())
                safe->search (query);    // asked for while the services were starting
            safe->resultsList.repaint(); // artwork asked for meanwhile can be fetched now
        });
    services->imagesChanged.addChangeListener (this);
    timerCallback();
    startTimerHz (10);
}

BrowseView::~BrowseView()
{
    services->imagesChanged.removeChangeListener (this);
    stopTimer();
    resultsList.setModel (nullptr);
}

void BrowseView::search (const juce::String& text)
{
    if (text.trim().isEmpty())
        return;
    if (!services->isStarted())
    {
        queryWhileStarting = text.trim();
        return say ("Connecting...");
    }
    if (!services->isReady())
        return say ("Browsing is unavailable: " + juce::String (services->problem()));
    query = text.trim();
    ++searchGeneration;
    fetching = false; // an older search's answer is ignored when it comes
    tracks.clear();
    pagesLoaded = 0;
    morePossible = false;
    resultsList.updateContent();
    soundcloud::SearchQuery q;
    q.text = query.toStdString();
    q.limit = pageSize;
    walker.emplace (services->browseApi()->apiBase(), maximumPages);
    fetch (services->browseApi()->searchUrl (q));
}

void BrowseView::loadMore()
{
    if (morePossible && !fetching && !nextPage.isEmpty())
        fetch (nextPage);
}

void BrowseView::fetch (const juce::URL& page)
{
    if (!services->isReady() || fetching)
        return;
    fetching = true;
    say (pagesLoaded == 0 ? "Searching..." : "Loading more...");
    services->runInBackground (
        [api = services->browseApi(), page, generation = searchGeneration,
         safe = juce::Component::SafePointer (this)] (std::stop_token stop)
        {
            soundcloud::TrackPage result;
            juce::String problem;
            try
            {
                result = api->trackPage (page, stop);
            }
            catch (const std::exception& e)
            {
                problem = e.what();
            }
            juce::MessageManager::callAsync (
                [safe, result = std::move (result), problem, generation]() mutable
                {
                    if (safe == nullptr || generation != safe->searchGeneration)
                        return; // a newer search replaced this one
                    safe->fetching = false;
                    if (problem.isNotEmpty())
                        return safe->say ("Search failed: " + problem
                                          + (safe->pagesLoaded > 0 ? " (Load more retries)" : ""));
                    ++safe->pagesLoaded;
                    safe->nextPage = safe->walker->next (result.nextHref);
                    safe->morePossible = !safe->nextPage.isEmpty();
                    for (auto& track : result.tracks)
                        safe->tracks.push_back (std::move (track));
                    safe->resultsList.updateContent();
                    safe->resultsList.repaint();
                    if (safe->resultsList.getSelectedRow() < 0 && !safe->tracks.empty())
                        safe->resultsList.selectRow (0);
                    const auto stopped = safe->walker->stopReason();
                    juce::String why;
                    if (safe->morePossible)
                        why = ", more below";
                    else if (stopped == soundcloud::PageWalker::Stop::pageCap)
                        why = " (the first " + juce::String (maximumPages) + " pages)";
                    else if (stopped == soundcloud::PageWalker::Stop::foreignHost)
                        why = " (SoundCloud's next page pointed at another host: not followed)";
                    else if (stopped == soundcloud::PageWalker::Stop::repeatedNextPage)
                        why = " (SoundCloud repeated a page: stopped there)";
                    safe->say (juce::String ((int) safe->tracks.size()) + " tracks" + why);
                });
        });
}

void BrowseView::playSelected()
{
    const auto row = resultsList.getSelectedRow();
    if (!juce::isPositiveAndBelow (row, (int) tracks.size()) || !services->isReady())
        return;
    const auto& track = tracks[(size_t) row];
    const auto state = player.state();

    const bool ours = track.urn == playingUrn && player.loadNumber() == trackLoad;
    if (ours && (state == State::playing || state == State::buffering))
        return player.pause();
    if (ours && state == State::paused)
        return player.play();

    playingUrn = track.urn;
    // The stream is resolved (network) on the player's feeder thread, never here; the player is the processor's
    // and may outlive this editor, so its reader keeps the clients it reads with.
    trackLoad = player.load (services->previewOf (track.urn));
    player.play();
    say ("Loading " + juce::String (track.title) + "...");
}

void BrowseView::listBoxItemDoubleClicked (int, const juce::MouseEvent&) { playSelected(); }

juce::String BrowseView::rowText (int row) const
{
    if (!juce::isPositiveAndBelow (row, (int) tracks.size()))
        return {};
    const auto& t = tracks[(size_t) row];
    return juce::String (t.title) + " - " + juce::String (t.user.username) + " - "
           + formatDuration ((double) t.durationMs / 1000.0) + (isPreviewOnly (t) ? " - PREVIEW" : "");
}

void BrowseView::timerCallback()
{
    const auto state = player.state();
    const bool ours = playsOurTrack();
    playButton.setButtonText (ours && (state == State::playing || state == State::buffering) ? "Pause" : "Play");
    moreButton.setEnabled (morePossible && !fetching);

    if (ours)
    {
        const auto length = player.lengthSeconds();
        if (length > 0 && !seekSlider.isMouseButtonDown())
        {
            seekSlider.setRange (0.0, length, 0.0);
            seekSlider.setValue (player.positionSeconds(), juce::dontSendNotification);
        }
        positionLabel.setText (juce::String (preview::PreviewPlayer::toString (state)) + "  "
                                   + formatDuration (player.positionSeconds()) + " / " + formatDuration (length),
                               juce::dontSendNotification);
        if (state == State::failed)
            say ("Playback failed: " + juce::String (player.lastError()));
        else if (state == State::playing && statusLabel.getText().startsWith ("Loading "))
            say ("Playing "
                 + statusLabel.getText()
                       .fromFirstOccurrenceOf ("Loading ", false, false)
                       .upToLastOccurrenceOf ("...", false, false));
    }

    // Scrolling to the end of the list loads the next page.
    auto& bar = resultsList.getVerticalScrollBar();
    if (morePossible && !fetching && bar.isVisible()
        && bar.getCurrentRangeStart() + bar.getCurrentRangeSize() >= bar.getMaximumRangeLimit() - 1.0)
        loadMore();
}

bool BrowseView::playsOurTrack() const
{
    // The player is shared with the Capture view: what it plays is ours only if nothing was loaded since.
    return !playingUrn.empty() && player.loadNumber() == trackLoad;
}

void BrowseView::say (const juce::String& text) { statusLabel.setText (text, juce::dontSendNotification); }

void BrowseView::paintListBoxItem (int row, juce::Graphics& g, int width, int height, bool selected)
{
    if (!juce::isPositiveAndBelow (row, (int) tracks.size()))
        return;
    const auto& t = tracks[(size_t) row];
    if (selected)
        g.fillAll (palette::accent.withAlpha (0.35f));
    auto area = juce::Rectangle<int> (width, height).reduced (8, 2);

    // The artwork (the uploader's avatar when the track has none, as SoundCloud shows it).
    const auto art = area.removeFromLeft (height - 4).toFloat();
    area.removeFromLeft (8);
    const auto image = services->image (t.artworkUrl.empty() ? t.user.avatarUrl : t.artworkUrl);
    if (image.isValid())
        g.drawImage (image, art, juce::RectanglePlacement::fillDestination);
    else
    {
        g.setColour (palette::field);
        g.fillRect (art);
    }
    g.setColour (palette::dimText);
    g.setFont (13.0f);
    g.drawText (formatDuration ((double) t.durationMs / 1000.0), area.removeFromRight (60),
                juce::Justification::centredRight);
    if (isPreviewOnly (t))
    {
        auto badge = area.removeFromRight (70).reduced (4, 4);
        g.setColour (palette::warning);
        g.drawRoundedRectangle (badge.toFloat(), 3.0f, 1.0f);
        g.setFont (11.0f);
        g.drawText ("PREVIEW", badge, juce::Justification::centred);
    }
    g.setColour (palette::text);
    g.setFont (14.0f);
    g.drawText (juce::String (t.title), area.removeFromLeft (area.getWidth() * 2 / 3), juce::Justification::centredLeft,
                true);
    g.setColour (palette::dimText);
    g.drawText (juce::String (t.user.username), area, juce::Justification::centredLeft, true);
}

void BrowseView::paint (juce::Graphics& g) { g.fillAll (palette::background); }

void BrowseView::resized()
{
    auto area = getLocalBounds().reduced (12);
    auto top = area.removeFromTop (30);
    searchButton.setBounds (top.removeFromRight (100));
    top.removeFromRight (6);
    searchBox.setBounds (top);
    area.removeFromTop (8);

    statusLabel.setBounds (area.removeFromBottom (22));
    auto transport = area.removeFromBottom (30);
    playButton.setBounds (transport.removeFromLeft (80));
    transport.removeFromLeft (6);
    moreButton.setBounds (transport.removeFromRight (110));
    positionLabel.setBounds (transport.removeFromRight (180));
    seekSlider.setBounds (transport);
    area.removeFromBottom (6);
    resultsList.setBounds (area);
}
} // namespace wavelift::ui
