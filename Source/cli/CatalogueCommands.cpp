// search, resolve, tracks and preview: reading SoundCloud, as the signed-in user or app-only.
#include "cli/CatalogueCommands.h"
#include "cli/Arguments.h"
#include "cli/CommandSupport.h"
#include "cli/ServiceAccess.h"
#include "preview/TrackStream.h"
#include "soundcloud/ApiError.h"
#include "soundcloud/TagList.h"

#include <juce_audio_formats/juce_audio_formats.h>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>
#include <thread>

namespace wavelift::cli
{
namespace
{
    nlohmann::json trackJson (const soundcloud::Track& track)
    {
        return { { "urn", track.urn },
                 { "title", track.title },
                 { "user", track.user.username },
                 { "user_urn", track.user.urn },
                 { "duration_ms", track.durationMs },
                 { "access", soundcloud::toString (track.access) },
                 { "sharing", track.sharing },
                 { "genre", track.genre },
                 { "tags", track.tags },
                 { "permalink_url", track.permalinkUrl },
                 { "created_at", track.createdAt ? soundcloud::formatTimestamp (*track.createdAt) : "" } };
    }

    std::string duration (std::int64_t milliseconds)
    {
        const auto seconds = milliseconds / 1000;
        std::ostringstream text;
        text << seconds / 60 << ':' << std::setw (2) << std::setfill ('0') << seconds % 60;
        return text.str();
    }

    void printTracks (const Invocation& invocation, const soundcloud::TrackList& list, bool json)
    {
        if (json)
        {
            auto array = nlohmann::json::array();
            for (const auto& track : list.tracks)
                array.push_back (trackJson (track));
            invocation.out << array.dump (2) << '\n';
        }
        else
            for (const auto& track : list.tracks)
                invocation.out << track.urn << "  " << std::setw (6) << duration (track.durationMs) << "  " << std::left
                               << std::setw (8) << soundcloud::toString (track.access) << std::right << "  "
                               << track.user.username << " - " << track.title << '\n';

        invocation.err << list.tracks.size() << " track" << (list.tracks.size() == 1 ? "" : "s") << " from "
                       << list.pages << " page" << (list.pages == 1 ? "" : "s") << " (" << toString (list.stop)
                       << ")\n";
    }

    int search (const Invocation& invocation)
    {
        static const char* usage = "wavelift search QUERY [--limit N] [--pages N] [--genre G]... [--tag T]... "
                                   "[--access LIST] [--json]";
        return runCommand (invocation, usage,
                           [&] (Arguments& args)
                           {
                               soundcloud::SearchQuery query;
                               query.limit = (int) args.integer ("limit", 1, 200).value_or (50);
                               const auto pages = (int) args.integer ("pages", 1, 100).value_or (1);
                               query.genres = args.options ("genre");
                               query.tags = args.options ("tag");
                               query.access = args.option ("access").value_or ("playable,preview");
                               const bool json = args.flag ("json");
                               query.text = args.positional ("QUERY");
                               args.finish();

                               ServiceAccess access (loadConfig(), ServiceAccess::Need::userOrAppOnly, invocation.err);
                               printTracks (invocation, access.api->searchTracks (query, pages), json);
                               return exitOk;
                           });
    }

    int tracks (const Invocation& invocation)
    {
        static const char* usage = "wavelift tracks [--user URN] [--limit N] [--pages N] [--json]";
        return runCommand (
            invocation, usage,
            [&] (Arguments& args)
            {
                const auto user = args.option ("user");
                const auto limit = (int) args.integer ("limit", 1, 200).value_or (50);
                const auto pages = (int) args.integer ("pages", 1, 100).value_or (1);
                const bool json = args.flag ("json");
                args.finish();

                ServiceAccess access (loadConfig(),
                                      user ? ServiceAccess::Need::userOrAppOnly : ServiceAccess::Need::user,
                                      invocation.err);
                printTracks (invocation,
                             user ? access.api->userTracks (*user, limit, pages) : access.api->myTracks (limit, pages),
                             json);
                return exitOk;
            });
    }

    int resolve (const Invocation& invocation)
    {
        static const char* usage = "wavelift resolve URL [--json]";
        return runCommand (invocation, usage,
                           [&] (Arguments& args)
                           {
                               const bool json = args.flag ("json");
                               const auto url = args.positional ("URL");
                               args.finish();

                               ServiceAccess access (loadConfig(), ServiceAccess::Need::userOrAppOnly, invocation.err);
                               const auto track = access.api->resolve (url);
                               if (json)
                                   invocation.out << trackJson (track).dump (2) << '\n';
                               else
                                   invocation.out << track.urn << '\n'
                                                  << "title: " << track.title << '\n'
                                                  << "user: " << track.user.username << '\n'
                                                  << "duration: " << duration (track.durationMs) << '\n'
                                                  << "access: " << soundcloud::toString (track.access) << '\n'
                                                  << "permalink: " << track.permalinkUrl << '\n';
                               return exitOk;
                           });
    }

