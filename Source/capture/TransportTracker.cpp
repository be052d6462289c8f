#include "capture/TransportTracker.h"

namespace wavelift::capture
{
bool TransportTracker::continuesWithinBlock (const ReportedPosition& reported, int numFrames) const noexcept
{
    // JUCE's LV2 wrapper keeps only the last time:Position of a block and drops its offset; Ardour sends one at a
    // tempo or meter marker inside the block. A playing position that lands inside this block is the roll going on.
    return playing && reported.isPlaying && nextTime && reported.timeInSamples && *reported.timeInSamples > *nextTime
           && *reported.timeInSamples < *nextTime + numFrames;
}

void TransportTracker::update (const std::optional<ReportedPosition>& reported, int numFrames,
                               BlockInfo& block) noexcept
{
    if (reported && !continuesWithinBlock (*reported, numFrames))
    {
        known = true;
        playing = reported->isPlaying;
        nextTime = reported->timeInSamples;
    }

    block.hasTransport = known;
    block.isPlaying = playing; // never set without a report
    block.timeInSamples = known ? nextTime : std::nullopt;

    if (playing && nextTime)
        *nextTime += numFrames;
}

void TransportTracker::reset() noexcept
{
    known = false;
    playing = false;
    nextTime.reset();
}
} // namespace wavelift::capture
