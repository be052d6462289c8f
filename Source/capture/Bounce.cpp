#include "capture/Bounce.h"

#include "capture/CaptureEngine.h"
#include "capture/TakeAnalysis.h"
#include "capture/TakeFileWriter.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

namespace wavelift::capture
{
BounceResult bounce (const BounceOptions& options)
{
    auto settings = options.settings;
    if (const auto format = formatFromExtension (options.output))
        settings.format = *format;
    else
        throw std::runtime_error (options.output.string() + " must end in .wav or .flac");
    settings.followTransport = true;
    if (const auto problem = settings.problem(); !problem.empty())
        throw std::runtime_error (problem);

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> reader (
        formats.createReaderFor (juce::File (std::filesystem::absolute (options.input).string())));
    if (reader == nullptr)
        throw std::runtime_error ("cannot read " + options.input.string() + " as audio");
    const auto channels = (int) reader->numChannels;
    if (channels < 1 || channels > maxChannels)
        throw std::runtime_error (options.input.string() + " has " + std::to_string (channels) + " channels; up to "
                                  + std::to_string (maxChannels) + " can be captured");

    const auto output = std::filesystem::absolute (options.output);
    std::filesystem::create_directories (output.parent_path());

    std::mutex finishedMutex;
    std::optional<TakeRecord> finished;
    EngineOptions engineOptions;
    engineOptions.takesFolder = options.takesFolder;
    engineOptions.ditherSeed = options.seed;
    engineOptions.nameTake = [&] (const TakeRecord&) { return output; };
    engineOptions.metadata = [] { return TakeMetadata{ "wavelift bounce", {}, {} }; };
    engineOptions.onTakeFinished = [&] (const TakeRecord& take)
    {
        const std::lock_guard lock (finishedMutex);
        finished = take;
    };

    CaptureEngine engine (std::move (engineOptions));
    engine.setSettings (settings);
    engine.prepare (reader->sampleRate, channels, options.maxBlockSize, defaultLayout (channels));

    BounceResult result;
    result.inputFrames = reader->lengthInSamples;

    // The host side: a block of random size at a time, as a DAW with a varying buffer would deliver it.
    std::mt19937_64 random (options.seed);
    std::uniform_int_distribution<int> blockSize (1, options.maxBlockSize);
    juce::AudioBuffer<float> block (channels, options.maxBlockSize);
    const auto start = std::chrono::steady_clock::now();

    for (std::int64_t position = 0; position < result.inputFrames;)
    {
        const int n = (int) std::min<std::int64_t> (blockSize (random), result.inputFrames - position);
        reader->read (&block, 0, n, position, true, true);

        BlockInfo info;
        info.nonRealtime = !options.realtime;
        info.hasTransport = true;
        info.isPlaying = true;
        info.timeInSamples = position;
        engine.process (block.getArrayOfReadPointers(), channels, n, info);
        position += n;
        ++result.blocks;

        if (options.realtime)
            std::this_thread::sleep_until (start
                                           + std::chrono::duration<double> ((double) position / reader->sampleRate));
    }

    BlockInfo stopped;
    stopped.nonRealtime = !options.realtime;
    stopped.hasTransport = true;
    stopped.timeInSamples = result.inputFrames;
    engine.process (block.getArrayOfReadPointers(), channels, 0, stopped);
    engine.release(); // the writer finishes the take before this returns

    {
        const std::lock_guard lock (finishedMutex);
        if (!finished)
            throw std::runtime_error ("the engine finished no take");
        result.take = *finished;
    }
    if (options.analyse && !result.take.file.empty())
        result.take.figures = analyseTake (result.take.file);
    return result;
}
} // namespace wavelift::capture
