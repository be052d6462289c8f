// Capture's two promises in figures: what it costs the audio thread, and how fast a FLAC bounce is written.
#include "Benchmark.h"

#include "capture/Bounce.h"
#include "capture/CaptureEngine.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>

namespace
{
using namespace wavelift::bench;
using namespace wavelift::capture;

/** A scratch folder for one benchmark, removed afterwards. */
struct ScratchFolder
{
    ScratchFolder()
        : folder (juce::File::createTempFile ("wavelift-capture-bench"))
    {
        folder.createDirectory();
    }
    ~ScratchFolder() { folder.deleteRecursively(); }
    std::filesystem::path operator/ (const std::string& name) const
    {
        return folder.getChildFile (name).getFullPathName().toStdString();
    }

    juce::File folder;
};

/** Parks the writer thread while the audio thread is measured, so the figure is the audio thread's alone. */
class WriterGate
{
public:
    std::function<void()> hook()
    {
        return [this]
        {
            std::unique_lock lock (mutex);
            parked = true;
            changed.notify_all();
            changed.wait (lock, [this] { return open; });
            parked = false;
        };
    }

    /** Closes the gate and waits until the writer is parked at it. */
    void closeAndWait()
    {
        std::unique_lock lock (mutex);
        open = false;
        changed.wait (lock, [this] { return parked; });
    }

    void release()
    {
        {
            const std::lock_guard lock (mutex);
            open = true;
        }
        changed.notify_all();
    }

private:
    std::mutex mutex;
    std::condition_variable changed;
    bool open = true, parked = false;
};

constexpr int blockSize = 512, blocksPerRun = 90; // a run is < 1 s of audio: it never fills the 4 s FIFO

/** An engine recording (float WAV, manual arm) at 48 kHz with 512-frame blocks, plus the same block copied by a
    plain memcpy into a buffer the size of the engine's FIFO, advancing and wrapping as the FIFO does. */
struct CaptureRig
{
    explicit CaptureRig (int numChannels)
        : channels (numChannels)
    {
        EngineOptions options;
        options.takesFolder = scratch.folder.getFullPathName().toStdString();
        options.beforeWriterPass = gate.hook();
        engine.emplace (options);
        CaptureSettings settings;
        settings.bitDepth = 32;
        settings.followTransport = false;
        engine->setSettings (settings);
        engine->prepare (48000.0, channels, blockSize);
        engine->arm();

        std::mt19937 random (1);
        std::uniform_real_distribution<float> sample (-1.0f, 1.0f);
        block.assign ((size_t) channels, std::vector<float> (blockSize));
        for (auto& channel : block)
        {
            for (auto& s : channel)
                s = sample (random);
            pointers.push_back (channel.data());
        }
        fifoSized.assign ((size_t) channels, std::vector<float> ((size_t) engine->fifoCapacityFrames() + blockSize));
        info.hasTransport = true;
        info.isPlaying = true;
    }

    ~CaptureRig()
    {
        gate.release();
        engine->stop();
        engine->process (pointers.data(), channels, 0, info);
        engine->release();
    }

    void capture (int blocks)
    {
        for (int b = 0; b < blocks; ++b)
            engine->process (pointers.data(), channels, blockSize, info);
        pushed += (std::uint64_t) (blocks * blockSize);
    }

    void copy (int blocks)
    {
        const auto fifoFrames = (size_t) engine->fifoCapacityFrames();
        for (int b = 0; b < blocks; ++b)
        {
            for (int ch = 0; ch < channels; ++ch)
                std::memcpy (fifoSized[(size_t) ch].data() + position, block[(size_t) ch].data(),
                             sizeof (float) * blockSize);
            position = (position + blockSize) % fifoFrames;
        }
    }

    /** Lets the writer take everything captured so far. */
    void drain()
    {
        gate.release();
        engine->waitUntilWritten (pushed, std::chrono::seconds (60));
    }

    ScratchFolder scratch;
    WriterGate gate;
    std::optional<CaptureEngine> engine;
    int channels;
    std::vector<std::vector<float>> block, fifoSized;
    std::vector<const float*> pointers;
    BlockInfo info;
    std::uint64_t pushed = 0;
    size_t position = 0;
};
} // namespace

// The code callgrind counts (by these names): one run of the audio thread's capture, and its memcpy reference.
extern "C" __attribute__ ((noinline)) void wavelift_probe_capture (CaptureRig* rig) { rig->capture (blocksPerRun); }
extern "C" __attribute__ ((noinline)) void wavelift_probe_memcpy (CaptureRig* rig) { rig->copy (blocksPerRun); }

