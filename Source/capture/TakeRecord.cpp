#include "capture/TakeRecord.h"

namespace wavelift::capture
{
const char* describe (EndReason reason) noexcept
{
    switch (reason)
    {
        case EndReason::stopped: return "stopped";
        case EndReason::transportStopped: return "transport stopped";
        case EndReason::playheadJumped: return "playhead jumped";
        case EndReason::renderModeChanged: return "render mode changed";
        case EndReason::modeChanged: return "capture mode changed";
        case EndReason::prepared: return "audio restarted";
        case EndReason::interrupted: return "interrupted";
    }
    return "unknown";
}
} // namespace wavelift::capture
