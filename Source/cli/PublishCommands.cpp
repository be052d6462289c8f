// upload and outbox: publishing takes through the persisted outbox, so an interrupted upload resumes next time.
#include "capture/TakeLibrary.h"
#include "cli/Arguments.h"
#include "cli/CatalogueCommands.h"
#include "cli/CommandSupport.h"
#include "cli/ServiceAccess.h"
#include "core/Paths.h"
#include "publish/Outbox.h"
#include "publish/Preflight.h"
#include "soundcloud/ApiError.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <mutex>
#include <ostream>

namespace wavelift::cli
{
namespace
{
    std::string megabytes (std::uint64_t bytes)
    {
        std::ostringstream text;
        text << std::fixed << std::setprecision (1) << (double) bytes / 1.0e6 << " MB";
        return text.str();
    }

    nlohmann::json resultJson (const publish::OutboxJob& job)
    {
        nlohmann::json json{ { "job", job.id }, { "state", publish::toString (job.state) } };
        if (job.result)
        {
            json["urn"] = job.result->urn;
            json["permalink_url"] = job.result->permalinkUrl;
            json["secret_uri"] = job.result->secretUri;
            json["sharing"] = job.result->sharing;
            json["title"] = job.result->title;
            if (!job.result->artworkProblem.empty())
                json["artwork_problem"] = job.result->artworkProblem;
        }
        if (!job.lastError.empty())
            json["error"] = job.lastError;
        return json;
    }

    /** When the file is a take in the library, records the track it became there. */
    void linkTakeInLibrary (const std::filesystem::path& file, const publish::PublishedTrack& track, std::ostream& err)
    {
        capture::TakeLibrary library (capture::TakeLibrary::defaultFolder());
        std::error_code ignored;
        for (const auto& take : library.takes())
            if (std::filesystem::equivalent (take.file, file, ignored))
            {
                library.linkPublishedTrack (take.id, track.urn, track.permalinkUrl, track.secretUri);
                err << "the take '" << take.file.filename().string() << "' in the library is linked to " << track.urn
                    << '\n';
                return;
            }
    }

    int upload (const Invocation& invocation)
    {
        static const char* usage = "wavelift upload FILE --title T [--tag X]... [--description D] [--genre G] "
                                   "[--sharing public|private] [--downloadable] [--license L] [--artwork IMG] [--json]";
        return runCommand (
            invocation, usage,
            [&] (Arguments& args)
            {
                publish::UploadRequest request;
                request.fields.title = args.option ("title").value_or ("");
                request.fields.tags = args.options ("tag");
                request.fields.description = args.option ("description").value_or ("");
                request.fields.genre = args.option ("genre").value_or ("");
                request.fields.sharing = args.option ("sharing").value_or ("private");
                request.fields.downloadable = args.flag ("downloadable");
                request.fields.license = args.option ("license").value_or ("");
                if (const auto artwork = args.option ("artwork"))
                    request.fields.artwork = std::filesystem::absolute (*artwork);
                const bool json = args.flag ("json");
                request.audioFile = std::filesystem::absolute (args.positional ("FILE"));
                args.finish();
                if (request.fields.sharing != "public" && request.fields.sharing != "private")
                    throw UsageError ("--sharing takes public or private");

                ServiceAccess access (loadConfig(), ServiceAccess::Need::user, invocation.err);

                // Every refusal comes before any byte of the file is sent.
                const auto me = access.api->me();
                const auto report = publish::checkUpload (request, me);
                if (report.refusal)
                {
                    invocation.err << "wavelift: not uploading: " << *report.refusal << '\n';
                    return exitFailure;
                }
                if (report.suggestFlac)
                    invocation.err << "note: " << request.audioFile.filename().string() << " is "
                                   << megabytes (report.bytes)
                                   << " of uncompressed audio; FLAC would upload the same sound in about half the time "
                                      "('wavelift bounce FILE --out FILE.flac').\n";

                publish::Outbox outbox (dataDirectory() / "outbox", *access.api);
                std::mutex printing;
                outbox.setListener (
                    [&] (const publish::OutboxJob& job)
                    {
                        if (job.state != publish::JobState::uploading || json)
                            return;
                        const std::lock_guard lock (printing);
                        const auto& p = job.progress;
                        invocation.err << "\r" << megabytes (p.bytesSent) << " / " << megabytes (p.bytesTotal) << "  "
                                       << megabytes ((std::uint64_t) p.bytesPerSecond) << "/s";
                        if (p.secondsLeft)
                            invocation.err << "  " << (int) *p.secondsLeft << " s left   ";
                        if (p.bodyComplete)
                            invocation.err << "  processing on SoundCloud...";
                        invocation.err.flush();
                    });
                const auto id = outbox.add (request);
                outbox.start();
                const auto job = outbox.waitForFinish (id, std::chrono::hours (24));
                invocation.err << '\n';
                outbox.stop();

                if (json)
                    invocation.out << resultJson (*job).dump (2) << '\n';
                if (job->state != publish::JobState::done || !job->result)
                {
                    invocation.err << "wavelift: upload " << publish::toString (job->state) << ": " << job->lastError
                                   << '\n';
                    return exitFailure;
                }
                if (!json)
                {
                    invocation.out << "permalink: " << job->result->permalinkUrl << '\n'
                                   << "urn: " << job->result->urn << '\n';
                    if (!job->result->secretUri.empty())
                        invocation.out << "secret link: " << job->result->secretUri << '\n';
                }
                if (!job->result->artworkProblem.empty())
                    invocation.err << "wavelift: published, but the artwork was not set: "
                                   << job->result->artworkProblem << '\n';
                linkTakeInLibrary (request.audioFile, *job->result, invocation.err);
                return exitOk;
            });
    }
} // namespace

Command uploadCommand()
{
    return { "upload", "upload FILE --title T [--tag X]...", "Publish an audio file to SoundCloud", upload };
}
} // namespace wavelift::cli
