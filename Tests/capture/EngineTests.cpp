// The engine's take boundaries, its FIFO policy in realtime and offline render, and what it surfaces.
#include "CaptureTestSupport.h"

#include "capture/CaptureEngine.h"
#include "capture/TransportTracker.h"

#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <latch>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;

constexpr double rate = 48000.0;

CaptureSettings floatWav (bool followTransport = true)
{
    CaptureSettings settings;
    settings.bitDepth = 32;
    settings.followTransport = followTransport;
    return settings;
}

/** The frames [from, from + count) of a signal. */
Planar<float> slice (const Planar<float>& signal, std::int64_t from, std::int64_t count)
{
    Planar<float> part;
    for (const auto& channel : signal)
        part.emplace_back (channel.begin() + from, channel.begin() + from + count);
    return part;
}

/** Checks a finished float take holds exactly the given frames of the signal. */
void checkTakeHolds (const TakeRecord& take, const Planar<float>& signal, std::int64_t from, std::int64_t count)
{
    INFO ("take " << take.file.string());
    CHECK (take.frames == count);
    CHECK (take.lostFrames == 0);
    const auto decoded = readWithJuce (take.file, 32, true);
    CHECK (decoded.frames == count);
    CHECK (bitIdentical (decoded.floats, slice (signal, from, count)));
}

struct Fixture
{
    explicit Fixture (EngineOptions options = {}, int channels = 2)
        : numChannels (channels)
    {
        options.takesFolder = folder.path();
        options.onTakeFinished = collector.callback();
        engine.emplace (options);
    }

    TempFolder folder;
    TakeCollector collector;
    std::optional<CaptureEngine> engine;
    int numChannels;
};

/** Holds the writer thread at the start of its next pass until released: a stall the test controls exactly. */
class WriterStall
{
public:
    std::function<void()> hook()
    {
        return [this]
        {
            if (armed.exchange (false))
            {
                entered.count_down();
                released.wait();
            }
        };
    }

    void engageAndWait()
    {
        armed.store (true);
        entered.wait(); // the writer is now parked in the hook
    }

    void release() { released.count_down(); }

private:
    std::atomic<bool> armed{ false };
    std::latch entered{ 1 }, released{ 1 };
};
} // namespace

TEST_CASE ("capture: following the transport, each play-to-stop is one take", "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 40000, 1);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);

    host.play (signal, 0, 3000, { 512 }, stopped());          // stopped: nothing
    host.play (signal, 3000, 10000, { 512, 100 }, playing()); // take 1
    host.play (signal, 13000, 2000, { 512 }, stopped());
    host.play (signal, 15000, 7001, { 333 }, playing()); // take 2
    host.tick (stopped());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    checkTakeHolds (takes[0], signal, 3000, 10000);
    checkTakeHolds (takes[1], signal, 15000, 7001);
    CHECK (takes[0].timelineStart == 3000);
    CHECK (takes[1].timelineStart == 15000);
    CHECK (takes[0].endReason == EndReason::transportStopped);
    CHECK (takes[1].endReason == EndReason::transportStopped);
    CHECK (takes[0].sampleRate == rate);
    CHECK (f.engine->status().finishedTakes == 2);
}

TEST_CASE ("capture: a loop or a seek ends the take and starts the next", "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 30000, 2);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);

    host.play (signal, 0, 8192, { 512 }, playing());
    host.timeline = 1024; // the host loops back
    host.play (signal, 8192, 4096, { 512 }, playing());
    host.timeline = 100000; // then seeks forward
    host.play (signal, 12288, 5000, { 256 }, playing());
    host.tick (stopped());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 3);
    checkTakeHolds (takes[0], signal, 0, 8192);
    checkTakeHolds (takes[1], signal, 8192, 4096);
    checkTakeHolds (takes[2], signal, 12288, 5000);
    CHECK (takes[0].endReason == EndReason::playheadJumped);
    CHECK (takes[1].endReason == EndReason::playheadJumped);
    CHECK (takes[2].endReason == EndReason::transportStopped);
    CHECK (takes[1].timelineStart == 1024);
    CHECK (takes[2].timelineStart == 100000);
}

