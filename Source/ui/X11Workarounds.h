#pragma once

namespace wavelift::ui
{
/** JUCE 7.0.5 looks up window-manager atoms (WM_STATE, _MOTIF_WM_HINTS, ...) "only if they exist" and then uses them
    unchecked; on an X server with no window manager (Xvfb, as validators and headless sessions use) they do not exist
    and the request kills the process with BadAtom. Interning them first makes the requests valid everywhere. Call on
   the message thread before the first window is created; cheap and idempotent; does nothing without an X display. */
void ensureWindowManagerAtomsExist();
} // namespace wavelift::ui
