#pragma once

#include "capture/SampleConverter.h"
#include "capture/TakeFileWriter.h"
#include "capture/TakeJournal.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace wavelift::capture
{
/** One take on the writer thread: journals it, converts the captured floats, writes them, checkpoints them for crash
    safety and finishes the file. A file error never throws out of here: it is recorded in the take, and the frames
    that could not be written are counted as lost. */
class TakeSession
{
public:
    struct Start
    {
        TakeRecord take; // id, file, settings, rate, channels, timeline start, time and metadata
        TakeFiles files;
        juce::AudioChannelSet layout;
        std::filesystem::path journalFolder;
        std::uint64_t ditherSeed = 1;
        std::int64_t checkpointFrames = 24000;
    };

    explicit TakeSession (const Start&);

    void write (const float* const* channels, int frames);

    /** Completes the file, hands the finished take to publish, and only then drops the journal: a crash in
        between leaves the take to recovery rather than losing it. */
    void finish (EndReason, std::int64_t framesLostBeforeTheWriter,
                 const std::function<void (const TakeRecord&)>& publish);

    std::int64_t framesWritten() const noexcept { return take.frames; }

    static constexpr int chunkFrames = 8192;

private:
    void fail (const std::exception&);

    TakeRecord take;
    TakeFiles files;
    std::optional<TakeJournal> journal;
    std::unique_ptr<TakeFileWriter> writer;
    SampleConverter converter;
    std::int64_t checkpointFrames, framesSinceCheckpoint = 0, failedFrames = 0;
    std::vector<std::vector<std::int32_t>> integers;
    std::vector<std::vector<float>> floats;
};
} // namespace wavelift::capture
