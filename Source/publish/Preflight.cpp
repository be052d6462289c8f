#include "publish/Preflight.h"

#include "preview/FfmpegAudioFormat.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <cmath>

namespace wavelift::publish
{
namespace
{
    std::string minutes (double seconds) { return std::to_string ((long long) std::ceil (seconds / 60.0)) + " min"; }

    std::string gigabytes (std::uint64_t bytes)
    {
        char text[32];
        std::snprintf (text, sizeof (text), "%.2f GB", (double) bytes / 1.0e9);
        return text;
    }
} // namespace

PreflightReport checkUpload (const UploadRequest& request, const std::optional<soundcloud::Me>& account)
{
    PreflightReport report;
    const auto name = request.audioFile.filename().string();
    const auto refuse = [&] (std::string why)
    {
        report.refusal = std::move (why);
        return report;
    };

    if (request.fields.title.find_first_not_of (" \t\r\n") == std::string::npos)
        return refuse ("the track needs a title");

    std::error_code error;
    report.bytes = std::filesystem::file_size (request.audioFile, error);
    if (error)
        return refuse ("cannot read " + name + ": " + error.message());
    if (report.bytes > maxUploadBytes)
        return refuse (name + " is " + gigabytes (report.bytes) + "; SoundCloud takes files up to 4 GB");

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    formats.registerFormat (new preview::FfmpegAudioFormat(), false);
    std::unique_ptr<juce::AudioFormatReader> reader (
        formats.createReaderFor (juce::File (juce::String (request.audioFile.string()))));
    if (reader == nullptr || reader->sampleRate <= 0 || reader->lengthInSamples <= 0)
        return refuse (name + " is not audio Wavelift can read (WAV, AIFF, FLAC, Ogg Vorbis, MP3 or AAC)");

    report.formatName = reader->getFormatName().toStdString();
    report.durationSeconds = (double) reader->lengthInSamples / reader->sampleRate;

    // A truncated file says it is longer than it is: make sure its last samples really decode.
    juce::AudioBuffer<float> tail ((int) std::max (1u, reader->numChannels), 1024);
    const auto tailStart = std::max<juce::int64> (0, reader->lengthInSamples - tail.getNumSamples());
    const bool tailReads = reader->read (&tail, 0, tail.getNumSamples(), tailStart, true, true);
    // JUCE's WAV reader trusts the header's data length and reads missing bytes as silence: compare with the file.
    const bool pcmWav = report.formatName.find ("WAV") != std::string::npos;
    const auto declaredBytes = (std::uint64_t) reader->lengthInSamples * reader->numChannels
                               * (std::uint64_t) std::max (1u, reader->bitsPerSample / 8);
    if (!tailReads || (pcmWav && declaredBytes > report.bytes))
        return refuse (name + " is truncated or damaged: its last samples are missing");

    if (report.durationSeconds > maxUploadSeconds)
        return refuse (name + " is " + minutes (report.durationSeconds)
                       + " long; SoundCloud takes up to 24 hours of audio per track");

    if (request.fields.artwork && !imageContentType (*request.fields.artwork))
        return refuse ("the artwork " + request.fields.artwork->filename().string()
                       + " is neither a PNG nor a JPEG image");

    if (account && !account->unlimitedUploadQuota && account->uploadSecondsLeft
        && (double) *account->uploadSecondsLeft < report.durationSeconds)
        return refuse ("your SoundCloud upload quota has " + minutes ((double) *account->uploadSecondsLeft)
                       + " left and this track is " + minutes (report.durationSeconds));

    const bool uncompressed =
        report.formatName.find ("WAV") != std::string::npos || report.formatName.find ("AIFF") != std::string::npos;
    report.suggestFlac = uncompressed && report.bytes > suggestFlacAboveBytes;
    return report;
}
} // namespace wavelift::publish
