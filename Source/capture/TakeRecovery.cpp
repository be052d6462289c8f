#include "capture/TakeRecovery.h"

#include "capture/FlacEncoder.h"
#include "capture/PcmSpool.h"
#include "capture/TakeJournal.h"
#include "capture/WavRepair.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <array>
#include <optional>
#include <vector>

namespace wavelift::capture
{
namespace
{
    std::filesystem::path freeName (std::filesystem::path file)
    {
        const auto stem = file.stem().string(), extension = file.extension().string();
        for (int n = 2; std::filesystem::exists (file); ++n)
            file = file.parent_path() / (stem + " (" + std::to_string (n) + ")" + extension);
        return file;
    }

    std::int64_t framesIn (const std::filesystem::path& file)
    {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        const std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
        return reader != nullptr ? (std::int64_t) reader->lengthInSamples : 0;
    }

    /** Re-encodes the spool into the part file; false when cancelled. */
    bool encodeSpool (const JournalEntry& entry, std::int64_t& frames, const std::atomic<bool>* cancel)
    {
        PcmSpoolReader spool (entry.spoolFile);
        const auto& settings = entry.take.settings;
        FlacEncoder encoder (entry.partFile, spool.sampleRate(), spool.channels(), spool.bitsPerSample(),
                             settings.flacLevel,
                             { { "ENCODED_BY", "Wavelift (recovered)" }, { "DATE", entry.take.startedAt } });

        constexpr int chunk = 1 << 14;
        std::vector<std::vector<std::int32_t>> buffers ((size_t) spool.channels(), std::vector<std::int32_t> (chunk));
        std::array<std::int32_t*, 64> pointers{};
        for (size_t ch = 0; ch < buffers.size(); ++ch)
            pointers[ch] = buffers[ch].data();

        while (const int n = spool.read (pointers.data(), chunk))
        {
            if (cancel != nullptr && cancel->load())
                return false;
            encoder.write (pointers.data(), n);
        }
        encoder.finish();
        frames = spool.frames();
        return true;
    }

    /** Brings one abandoned take to its final file; nullopt when cancelled. Throws when it cannot. */
    std::optional<TakeRecord> recover (const JournalEntry& entry, const std::atomic<bool>* cancel)
    {
        TakeRecord take = entry.take;
        take.recovered = true;
        take.endReason = EndReason::interrupted;
        take.error = "the recording process ended mid-take; the take was repaired on the next start";

        const bool hasSpool = !entry.spoolFile.empty() && std::filesystem::exists (entry.spoolFile);
        const bool hasPart = std::filesystem::exists (entry.partFile);

        if (!hasPart && !hasSpool)
        {
            if (!std::filesystem::exists (take.file))
                throw std::runtime_error ("nothing of take " + take.id + " reached the disk");
            take.frames = framesIn (take.file); // finished, but ended before the library heard of it
            take.error.clear();
            return take;
        }

        if (take.settings.format == FileFormat::flac)
        {
            if (!hasSpool)
                throw std::runtime_error ("the spool of FLAC take " + take.id + " is missing");
            if (!encodeSpool (entry, take.frames, cancel))
                return std::nullopt;
        }
        else
            take.frames = repairWavHeader (entry.partFile).frames;

        take.file = freeName (take.file);
        std::filesystem::rename (entry.partFile, take.file);
        if (hasSpool)
            std::filesystem::remove (entry.spoolFile);
        return take;
    }

    /** Journal notes whose writer died before it could lock them (a crash inside TakeJournal's constructor). */
    void removeStalePendingNotes (const std::filesystem::path& folder)
    {
        std::error_code error;
        for (const auto& item : std::filesystem::directory_iterator (folder, error))
            if (item.path().extension() == ".pending")
                if (const auto lock = FileLock::tryAcquire (item.path()))
                    std::filesystem::remove (item.path(), error);
    }
} // namespace

TakeRecovery::Report TakeRecovery::run (const std::filesystem::path& takesFolder,
                                        const std::function<void (const TakeRecord&)>& onRecovered,
                                        const std::atomic<bool>* cancel)
{
    Report report;
    const auto journalFolder = TakeJournal::folderIn (takesFolder);
    if (!std::filesystem::is_directory (journalFolder))
        return report;

    removeStalePendingNotes (journalFolder);
    for (auto& claimed : TakeJournal::claimAbandoned (journalFolder))
    {
        if (cancel != nullptr && cancel->load())
            break;
        try
        {
            const auto take = recover (claimed.entry, cancel);
            if (!take)
                break; // cancelled: the journal stays for next time
            if (onRecovered)
                onRecovered (*take);
            report.recovered.push_back (*take);
        }
        catch (const std::exception& e)
        {
            report.problems.push_back ("take " + claimed.entry.take.id + ": " + e.what());
        }
        std::error_code ignored;
        std::filesystem::remove (claimed.file, ignored);
    }
    return report;
}

BackgroundRecovery::BackgroundRecovery (std::filesystem::path takesFolder,
                                        std::function<void (const TakeRecord&)> onRecovered)
    : thread (
        [this, folder = std::move (takesFolder), callback = std::move (onRecovered)]
        {
            juce::Thread::setCurrentThreadName ("Wavelift recovery");
            try
            {
                report = TakeRecovery::run (folder, callback, &cancelled);
            }
            catch (const std::exception& e)
            {
                report.problems.push_back (e.what());
            }
        })
{
}

BackgroundRecovery::~BackgroundRecovery()
{
    cancelled.store (true);
    if (thread.joinable())
        thread.join();
}

const TakeRecovery::Report& BackgroundRecovery::wait()
{
    if (thread.joinable())
        thread.join();
    return report;
}
} // namespace wavelift::capture
