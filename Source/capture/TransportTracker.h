#pragma once

#include "capture/CaptureEngine.h"

#include <cstdint>
#include <optional>

namespace wavelift::capture
{
/** What a host's play head reported for one block, when it reported anything. */
struct ReportedPosition
{
    bool isPlaying = false;
    std::optional<std::int64_t> timeInSamples;
};

/** Turns what the host reports per block into the transport the capture engine sees.

    LV2 hosts (Ardour, Carla, Qtractor) send a time:Position only when the transport changes — start, stop, locate,
    loop — and the state holds until the next one; JUCE 7.0.5's LV2 wrapper reports nothing for the blocks in
    between. Read block by block, that looks like "no transport" and every take would end after its first block. So
    the last report stands until a new one, and a playing position advances by each block's length. Hosts that report
    every block (VST3, AU, JUCE's own hosting) are unaffected: every block's report replaces the last.

    Not modelled: varispeed. A roll at a speed other than 1 advances the position by the block length all the same,
    so the next report looks like a jump and the take splits there (the audio itself is complete).

    Audio thread only: no allocation, no locks. */
class TransportTracker
{
public:
    /** Fills block.hasTransport, isPlaying and timeInSamples for a block of numFrames. */
    void update (const std::optional<ReportedPosition>& reported, int numFrames, BlockInfo& block) noexcept;

    /** Forgets the transport (the host is about to reconfigure: prepareToPlay, releaseResources; JUCE 7.0.5's LV2
        wrapper does not call either on an LV2 deactivate, so a report after one is what sets things right). */
    void reset() noexcept;

private:
    bool continuesWithinBlock (const ReportedPosition&, int numFrames) const noexcept;

    bool known = false;
    bool playing = false;
    std::optional<std::int64_t> nextTime; // where the next block starts if the host says nothing new
};
} // namespace wavelift::capture