TEST_CASE ("capture: an LV2 host reporting only transport changes gives one take per play, split on a loop",
           "[capture][engine][transport]")
{
    Fixture f;
    const auto signal = makeFloats (2, 30000, 12);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 1024);
    TransportTracker tracker;

    // Ardour's pattern: a time:Position at start, on a loop and at stop; nothing in between. Block lengths vary.
    std::int64_t fed = 0;
    const auto feed = [&] (std::int64_t count, std::optional<ReportedPosition> firstReport)
    {
        const std::vector<int> sizes{ 512, 77, 1024, 1 };
        for (std::size_t i = 0; count > 0; ++i)
        {
            const int n = (int) std::min<std::int64_t> (sizes[i % sizes.size()], count);
            const std::array<const float*, 2> channels{ signal[0].data() + fed, signal[1].data() + fed };
            BlockInfo block;
            tracker.update (i == 0 ? firstReport : std::nullopt, n, block);
            f.engine->process (channels.data(), 2, n, block);
            fed += n;
            count -= n;
        }
    };

    feed (3000, ReportedPosition{ false, 0 });     // stopped: nothing
    feed (9000, ReportedPosition{ true, 0 });      // rolling from 0 ...
    feed (6000, ReportedPosition{ true, 4000 });   // ... loops back to 4000 ...
    feed (2000, ReportedPosition{ false, 10000 }); // ... and stops
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    checkTakeHolds (takes[0], signal, 3000, 9000);
    checkTakeHolds (takes[1], signal, 12000, 6000);
    CHECK (takes[0].timelineStart == 0);
    CHECK (takes[1].timelineStart == 4000);
    CHECK (takes[0].endReason == EndReason::playheadJumped);
    CHECK (takes[1].endReason == EndReason::transportStopped);
}

TEST_CASE ("capture: switching between realtime and offline render ends the take", "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 20000, 3);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);

    host.play (signal, 0, 6000, { 512 }, playing (false));
    host.play (signal, 6000, 9000, { 4096, 7 }, playing (true));
    host.tick (stopped (true));
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    checkTakeHolds (takes[0], signal, 0, 6000);
    checkTakeHolds (takes[1], signal, 6000, 9000);
    CHECK (takes[0].endReason == EndReason::renderModeChanged);
}

TEST_CASE ("capture: an offline render with no transport information is captured", "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 20000, 4);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);

    BlockInfo noTransportRealtime, noTransportOffline;
    noTransportOffline.nonRealtime = true;
    host.play (signal, 0, 5000, { 512 }, noTransportRealtime); // a live host without a transport: nothing
    host.play (signal, 5000, 12000, { 512 }, noTransportOffline);
    host.tick (noTransportRealtime);
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 1);
    checkTakeHolds (takes[0], signal, 5000, 12000);
}

TEST_CASE ("capture: a new prepareToPlay (rate and layout) ends the take cleanly and the next follows it",
           "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 30000, 5);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    HostSimulator stereoHost (*f.engine, 2);
    stereoHost.play (signal, 0, 7000, { 512 }, playing());

    f.engine->prepare (96000.0, 1, 1024); // the host changed rate and layout (to mono) mid-take
    const Planar<float> mono{ signal[0] };
    HostSimulator monoHost (*f.engine, 1);
    monoHost.timeline = 7000;
    monoHost.play (mono, 7000, 9000, { 1024 }, playing());
    monoHost.tick (stopped());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    checkTakeHolds (takes[0], signal, 0, 7000);
    checkTakeHolds (takes[1], mono, 7000, 9000);
    CHECK (takes[0].endReason == EndReason::prepared);
    CHECK (takes[0].sampleRate == rate);
    CHECK (takes[0].channels == 2);
    CHECK (takes[1].sampleRate == 96000.0);
    CHECK (takes[1].channels == 1);
    CHECK (readWithJuce (takes[1].file, 32, true).sampleRate == 96000.0);
}