    int preview (const Invocation& invocation)
    {
        static const char* usage =
            "wavelift preview URN --out OUT.wav [--seconds S] [--stream aac160|aac96|preview] [--wait S]";
        return runCommand (
            invocation, usage,
            [&] (Arguments& args)
            {
                const auto out = args.option ("out");
                const auto seconds = args.number ("seconds", 0.1, 24.0 * 3600.0);
                const auto streamName = args.option ("stream");
                const auto waitSeconds = args.number ("wait", 0.0, 3600.0).value_or (0.0);
                const auto urn = args.positional ("URN");
                args.finish();
                if (!out)
                    throw UsageError ("--out is required");

                std::optional<preview::StreamKind> only;
                if (streamName == "aac160")
                    only = preview::StreamKind::hlsAac160;
                else if (streamName == "aac96")
                    only = preview::StreamKind::hlsAac96;
                else if (streamName == "preview")
                    only = preview::StreamKind::previewMp3;
                else if (streamName)
                    throw UsageError ("--stream takes aac160, aac96 or preview");

                ServiceAccess access (loadConfig(), ServiceAccess::Need::userOrAppOnly, invocation.err);
                preview::TrackStreamOpener opener (*access.api);
                // A fresh upload has no streams until SoundCloud has transcoded it, and nothing says when: poll.
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double> (waitSeconds);
                std::optional<preview::OpenedStream> opened;
                while (!opened)
                {
                    try
                    {
                        opened = opener.open (urn, {}, only);
                    }
                    catch (const preview::NoStreamAvailable&)
                    {
                        if (std::chrono::steady_clock::now() >= deadline)
                            throw;
                        std::this_thread::sleep_for (std::chrono::seconds (1));
                    }
                }
                auto stream = std::move (*opened);
                auto& reader = *stream.reader;

                auto frames = reader.lengthInSamples;
                if (seconds)
                    frames = std::min<juce::int64> (frames, (juce::int64) (*seconds * reader.sampleRate));

                const juce::File file (juce::File::getCurrentWorkingDirectory().getChildFile (juce::String (*out)));
                file.deleteFile();
                std::unique_ptr<juce::AudioFormatWriter> writer (juce::WavAudioFormat().createWriterFor (
                    file.createOutputStream().release(), reader.sampleRate, reader.numChannels, 32, {}, 0));
                if (writer == nullptr)
                    throw std::runtime_error ("cannot write " + file.getFullPathName().toStdString());

                float peak = 0.0f;
                juce::AudioBuffer<float> block ((int) reader.numChannels, 16384);
                for (juce::int64 at = 0; at < frames; at += block.getNumSamples())
                {
                    const auto count = (int) std::min<juce::int64> (block.getNumSamples(), frames - at);
                    if (!reader.read (&block, 0, count, at, true, true))
                        throw std::runtime_error ("decoding stopped at " + std::to_string (at / reader.sampleRate)
                                                  + " s");
                    peak = std::max (peak, block.getMagnitude (0, count));
                    writer->writeFromAudioSampleBuffer (block, 0, count);
                }
                writer.reset();

                invocation.out << "stream: " << stream.label << '\n'
                               << "rate: " << reader.sampleRate << " Hz, channels: " << reader.numChannels << '\n'
                               << "decoded: " << std::fixed << std::setprecision (3)
                               << (double) frames / reader.sampleRate << " s (" << frames << " frames)\n"
                               << "peak: " << std::setprecision (2) << juce::Decibels::gainToDecibels (peak, -200.0f)
                               << " dBFS\n"
                               << "written: " << file.getFullPathName() << '\n';
                return exitOk;
            });
    }
} // namespace

Command searchCommand()
{
    return { "search", "search QUERY [--limit N] [--pages N] [--json]", "Search SoundCloud's tracks", search };
}

Command resolveCommand()
{
    return { "resolve", "resolve URL [--json]", "Look up a soundcloud.com track URL", resolve };
}

Command tracksCommand()
{
    return { "tracks", "tracks [--user URN] [--json]", "List your tracks (or a user's)", tracks };
}

Command previewCommand()
{
    return { "preview", "preview URN --out OUT.wav [--seconds S]", "Decode a track's stream into a WAV file", preview };
}
} // namespace wavelift::cli
