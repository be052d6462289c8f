#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <string>

namespace wavelift::ui
{
class Services;

/** Lets a test drive the real app from outside, the way a producer would with mouse and keyboard (xdotool under
    Xvfb), and read back what the windows show. Only when the WAVELIFT_UI_MAP environment variable names a file:
    a few times a second it writes there, as JSON, every showing component of every window on the desktop (ours and
    JUCE's own dialogs and menus) with its class, component ID, title, text (a label's or button's text, an editor's
    contents, a combo box's choice, a list's rows), screen bounds, and enabled and focus state. The UI shows no
    secrets, and password fields are written masked. The JSON is built on the message thread and written on a
    worker. */
class AutomationMap final : private juce::Timer
{
public:
    /** A running map when WAVELIFT_UI_MAP is set, else nullptr. */
    static std::unique_ptr<AutomationMap> startIfRequested (std::shared_ptr<Services>);

    AutomationMap (std::string file, std::shared_ptr<Services>);
    ~AutomationMap() override;

    /** The current desktop as JSON text. */
    static std::string describeDesktop();

private:
    void timerCallback() override;

    std::string target;
    std::shared_ptr<Services> services;
    std::string lastWritten;
};
} // namespace wavelift::ui