namespace
{
/** In the child the instruction benchmark starts under callgrind: one warm-up run, then the probe. */
std::vector<Measurement> runProbe (bool capture)
{
    const char* channels = std::getenv ("WAVELIFT_CAPTURE_PROBE_CHANNELS");
    if (channels == nullptr)
        return {}; // only ever run as the child of capture.audio-thread-cost
    CaptureRig rig (std::atoi (channels));
    rig.capture (blocksPerRun);
    rig.copy (blocksPerRun);
    rig.drain();
    rig.gate.closeAndWait();
    if (capture)
        wavelift_probe_capture (&rig);
    else
        wavelift_probe_memcpy (&rig);
    return {};
}

/** Instructions callgrind counts inside the probe function, per sample; nullopt without valgrind. */
std::optional<double> instructionsPerSample (const char* probe, int channels, const ScratchFolder& scratch)
{
    const auto self = juce::File::getSpecialLocation (juce::File::currentExecutableFile).getFullPathName();
    const auto log = scratch / (std::string (probe) + ".log");
    const auto command = "WAVELIFT_CAPTURE_PROBE_CHANNELS=" + std::to_string (channels)
                         + " valgrind --tool=callgrind --collect-atstart=no --toggle-collect=wavelift_probe_" + probe
                         + " --callgrind-out-file=/dev/null --log-file='" + log.string() + "' '" + self.toStdString()
                         + "' capture.probe-" + probe + " > /dev/null 2>&1";
    if (std::system (command.c_str()) != 0)
        return std::nullopt;

    const auto text = juce::File (log.string()).loadFileAsString();
    const auto collected =
        text.fromFirstOccurrenceOf ("Collected : ", false, false).upToFirstOccurrenceOf ("\n", false, false);
    if (collected.isEmpty())
        return std::nullopt;
    return collected.removeCharacters (",").getLargeIntValue() / (double) (blocksPerRun * blockSize * channels);
}

std::vector<Measurement> audioThreadCost (int channels)
{
    std::vector<Measurement> rows;
    const double samples = (double) blocksPerRun * blockSize * channels;
    const auto label = "512 x " + std::to_string (channels) + "ch";

    // Instruction counts under callgrind: what the audio thread executes, free of the machine's noise.
    {
        ScratchFolder scratch;
        const auto ours = instructionsPerSample ("capture", channels, scratch);
        const auto reference = instructionsPerSample ("memcpy", channels, scratch);
        Measurement m;
        m.name = "capture.process instructions/sample, " + label;
        m.unit = "ins";
        m.ours = ours.value_or (0);
        m.reference = reference.value_or (0);
        m.referenceName = "memcpy to FIFO-sized buf";
        m.target = "<= 2.0x";
        m.meetsTarget = ours && reference && *ours <= 2.0 * *reference;
        m.note = ours && reference ? "callgrind, one run of " + std::to_string (blocksPerRun) + " blocks, recording"
                                   : "valgrind is missing or failed (scripts/packages.txt installs it)";
        rows.push_back (m);
    }

    // Wall time, best of many runs: includes what instruction counts cannot see (cache misses, and the FIFO's
    // cache lines moving to the writer's core and back).
    {
        constexpr int runs = 300;
        CaptureRig rig (channels);
        double best = 1.0e300;
        for (int run = 0; run < runs; ++run)
        {
            rig.gate.closeAndWait();
            const auto start = std::chrono::steady_clock::now();
            rig.capture (blocksPerRun);
            best = std::min (best, std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count());
            rig.drain();
        }
        const auto lost = rig.engine->status().takeLostFrames;
        const double reference = bestSeconds (runs, [&] { rig.copy (blocksPerRun); });

        Measurement m;
        m.name = "capture.process wall time/sample, " + label;
        m.unit = "ns";
        m.ours = best / samples * 1.0e9;
        m.reference = reference / samples * 1.0e9;
        m.referenceName = "memcpy to FIFO-sized buf";
        m.note = "informative; best of " + std::to_string (runs) + " runs of " + std::to_string (blocksPerRun)
                 + " blocks; lost " + std::to_string (lost);
        rows.push_back (m);
    }
    return rows;
}

std::vector<Measurement> audioThreadCosts()
{
    auto rows = audioThreadCost (2);
    for (auto& row : audioThreadCost (8))
        rows.push_back (row);
    return rows;
}

/** Two minutes of 24-bit stereo that compresses like music: tones, a slow envelope and some noise. */
std::filesystem::path writeMusicLikeInput (const ScratchFolder& scratch, double seconds)
{
    constexpr double rate = 44100.0;
    const auto frames = (int) (seconds * rate);
    const auto file = scratch / "input.wav";
    juce::WavAudioFormat wav;
    auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
    std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (stream.get(), rate, 2, 24, {}, 0));
    stream.release();

