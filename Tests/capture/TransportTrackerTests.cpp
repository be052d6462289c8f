// How the host's per-block reports become the transport the capture engine sees (LV2 hosts report changes only).
#include "capture/TransportTracker.h"

#include <catch2/catch.hpp>

namespace
{
using namespace wavelift::capture;

BlockInfo track (TransportTracker& tracker, std::optional<ReportedPosition> reported, int frames)
{
    BlockInfo block;
    tracker.update (reported, frames, block);
    return block;
}
} // namespace

TEST_CASE ("capture: a host that never reports a transport leaves the block without one", "[capture][transport]")
{
    TransportTracker tracker;
    for (int i = 0; i < 3; ++i)
    {
        const auto block = track (tracker, std::nullopt, 512);
        CHECK_FALSE (block.hasTransport);
        CHECK_FALSE (block.isPlaying);
        CHECK_FALSE (block.timeInSamples.has_value());
    }
}

TEST_CASE ("capture: a host that reports every block is taken at its word", "[capture][transport]")
{
    TransportTracker tracker;
    auto block = track (tracker, ReportedPosition{ true, 1000 }, 512);
    CHECK (block.hasTransport);
    CHECK (block.isPlaying);
    CHECK (block.timeInSamples == 1000);

    block = track (tracker, ReportedPosition{ true, 7 }, 512); // a jump is reported as it is, not smoothed over
    CHECK (block.timeInSamples == 7);

    block = track (tracker, ReportedPosition{ false, 519 }, 512);
    CHECK (block.hasTransport);
    CHECK_FALSE (block.isPlaying);
    CHECK (block.timeInSamples == 519);
}

TEST_CASE ("capture: between LV2 time:Position reports the transport holds and a playing position advances",
           "[capture][transport]")
{
    TransportTracker tracker;

    // Stopped at 2400: the stopped position does not move however many blocks pass.
    CHECK (track (tracker, ReportedPosition{ false, 2400 }, 256).timeInSamples == 2400);
    auto block = track (tracker, std::nullopt, 256);
    CHECK (block.hasTransport);
    CHECK_FALSE (block.isPlaying);
    CHECK (block.timeInSamples == 2400);

    // Rolling from 2400 in blocks of varying length (hosts split cycles at automation and loop points).
    CHECK (track (tracker, ReportedPosition{ true, 2400 }, 256).timeInSamples == 2400);
    block = track (tracker, std::nullopt, 100);
    CHECK (block.isPlaying);
    CHECK (block.timeInSamples == 2656);
    CHECK (track (tracker, std::nullopt, 1).timeInSamples == 2756);
    CHECK (track (tracker, std::nullopt, 512).timeInSamples == 2757);

    // A loop back is a new report; the count continues from it.
    CHECK (track (tracker, ReportedPosition{ true, 0 }, 64).timeInSamples == 0);
    CHECK (track (tracker, std::nullopt, 64).timeInSamples == 64);

    // Playing with no position given: playing, position unknown, until the host says more.
    block = track (tracker, ReportedPosition{ true, std::nullopt }, 64);
    CHECK (block.isPlaying);
    CHECK_FALSE (block.timeInSamples.has_value());
    CHECK (track (tracker, std::nullopt, 64).isPlaying);

    // Stop, then a reset (prepareToPlay): the transport is unknown again.
    CHECK_FALSE (track (tracker, ReportedPosition{ false, 9000 }, 64).isPlaying);
    tracker.reset();
    CHECK_FALSE (track (tracker, std::nullopt, 64).hasTransport);
}

TEST_CASE ("capture: a position reported inside a playing block (a tempo marker) is not a jump", "[capture][transport]")
{
    TransportTracker tracker;
    CHECK (track (tracker, ReportedPosition{ true, 0 }, 1024).timeInSamples == 0);

    // Ardour sends a time:Position at the marker's frame (1500) inside the block that starts at 1024; JUCE's wrapper
    // drops the offset. The block still starts at 1024, and the next at 2048.
    auto block = track (tracker, ReportedPosition{ true, 1500 }, 1024);
    CHECK (block.isPlaying);
    CHECK (block.timeInSamples == 1024);
    CHECK (track (tracker, std::nullopt, 1024).timeInSamples == 2048);

    // A report at the block's own start, or outside the block, is taken as it is.
    CHECK (track (tracker, ReportedPosition{ true, 3072 }, 1024).timeInSamples == 3072);
    CHECK (track (tracker, ReportedPosition{ true, 6000 }, 1024).timeInSamples == 6000); // past this block: a jump
    CHECK (track (tracker, ReportedPosition{ true, 10 }, 1024).timeInSamples == 10);     // back: a loop
    // A stop reported inside the block is a stop.
    block = track (tracker, ReportedPosition{ false, 1100 }, 1024);
    CHECK_FALSE (block.isPlaying);
    CHECK (block.timeInSamples == 1100);
}
