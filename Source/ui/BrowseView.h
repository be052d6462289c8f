#pragma once

#include "preview/PreviewPlayer.h"
#include "soundcloud/Models.h"
#include "ui/Services.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <vector>

namespace wavelift::ui
{
/** The Browse tab: search SoundCloud, list the results (title, user, duration, a preview-only badge), load more
    pages, and play, pause and seek a result through the preview player. */
class BrowseView final
    : public juce::Component
    , private juce::ListBoxModel
    , private juce::Timer
{
public:
    BrowseView (preview::PreviewPlayer&, std::shared_ptr<Services>);
    ~BrowseView() override;

    void search (const juce::String& text);
    void loadMore();
    void playSelected();

    const std::vector<soundcloud::Track>& results() const noexcept { return tracks; }
    juce::String rowText (int row) const;

    void paint (juce::Graphics&) override;
    void resized() override;

private:
    int getNumRows() override { return (int) tracks.size(); }
    void paintListBoxItem (int row, juce::Graphics&, int width, int height, bool selected) override;
    juce::String getNameForRow (int row) override { return rowText (row); }
    void listBoxItemDoubleClicked (int row, const juce::MouseEvent&) override;
    void timerCallback() override;

    void fetch (const juce::String& text, int pages);
    void say (const juce::String&);

    preview::PreviewPlayer& player;
    std::shared_ptr<Services> services;
    std::vector<soundcloud::Track> tracks;
    juce::String query;
    int pagesLoaded = 0;
    bool morePossible = false, fetching = false;
    std::string playingUrn;

    static constexpr int pageSize = 20;

    juce::TextEditor searchBox;
    juce::TextButton searchButton{ "Search" }, moreButton{ "Load more" }, playButton{ "Play" };
    juce::Slider seekSlider{ juce::Slider::LinearHorizontal, juce::Slider::NoTextBox };
    juce::Label positionLabel, statusLabel;
    juce::ListBox resultsList{ "Results", this };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (BrowseView)
};
} // namespace wavelift::ui