    std::mt19937 random (9);
    std::normal_distribution<float> noise (0.0f, 0.01f);
    juce::AudioBuffer<float> buffer (2, 4096);
    for (int position = 0; position < frames; position += 4096)
    {
        const int n = std::min (4096, frames - position);
        for (int ch = 0; ch < 2; ++ch)
            for (int i = 0; i < n; ++i)
            {
                const double t = (position + i) / rate;
                const double envelope = 0.5 + 0.4 * std::sin (2.0 * juce::MathConstants<double>::pi * 0.2 * t);
                const double tone = std::sin (2.0 * juce::MathConstants<double>::pi * (220.0 + 3.0 * ch) * t)
                                    + 0.5 * std::sin (2.0 * juce::MathConstants<double>::pi * 330.0 * t)
                                    + 0.25 * std::sin (2.0 * juce::MathConstants<double>::pi * 1760.0 * t);
                buffer.setSample (ch, i, (float) (0.3 * envelope * tone) + noise (random));
            }
        writer->writeFromAudioSampleBuffer (buffer, 0, n);
    }
    return file;
}

std::vector<Measurement> flacBounceThroughput()
{
    constexpr double seconds = 120.0;
    constexpr int repeats = 5;
    ScratchFolder scratch;
    const auto input = writeMusicLikeInput (scratch, seconds);
    std::vector<Measurement> rows;

    for (const int level : { 0, 5, 8 })
    {
        BounceOptions options;
        options.input = input;
        options.output = scratch / "ours.flac";
        options.settings.format = FileFormat::flac;
        options.settings.bitDepth = 24;
        options.settings.flacLevel = level;
        options.takesFolder = scratch / "takes";
        options.analyse = false;

        // Alternate the two, so both see the same moments of a busy machine; keep each one's best.
        const auto reference = scratch / "flac.flac";
        const auto command = "flac --silent --force -" + std::to_string (level) + " -o '" + reference.string() + "' '"
                             + input.string() + "'";
        std::int64_t lost = 0;
        bool toolFailed = false;
        double ours = 1.0e300, tool = 1.0e300;
        for (int repeat = 0; repeat < repeats; ++repeat)
        {
            ours = std::min (ours, bestSeconds (1, [&] { lost += bounce (options).take.lostFrames; }));
            tool = std::min (tool, bestSeconds (1, [&] { toolFailed |= std::system (command.c_str()) != 0; }));
        }

        Measurement m;
        m.name = "capture.flac-bounce 24-bit stereo, level " + std::to_string (level);
        m.unit = "x RT";
        m.ours = seconds / ours;
        m.reference = seconds / tool;
        m.referenceName = "flac -" + std::to_string (level) + " (CLI)";
        m.target = ">= 1.0x";
        m.higherIsBetter = true;
        m.meetsTarget = !toolFailed && lost == 0 && m.ours >= m.reference;
        m.note = "best of " + std::to_string (repeats) + ", alternating, on 120 s; "
                 + std::to_string (std::filesystem::file_size (options.output)) + " vs "
                 + std::to_string (std::filesystem::file_size (reference)) + " bytes";
        rows.push_back (m);

        if (level == 5)
        {
            // What `wavelift bounce` does in full: the bounce plus EBU R128 analysis of the result.
            options.analyse = true;
            const double withAnalysis = bestSeconds (repeats, [&] { bounce (options); });
            Measurement full = m;
            full.name = "capture.flac-bounce level 5, with loudness analysis";
            full.ours = seconds / withAnalysis;
            full.target.clear();
            full.meetsTarget = true;
            full.note = "informative: the CLI's whole job";
            rows.push_back (full);
        }
    }
    return rows;
}

const Registration audioThread ("capture.audio-thread-cost", audioThreadCosts);
const Registration probeCapture ("capture.probe-capture", [] { return runProbe (true); });
const Registration probeMemcpy ("capture.probe-memcpy", [] { return runProbe (false); });
const Registration flacBounce ("capture.flac-bounce", flacBounceThroughput);
} // namespace
