#include "capture/TakeJson.h"

#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace wavelift::capture
{
namespace
{
    std::optional<EndReason> endReasonFromName (const std::string& name)
    {
        for (auto reason :
             { EndReason::stopped, EndReason::transportStopped, EndReason::playheadJumped, EndReason::renderModeChanged,
               EndReason::modeChanged, EndReason::prepared, EndReason::interrupted })
            if (name == describe (reason))
                return reason;
        return std::nullopt;
    }

    // JSON has no infinity: silence's peaks and loudness are stored as null.
    nlohmann::json finiteOrNull (double value) { return std::isfinite (value) ? nlohmann::json (value) : nullptr; }

    double finiteOr (const nlohmann::json& value, double fallback)
    {
        return value.is_number() ? value.get<double>() : fallback;
    }
} // namespace

nlohmann::json toJson (const TakeRecord& take)
{
    nlohmann::json j{
        { "id", take.id },
        { "file", take.file.string() },
        { "format", formatName (take.settings.format) },
        { "bits", take.settings.bitDepth },
        { "flacLevel", take.settings.flacLevel },
        { "dither", take.settings.ditherApplies() },
        { "sampleRate", take.sampleRate },
        { "channels", take.channels },
        { "frames", take.frames },
        { "lengthSeconds", take.lengthSeconds() },
        { "lostFrames", take.lostFrames },
        { "sanitisedSamples", take.sanitisedSamples },
        { "timelineStart", take.timelineStart },
        { "startedAt", take.startedAt },
        { "host", take.metadata.hostName },
        { "project", take.metadata.projectName },
        { "track", take.metadata.trackName },
        { "endReason", describe (take.endReason) },
        { "recovered", take.recovered },
        { "error", take.error },
    };
    if (!take.publishedTrackUrn.empty())
        j["published"] = { { "urn", take.publishedTrackUrn },
                           { "permalinkUrl", take.publishedPermalinkUrl },
                           { "secretUrl", take.publishedSecretUrl } };
    if (take.figures)
        j["figures"] = { { "samplePeakDbfs", finiteOrNull (take.figures->samplePeakDbfs) },
                         { "truePeakDbtp", finiteOrNull (take.figures->truePeakDbtp) },
                         { "integratedLufs", take.figures->integratedLufs
                                                 ? nlohmann::json (*take.figures->integratedLufs)
                                                 : nlohmann::json (nullptr) } };
    return j;
}

TakeRecord takeFromJson (const nlohmann::json& j)
{
    TakeRecord take;
    take.id = j.at ("id").get<std::string>();
    take.file = j.at ("file").get<std::string>();
    const auto format = formatFromName (j.at ("format").get<std::string>());
    if (!format)
        throw std::runtime_error ("unknown take format in " + take.id);
    take.settings.format = *format;
    take.settings.bitDepth = j.at ("bits").get<int>();
    take.settings.flacLevel = j.value ("flacLevel", 5);
    take.settings.dither = j.value ("dither", false);
    take.sampleRate = j.at ("sampleRate").get<double>();
    take.channels = j.at ("channels").get<int>();
    take.frames = j.value ("frames", std::int64_t{ 0 });
    take.lostFrames = j.value ("lostFrames", std::int64_t{ 0 });
    take.sanitisedSamples = j.value ("sanitisedSamples", std::int64_t{ 0 });
    take.timelineStart = j.value ("timelineStart", std::int64_t{ -1 });
    take.startedAt = j.value ("startedAt", std::string());
    take.metadata = { j.value ("host", std::string()), j.value ("project", std::string()),
                      j.value ("track", std::string()) };
    take.endReason = endReasonFromName (j.value ("endReason", std::string())).value_or (EndReason::stopped);
    take.recovered = j.value ("recovered", false);
    take.error = j.value ("error", std::string());
    if (const auto published = j.find ("published"); published != j.end() && published->is_object())
    {
        take.publishedTrackUrn = published->value ("urn", std::string());
        take.publishedPermalinkUrl = published->value ("permalinkUrl", std::string());
        take.publishedSecretUrl = published->value ("secretUrl", std::string());
    }
    if (const auto figures = j.find ("figures"); figures != j.end() && figures->is_object())
    {
        TakeFigures f;
        f.samplePeakDbfs = finiteOr (figures->value ("samplePeakDbfs", nlohmann::json()), f.samplePeakDbfs);
        f.truePeakDbtp = finiteOr (figures->value ("truePeakDbtp", nlohmann::json()), f.truePeakDbtp);
        if (const auto lufs = figures->value ("integratedLufs", nlohmann::json()); lufs.is_number())
            f.integratedLufs = lufs.get<double>();
        take.figures = f;
    }
    return take;
}

void writeJsonAtomically (const std::filesystem::path& file, const nlohmann::json& j)
{
    auto temporary = file;
    temporary += ".tmp" + std::to_string (::getpid());
    {
        std::ofstream out (temporary, std::ios::trunc);
        out << j.dump (2) << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error ("cannot write " + temporary.string());
    }
    std::filesystem::rename (temporary, file);
}
} // namespace wavelift::capture