TEST_CASE ("capture: manual arm and stop, with a format change between takes", "[capture][engine]")
{
    Fixture f;
    const auto integers = makeIntegers (2, 30000, 16, 6);
    const auto signal = toFloats (integers, 16);
    auto settings = floatWav (false);
    f.engine->setSettings (settings);
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);

    host.play (signal, 0, 2000, { 512 }, playing()); // not armed: nothing, whatever the transport does
    f.engine->arm();
    host.play (signal, 2000, 5000, { 512 }, stopped());
    f.engine->stop();
    host.play (signal, 7000, 1000, { 512 }, playing());

    settings.format = FileFormat::flac;
    settings.bitDepth = 16;
    settings.dither = false;
    f.engine->setSettings (settings);
    f.engine->arm();
    host.play (signal, 8000, 6000, { 100 }, playing());
    f.engine->stop();
    host.tick (playing());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    checkTakeHolds (takes[0], signal, 2000, 5000);
    CHECK (takes[0].endReason == EndReason::stopped);
    CHECK (takes[1].file.extension() == ".flac");
    CHECK (takes[1].frames == 6000);
    const auto decoded = readWithSndfile (takes[1].file, 16, false);
    for (size_t ch = 0; ch < 2; ++ch)
        CHECK (decoded.integers[ch]
               == std::vector<std::int32_t> (integers[ch].begin() + 8000, integers[ch].begin() + 14000));
}

TEST_CASE ("capture: switching the capture mode mid-take ends the take", "[capture][engine]")
{
    Fixture f;
    const auto signal = makeFloats (2, 20000, 7);
    f.engine->setSettings (floatWav (true));
    f.engine->prepare (rate, 2, 512);
    HostSimulator host (*f.engine, 2);
    host.play (signal, 0, 4000, { 512 }, playing());
    f.engine->setSettings (floatWav (false));
    f.engine->arm();
    host.play (signal, 4000, 3000, { 512 }, playing());
    f.engine->stop();
    host.tick (playing());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 2);
    CHECK (takes[0].endReason == EndReason::modeChanged);
    checkTakeHolds (takes[0], signal, 0, 4000);
    checkTakeHolds (takes[1], signal, 4000, 3000);
}

TEST_CASE ("capture: offline render waits for the writer, so a tiny FIFO loses nothing", "[capture][engine][offline]")
{
    EngineOptions options;
    options.fifoSeconds = 0.001; // 48 frames plus one block: the audio thread must wait all the time
    Fixture f (options);
    const auto signal = makeFloats (2, 240000, 8);
    f.engine->setSettings (floatWav());
    f.engine->prepare (rate, 2, 512);
    CHECK (f.engine->fifoCapacityFrames() == 48 + 512);
    HostSimulator host (*f.engine, 2);
    host.play (signal, 0, 240000, { 512, 1, 77 }, playing (true));
    CHECK (f.engine->status().takeLostFrames == 0);
    host.tick (stopped (true));
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 1);
    checkTakeHolds (takes[0], signal, 0, 240000);
}

TEST_CASE ("capture: realtime at 192 kHz / 8 channels rides out a 500 ms writer stall with the default FIFO",
           "[capture][engine][realtime]")
{
    WriterStall stall;
    EngineOptions options;
    options.beforeWriterPass = stall.hook();
    Fixture f (options, 8);
    constexpr double highRate = 192000.0;
    constexpr int stalledFrames = 96000; // 500 ms at 192 kHz
    const auto signal = makeFloats (8, stalledFrames, 9);
    f.engine->setSettings (floatWav (false));
    f.engine->prepare (highRate, 8, 512);

    stall.engageAndWait();
    f.engine->arm();
    HostSimulator host (*f.engine, 8);
    host.play (signal, 0, stalledFrames, { 512 }, playing (false)); // 500 ms of audio while the writer is stuck
    CHECK (f.engine->status().takeLostFrames == 0);
    CHECK (f.engine->status().takeFrames == stalledFrames);
    stall.release();

    f.engine->stop();
    host.tick (playing (false));
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 1);
    CHECK (takes[0].channels == 8);
    checkTakeHolds (takes[0], signal, 0, stalledFrames);
    CHECK (f.engine->status().totalLostFrames == 0);
}

