// The audio thread's rules, checked: no allocation, no lock, no I/O inside processBlock, while takes start and
// stop, the user arms and stops, the format changes and the host switches to offline render.
#include "CaptureTestSupport.h"
#include "RealtimeDetector.h"

#include "plugin/PluginProcessor.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace
{
using namespace wavelift::capture;
using namespace wavelift::capture::test;
namespace rt = wavelift::capture::test::realtime;

void* volatile escaped = nullptr; // keeps the deliberate allocations from being optimised away

/** A host transport the audio thread itself moves, as a DAW's engine would. */
class ScriptedPlayHead final : public juce::AudioPlayHead
{
public:
    juce::Optional<PositionInfo> getPosition() const override
    {
        PositionInfo info;
        info.setIsPlaying (isPlaying);
        info.setTimeInSamples (time);
        return info;
    }

    bool isPlaying = false;
    juce::int64 time = 0;
};

struct Phase
{
    std::function<void (wavelift::WaveliftProcessor&)> control; // on the control thread, before the blocks
    int blocks;
    bool playing;
    bool offline;
    juce::int64 jumpTo = -1;
};
} // namespace

TEST_CASE ("realtime detector: catches allocation, free, locking and I/O on an armed thread only", "[capture][rt]")
{
    const int devNull = ::open ("/dev/null", O_WRONLY);
    REQUIRE (devNull >= 0);

    rt::reset();
    std::thread (
        [&]
        {
            const rt::ArmedScope armed;
            auto* number = new int (42);
            escaped = number;
            delete number;
            void* block = std::malloc (64);
            escaped = block;
            std::free (block);
            std::mutex mutex;
            mutex.lock();
            mutex.unlock();
            CHECK (::write (devNull, "x", 1) == 1);
        })
        .join();
    const auto caught = rt::counts();
    CHECK (caught.allocations == 2);
    CHECK (caught.deallocations == 2);
    CHECK (caught.locks == 1);
    CHECK (caught.io == 1);

    rt::reset();
    std::thread (
        [&]
        {
            auto* number = new int (7); // not armed: not counted
            escaped = number;
            delete number;
            std::mutex mutex;
            mutex.lock();
            mutex.unlock();
        })
        .join();
    CHECK (rt::counts().total() == 0);
    ::close (devNull);
}

