#pragma once

#include "ui/AutomationMap.h"
#include "ui/BrowseView.h"
#include "ui/CaptureView.h"
#include "ui/EditorContext.h"
#include "ui/PublishView.h"
#include "ui/Services.h"
#include "ui/SettingsView.h"
#include "ui/Theme.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace wavelift::ui
{
/** Everything inside the plugin window (and the standalone's): the Capture, Publish, Browse and Settings tabs, in
    the dark theme. The selected take flows from Capture to Publish; a finished take may publish itself. */
class MainComponent final
    : public juce::Component
    , public juce::FileDragAndDropTarget
{
public:
    explicit MainComponent (EditorContext);
    ~MainComponent() override;

    enum Tab
    {
        captureTab,
        publishTab,
        browseTab,
        settingsTab
    };
    void showTab (Tab);

    CaptureView& captureView() noexcept { return capture; }
    PublishView& publishView() noexcept { return publisher; }
    BrowseView& browseView() noexcept { return browse; }
    SettingsView& settingsView() noexcept { return settings; }

    void resized() override;
    void paint (juce::Graphics&) override;

    bool isInterestedInFileDrag (const juce::StringArray& files) override;
    void filesDropped (const juce::StringArray& files, int x, int y) override;

private:
    DarkTheme theme; // outlives every child: declared first, destroyed last
    EditorContext context;
    std::shared_ptr<Services> services;
    CaptureView capture;
    PublishView publisher;
    BrowseView browse;
    SettingsView settings;
    juce::TabbedComponent tabs{ juce::TabbedButtonBar::TabsAtTop };
    std::unique_ptr<AutomationMap> automation; // only when a test asked for it (WAVELIFT_UI_MAP)

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (MainComponent)
};
} // namespace wavelift::ui