TEST_CASE ("capture: with a FIFO too small for the stall, the exact number of lost frames is reported",
           "[capture][engine][realtime]")
{
    WriterStall stall;
    EngineOptions options;
    options.beforeWriterPass = stall.hook();
    options.fifoSeconds = 0.1;
    Fixture f (options, 8);
    constexpr double highRate = 192000.0;
    constexpr int stalledFrames = 96000;
    const auto signal = makeFloats (8, stalledFrames, 10);
    f.engine->setSettings (floatWav (false));
    f.engine->prepare (highRate, 8, 512);

    // 0.1 s at 192 kHz plus one block: 19712 frames fit; the rest of the 96000 are lost.
    constexpr int capacity = 19200 + 512;
    REQUIRE (f.engine->fifoCapacityFrames() == capacity);

    stall.engageAndWait();
    f.engine->arm();
    HostSimulator host (*f.engine, 8);
    host.play (signal, 0, stalledFrames, { 512 }, playing (false));
    CHECK (f.engine->status().takeLostFrames == stalledFrames - capacity);
    CHECK (f.engine->status().totalLostFrames == stalledFrames - capacity);
    stall.release();

    f.engine->stop();
    host.tick (playing (false));
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 1);
    CHECK (takes[0].lostFrames == 76288);
    CHECK (takes[0].frames == capacity);
    // What fitted is the start of the signal, bit for bit; nothing of the lost part was written.
    const auto decoded = readWithJuce (takes[0].file, 32, true);
    CHECK (decoded.frames == capacity);
    CHECK (bitIdentical (decoded.floats, slice (signal, 0, capacity)));
}

TEST_CASE ("capture: non-finite samples are sanitised and counted per take", "[capture][engine]")
{
    Fixture f;
    auto integers = makeIntegers (2, 10000, 24, 13);
    auto signal = toFloats (integers, 24);
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    signal[0][10] = nan;
    signal[1][20] = inf;
    signal[1][9999] = -inf;
    integers[0][10] = integers[1][20] = integers[1][9999] = 0;

    CaptureSettings settings;
    settings.bitDepth = 24;
    settings.followTransport = false;
    f.engine->setSettings (settings);
    f.engine->prepare (rate, 2, 512);
    f.engine->arm();
    HostSimulator host (*f.engine, 2);
    host.play (signal, 0, 10000, { 512 }, playing());
    f.engine->stop();
    host.tick (playing());
    f.engine->release();

    const auto takes = f.collector.takes();
    REQUIRE (takes.size() == 1);
    CHECK (takes[0].sanitisedSamples == 3);
    CHECK (readWithSndfile (takes[0].file, 24, false).integers == integers);
}

TEST_CASE ("capture: the meter reports each channel's peak whether capturing or not", "[capture][engine]")
{
    Fixture f;
    f.engine->prepare (rate, 2, 512);
    Planar<float> signal{ std::vector<float> (512, 0.25f), std::vector<float> (512, -0.5f) };
    signal[0][100] = -0.75f;
    signal[1][3] = std::numeric_limits<float>::quiet_NaN(); // ignored by the meter
    HostSimulator host (*f.engine, 2);
    host.play (signal, 0, 512, { 512 }, stopped());
    CHECK (f.engine->takePeak (0) == 0.75f);
    CHECK (f.engine->takePeak (1) == 0.5f);
    CHECK (f.engine->takePeak (0) == 0.0f); // reset by reading
    f.engine->release();
}
