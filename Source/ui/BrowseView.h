#pragma once

#include "preview/PreviewPlayer.h"
#include "soundcloud/Models.h"
#include "soundcloud/Pagination.h"
#include "ui/Services.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <optional>
#include <vector>

namespace wavelift::ui
{
/** The Browse tab: search SoundCloud, list the results (title, user, duration, a preview-only badge), load more
    pages, and play, pause and seek a result through the preview player. */
class BrowseView final
    : public juce::Component
    , private juce::ListBoxModel
    , private juce::Timer
    , private juce::ChangeListener
{
public:
    BrowseView (preview::PreviewPlayer&, std::shared_ptr<Services>);
    ~BrowseView() override;

    void search (const juce::String& text);
    void loadMore();
    void playSelected();

    const std::vector<soundcloud::Track>& results() const noexcept { return tracks; }
    /** Pages read for the current search (each "load more" reads exactly one more). */
    int pagesRead() const noexcept { return pagesLoaded; }
    bool canLoadMore() const noexcept { return morePossible; }
    juce::String rowText (int row) const;

    void paint (juce::Graphics&) override;
    void resized() override;

private:
    int getNumRows() override { return (int) tracks.size(); }
    void paintListBoxItem (int row, juce::Graphics&, int width, int height, bool selected) override;
    juce::String getNameForRow (int row) override { return rowText (row); }
    void listBoxItemDoubleClicked (int row, const juce::MouseEvent&) override;
    void timerCallback() override;
    void changeListenerCallback (juce::ChangeBroadcaster*) override { resultsList.repaint(); }

    void fetch (const juce::URL& page);
    void say (const juce::String&);
    bool playsOurTrack() const;

    preview::PreviewPlayer& player;
    std::shared_ptr<Services> services;
    std::vector<soundcloud::Track> tracks;
    juce::String query, queryWhileStarting;
    std::uint64_t searchGeneration = 0; // a newer search makes older pages' answers stale
    juce::URL nextPage;
    std::optional<soundcloud::PageWalker> walker; // checks each next_href (API host, no repeats, a page cap)
    int pagesLoaded = 0;
    bool morePossible = false, fetching = false;
    std::string playingUrn;
    std::uint64_t trackLoad = 0; // the player's load number for playingUrn

    static constexpr int pageSize = 20, maximumPages = 50;

    juce::TextEditor searchBox;
    juce::TextButton searchButton{ "Search" }, moreButton{ "Load more" }, playButton{ "Play" };
    juce::Slider seekSlider{ juce::Slider::LinearHorizontal, juce::Slider::NoTextBox };
    juce::Label positionLabel, statusLabel;
    juce::ListBox resultsList{ "Results", this };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (BrowseView)
};
} // namespace wavelift::ui
