#include "capture/TakeSession.h"

#include <array>

namespace wavelift::capture
{
TakeSession::TakeSession (const Start& start)
    : take (start.take)
    , files (start.files)
    , converter (start.take.settings.isFloat() ? 24 : start.take.settings.bitDepth, start.take.settings.ditherApplies(),
                 start.ditherSeed)
    , checkpointFrames (std::max<std::int64_t> (1, start.checkpointFrames))
{
    take.frames = 0;
    const auto buffers = (size_t) take.channels;
    if (take.settings.isFloat())
        floats.assign (buffers, std::vector<float> (chunkFrames));
    else
        integers.assign (buffers, std::vector<std::int32_t> (chunkFrames));

    try
    {
        journal.emplace (start.journalFolder, JournalEntry{ take, files.partFile, files.spoolFile });
        writer = createTakeFileWriter (files, { take.settings, take.sampleRate, start.layout }, take);
    }
    catch (const std::exception& e)
    {
        fail (e);
    }
}

void TakeSession::write (const float* const* channels, int frames)
{
    for (int done = 0; done < frames;)
    {
        const int n = std::min (chunkFrames, frames - done);
        if (writer == nullptr)
        {
            failedFrames += n;
            done += n;
            continue;
        }

        try
        {
            std::array<const float*, maxChannels> floatPointers{};
            std::array<const std::int32_t*, maxChannels> integerPointers{};
            for (int ch = 0; ch < take.channels; ++ch)
            {
                if (take.settings.isFloat())
                {
                    take.sanitisedSamples +=
                        SampleConverter::toFloats (channels[ch] + done, floats[(size_t) ch].data(), n);
                    floatPointers[(size_t) ch] = floats[(size_t) ch].data();
                }
                else
                {
                    take.sanitisedSamples +=
                        converter.toIntegers (channels[ch] + done, integers[(size_t) ch].data(), n);
                    integerPointers[(size_t) ch] = integers[(size_t) ch].data();
                }
            }

            if (take.settings.isFloat())
                writer->writeFloats (floatPointers.data(), n);
            else
                writer->writeIntegers (integerPointers.data(), n);
            take.frames += n;

            framesSinceCheckpoint += n;
            if (framesSinceCheckpoint >= checkpointFrames)
            {
                writer->checkpoint();
                framesSinceCheckpoint = 0;
            }
        }
        catch (const std::exception& e)
        {
            failedFrames += n;
            fail (e);
        }
        done += n;
    }
}

void TakeSession::fail (const std::exception& e)
{
    if (take.error.empty())
        take.error = e.what(); // the first error is the one that explains the rest
    writer.reset();            // what was written stays readable: WAV rewrites its header, FLAC finishes its stream
}

void TakeSession::finish (EndReason reason, std::int64_t framesLostBeforeTheWriter,
                          const std::function<void (const TakeRecord&)>& publish)
{
    take.endReason = reason;
    take.lostFrames = framesLostBeforeTheWriter + failedFrames;

    try
    {
        if (writer != nullptr)
            writer->finish();
        else if (std::filesystem::exists (files.partFile))
        {
            // Keep what a failed take managed to write, under its final name.
            std::filesystem::rename (files.partFile, files.finalFile);
            if (!files.spoolFile.empty())
                std::filesystem::remove (files.spoolFile);
        }
        else
            take.file.clear(); // nothing reached the disk
    }
    catch (const std::exception& e)
    {
        if (take.error.empty())
            take.error = e.what();
    }
    writer.reset();

    if (publish)
        publish (take);
    if (journal)
        journal->complete();
}
} // namespace wavelift::capture
