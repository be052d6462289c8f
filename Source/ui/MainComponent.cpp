#include "ui/MainComponent.h"

namespace wavelift::ui
{
MainComponent::MainComponent (EditorContext c)
    : context (std::move (c))
    , services (Services::shared())
    , capture (context, services)
    , publisher (services)
    , browse (context.player, services)
    , settings (context, services)
{
    setLookAndFeel (&theme);
    setTitle ("Wavelift");
    setComponentID ("wavelift");
    setFocusContainerType (FocusContainerType::keyboardFocusContainer);

    capture.onTakeSelected = [this] (const capture::TakeRecord& take) { publisher.setTake (take); };
    // A take that just ended is the one to publish next (the processor's AutoPublisher sends it by itself when the
    // producer asked for that).
    capture.onTakeFinished = [this] (const capture::TakeRecord& take) { publisher.setTake (take); };

    tabs.setTabBarDepth (34);
    tabs.setOutline (0);
    const auto tabColour = palette::panel;
    tabs.addTab ("Capture", tabColour, &capture, false);
    tabs.addTab ("Publish", tabColour, &publisher, false);
    tabs.addTab ("Browse", tabColour, &browse, false);
    tabs.addTab ("Settings", tabColour, &settings, false);
    tabs.setComponentID ("tabs");
    addAndMakeVisible (tabs);
    automation = AutomationMap::startIfRequested (services);
}

MainComponent::~MainComponent()
{
    tabs.clearTabs();
    setLookAndFeel (nullptr);
}

void MainComponent::showTab (Tab tab) { tabs.setCurrentTabIndex ((int) tab); }

void MainComponent::paint (juce::Graphics& g) { g.fillAll (palette::background); }

void MainComponent::resized() { tabs.setBounds (getLocalBounds()); }

bool MainComponent::isInterestedInFileDrag (const juce::StringArray& files)
{
    return context.acceptsFileDrops && capture.isInterestedInFileDrag (files);
}

void MainComponent::filesDropped (const juce::StringArray& files, int x, int y)
{
    showTab (captureTab);
    capture.filesDropped (files, x, y);
}
} // namespace wavelift::ui