TEST_CASE ("capture: processBlock neither allocates, locks nor does I/O through takes, arming, stopping and format "
           "changes",
           "[capture][rt]")
{
    TempFolder data;
    ::setenv ("WAVELIFT_DATA_DIR", data.path().c_str(), 1);

    auto processor = std::make_unique<wavelift::WaveliftProcessor>();
    juce::AudioProcessor::BusesLayout stereo;
    stereo.inputBuses.add (juce::AudioChannelSet::stereo());
    stereo.outputBuses.add (juce::AudioChannelSet::stereo());
    REQUIRE (processor->setBusesLayout (stereo));
    ScriptedPlayHead playHead;
    processor->setPlayHead (&playHead);
    processor->prepareToPlay (48000.0, 512);

    CaptureSettings flac16;
    flac16.format = FileFormat::flac;
    flac16.bitDepth = 16;
    flac16.flacLevel = 0;
    flac16.followTransport = false;
    CaptureSettings float32;
    float32.bitDepth = 32;

    const std::vector<Phase> script{
        { {}, 20, false, false },   // transport stopped: idle
        { {}, 40, true, false },    // play: take 1 (WAV 24, the default)
        { {}, 40, true, false, 0 }, // the host loops back: take 1 ends, take 2 starts
        { {}, 10, false, false },   // stop: take 2 ends
        { [&] (auto& p)
          {
              p.setCaptureSettings (flac16);
              p.captureEngine().arm();
          },
          40, false, false },                                                  // take 3
        { [&] (auto& p) { p.captureEngine().stop(); }, 10, false, false },     // ends
        { [&] (auto& p) { p.setCaptureSettings (float32); }, 40, true, true }, // offline render: take 4
        { {}, 40, true, false },                                               // back to realtime: take 5
        { {}, 5, false, false },                                               // stop: take 5 ends
    };

    std::atomic<int> released{ 0 }, finished{ 0 };
    std::atomic<bool> passThroughIntact{ true };
    rt::reset();

    std::thread audioThread (
        [&]
        {
            // Everything the audio thread needs exists before it is armed, as in a host.
            juce::AudioBuffer<float> buffer (2, 512);
            juce::MidiBuffer midi;
            const rt::ArmedScope armed;
            for (int phase = 0; phase < (int) script.size(); ++phase)
            {
                while (released.load() <= phase)
                    std::this_thread::yield();
                const auto& step = script[(size_t) phase];
                if (step.jumpTo >= 0)
                    playHead.time = step.jumpTo;
                for (int block = 0; block < step.blocks; ++block)
                {
                    for (int ch = 0; ch < 2; ++ch)
                        for (int i = 0; i < 512; ++i)
                            buffer.setSample (ch, i, (float) ((block * 512 + i) % 1000) / 1000.0f - 0.5f * (float) ch);
                    playHead.isPlaying = step.playing;
                    processor->setNonRealtime (step.offline); // the VST3 and LV2 wrappers do this every block
                    processor->processBlock (buffer, midi);
                    if (buffer.getSample (1, 511) != (float) ((block * 512 + 511) % 1000) / 1000.0f - 0.5f)
                        passThroughIntact = false;
                    if (step.playing)
                        playHead.time += 512;
                }
                finished.store (phase + 1);
            }
        });

    for (int phase = 0; phase < (int) script.size(); ++phase)
    {
        if (script[(size_t) phase].control)
            script[(size_t) phase].control (*processor);
        released.store (phase + 1);
        while (finished.load() <= phase)
            std::this_thread::yield();
    }
    audioThread.join();

    const auto caught = rt::counts();
    CHECK (caught.allocations == 0);
    CHECK (caught.deallocations == 0);
    CHECK (caught.locks == 0);
    CHECK (caught.io == 0);
    CHECK (passThroughIntact);

    // The script really captured what it claims: five takes, each complete, in the formats asked for.
    processor->releaseResources();
    const auto takes = processor->takeLibrary().takes();
    REQUIRE (takes.size() == 5);
    const std::vector<std::pair<int, EndReason>> expected{ { 24, EndReason::playheadJumped },
                                                           { 24, EndReason::transportStopped },
                                                           { 16, EndReason::stopped },
                                                           { 32, EndReason::renderModeChanged },
                                                           { 32, EndReason::transportStopped } };
    for (size_t i = 0; i < takes.size(); ++i)
    {
        INFO ("take " << i);
        CHECK (takes[i].frames == 40 * 512);
        CHECK (takes[i].lostFrames == 0);
        CHECK (takes[i].settings.bitDepth == expected[i].first);
        CHECK (takes[i].endReason == expected[i].second);
        CHECK (takes[i].file.extension() == (i == 2 ? ".flac" : ".wav"));
    }
    processor.reset();
}

TEST_CASE ("capture: waiting for room in offline render neither allocates nor locks", "[capture][rt]")
{
    TempFolder folder;
    TakeCollector collector;
    EngineOptions options;
    options.takesFolder = folder.path();
    options.onTakeFinished = collector.callback();
    options.fifoSeconds = 0.0005; // 24 frames plus a block: nearly every block waits for the writer
    CaptureEngine engine (options);
    CaptureSettings settings;
    settings.bitDepth = 32;
    engine.setSettings (settings);
    engine.prepare (48000.0, 2, 256);
    const auto signal = makeFloats (2, 96000, 41);

    rt::reset();
    std::thread (
        [&]
        {
            std::array<const float*, 2> channels{};
            BlockInfo info = playing (true);
            const rt::ArmedScope armed;
            for (int position = 0; position < 96000; position += 256)
            {
                channels = { signal[0].data() + position, signal[1].data() + position };
                info.timeInSamples = position;
                engine.process (channels.data(), 2, 256, info);
            }
            info.isPlaying = false;
            engine.process (channels.data(), 2, 0, info);
        })
        .join();

    CHECK (rt::counts().total() == 0);
    engine.release();
    REQUIRE (collector.takes().size() == 1);
    CHECK (collector.takes()[0].frames == 96000);
    CHECK (collector.takes()[0].lostFrames == 0);
    CHECK (bitIdentical (readWithJuce (collector.takes()[0].file, 32, true).floats, signal));
}
