// Preview against the ffmpeg tool on the same HLS URL: time from "play" to the first decoded audio, and decode CPU
// per second of audio.
#include "Benchmark.h"
#include "helpers/SandboxSession.h"
#include "preview/FfmpegAudioFormat.h"
#include "preview/TrackStream.h"
#include "publish/Uploader.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace
{
using namespace wavelift;
using namespace wavelift::bench;

double cpuSeconds (const rusage& usage)
{
    return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1.0e6 + (double) usage.ru_stime.tv_sec
           + (double) usage.ru_stime.tv_usec / 1.0e6;
}

/** Runs ffmpeg on the URL; returns wall seconds and CPU seconds. */
std::pair<double, double> runFfmpeg (const std::string& url, const char* duration)
{
    std::vector<const char*> argv{ "ffmpeg", "-v", "error", "-nostdin", "-i", url.c_str() };
    if (duration != nullptr)
        argv.insert (argv.end(), { "-t", duration });
    argv.insert (argv.end(), { "-f", "null", "-", nullptr });
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawnp (&pid, "ffmpeg", nullptr, nullptr, const_cast<char**> (argv.data()), environ) != 0)
        throw std::runtime_error ("cannot run ffmpeg");
    int status = 0;
    rusage usage{};
    ::wait4 (pid, &status, 0, &usage);
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        throw std::runtime_error ("ffmpeg failed on the HLS URL");
    return { std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count(), cpuSeconds (usage) };
}

std::vector<Measurement> previewAgainstFfmpeg()
{
    test::SandboxSession session;
    test::TempFolder folder ("bench-preview");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 120.0);
    const auto urn = publish::Uploader (session.api()).upload ({ music, { "bench preview" } }, {}, {}).urn;
    session.server().waitForTranscodes();
    const auto streams = session.api().streams (urn);

    // Time to first audio: resolve the redirector, fetch the playlist and first segment, decode the first block.
    std::vector<double> ourFirst, ffmpegFirst;
    for (int round = 0; round < 5; ++round)
    {
        const auto start = std::chrono::steady_clock::now();
        const auto cdnUrl = session.api().resolveStreamUrl (streams.hlsAac160Url).toString (true).toStdString();
        auto reader = preview::FfmpegAudioReader::open (
            cdnUrl, std::make_shared<preview::CdnByteSourceOpener> (session.http(), nullptr));
        juce::AudioBuffer<float> block (2, 1024);
        reader->read (&block, 0, 1024, 0, true, true);
        ourFirst.push_back (std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count());

        const auto ffmpegStart = std::chrono::steady_clock::now();
        const auto url = session.api().resolveStreamUrl (streams.hlsAac160Url).toString (true).toStdString();
        runFfmpeg (url, "0.03");
        ffmpegFirst.push_back (std::chrono::duration<double> (std::chrono::steady_clock::now() - ffmpegStart).count());
    }

    // Decode CPU for the whole two minutes.
    rusage before{}, after{};
    ::getrusage (RUSAGE_THREAD, &before);
    {
        const auto cdnUrl = session.api().resolveStreamUrl (streams.hlsAac160Url).toString (true).toStdString();
        auto reader = preview::FfmpegAudioReader::open (
            cdnUrl, std::make_shared<preview::CdnByteSourceOpener> (session.http(), nullptr));
        juce::AudioBuffer<float> block (2, 16384);
        for (juce::int64 at = 0; at < reader->lengthInSamples; at += block.getNumSamples())
            reader->read (&block, 0, block.getNumSamples(), at, true, true);
    }
    ::getrusage (RUSAGE_THREAD, &after);
    const double ourCpu = cpuSeconds (after) - cpuSeconds (before);
    const auto url = session.api().resolveStreamUrl (streams.hlsAac160Url).toString (true).toStdString();
    const double ffmpegCpu = runFfmpeg (url, nullptr).second;

    const auto best = [] (const std::vector<double>& v) { return *std::min_element (v.begin(), v.end()); };
    const double audioSeconds = 120.0;
    return {
        { "preview: play to first audio, HLS AAC 160", "ms", best (ourFirst) * 1000, best (ffmpegFirst) * 1000,
          "ffmpeg -i URL -t 0.03", "<= 1.0x", false, best (ourFirst) <= best (ffmpegFirst),
          "best of 5; ffmpeg's includes starting its process" },
        { "preview: decode CPU per second of audio", "ms", ourCpu / audioSeconds * 1000,
          ffmpegCpu / audioSeconds * 1000, "ffmpeg -i URL -f null", "<= 1.0x", false, ourCpu <= ffmpegCpu,
          "ours: this thread, fetch included; ffmpeg: its process" },
    };
}

const Registration registration ("preview.hls-vs-ffmpeg", previewAgainstFfmpeg);
} // namespace
