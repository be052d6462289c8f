#include "ui/X11Workarounds.h"

#if defined(__linux__)
#include <X11/Xlib.h>
#include <atomic>
#endif

namespace wavelift::ui
{
void ensureWindowManagerAtomsExist()
{
#if defined(__linux__)
    static std::atomic<bool> done{ false };
    if (done.exchange (true))
        return;

    // The connection stays open for the life of the process: when the last client of a bare X server disconnects the
    // server resets and forgets every atom, which would undo this in a process that opens its own windows later.
    static Display* const display = XOpenDisplay (nullptr);
    if (display != nullptr)
    {
        // Every atom JUCE looks up with "only if exists"; a desktop's window manager defines all of them.
        static const char* const names[] = { "WM_STATE",
                                             "WM_PROTOCOLS",
                                             "WM_TAKE_FOCUS",
                                             "WM_DELETE_WINDOW",
                                             "WM_CHANGE_STATE",
                                             "_NET_WM_PING",
                                             "_NET_WM_STATE",
                                             "_NET_WM_STATE_HIDDEN",
                                             "_NET_WM_STATE_FULLSCREEN",
                                             "_NET_WM_WINDOW_TYPE",
                                             "_NET_WM_WINDOW_TYPE_NORMAL",
                                             "_NET_WM_WINDOW_TYPE_COMBO",
                                             "_NET_WM_ALLOWED_ACTIONS",
                                             "_NET_FRAME_EXTENTS",
                                             "_NET_WORKAREA",
                                             "_MOTIF_WM_HINTS",
                                             "_KDE_NET_WM_WINDOW_TYPE_OVERRIDE",
                                             "KWM_WIN_DECORATION",
                                             "_WIN_HINTS" };
        for (const char* name : names)
            XInternAtom (display, name, False);
        XFlush (display);
    }
#endif
}
} // namespace wavelift::ui
