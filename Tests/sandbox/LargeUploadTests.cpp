// A 1 GiB upload, streamed by the client from a generator and by the server straight to disk: the server's
// memory must stay flat (the test process hosts the server, so its peak RSS is the server's plus curl's).

#include "support/TestSandbox.h"
#include "support/WavGenerator.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
/** A field of /proc/self/status in kB ("VmRSS", "VmHWM"). */
long long procStatusKilobytes (const std::string& name)
{
    std::ifstream status ("/proc/self/status");
    for (std::string line; std::getline (status, line);)
        if (line.starts_with (name + ":"))
            return std::stoll (line.substr (name.size() + 1));
    return -1;
}

/** Resets the peak RSS (VmHWM) to the current RSS (Linux ≥ 4.0). */
bool resetPeakRss()
{
    std::ofstream clearRefs ("/proc/self/clear_refs");
    clearRefs << "5";
    clearRefs.flush();
    return clearRefs.good();
}
} // namespace

TEST_CASE ("sandbox upload - a 1 GiB upload streams to disk with flat server memory", "[sandbox][upload][large]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;

    const WavGenerator wav (1024ull * 1024 * 1024);
    HttpRequest request;
    request.method = "POST";
    request.url = sandbox.api ("/tracks");
    request.headers = { authorizationHeader (token) };
    request.timeoutMilliseconds = 600000;
    request.form.push_back (FormPart::text ("track[title]", "One gigabyte"));
    FormPart asset;
    asset.name = "track[asset_data]";
    asset.filename = "one-gigabyte.wav";
    asset.contentType = "audio/wav";
    asset.size = wav.size();
    asset.generator = [&wav] (char* buffer, std::size_t capacity, std::uint64_t offset)
    { return wav.read (buffer, capacity, offset); };
    request.form.push_back (std::move (asset));

    REQUIRE (resetPeakRss());
    const auto rssBefore = procStatusKilobytes ("VmRSS");
    // The reset worked: the peak now starts from the current RSS, not from earlier in the process.
    REQUIRE (procStatusKilobytes ("VmHWM") - rssBefore < 2048);
    const auto started = std::chrono::steady_clock::now();
    const auto response = perform (request);
    const auto seconds = std::chrono::duration<double> (std::chrono::steady_clock::now() - started).count();
    const auto peakGrowthMb = static_cast<double> (procStatusKilobytes ("VmHWM") - rssBefore) / 1024.0;

    REQUIRE (response.status == 201);
    std::ostringstream figures;
    figures << "1 GiB upload: " << seconds << " s, peak RSS growth " << peakGrowthMb << " MB (RSS before "
            << rssBefore / 1024 << " MB)";
    WARN (figures.str());
    CHECK (peakGrowthMb < 64.0);

    const auto track = response.json();
    CHECK (track.at ("duration") == static_cast<long long> (std::llround (wav.durationSeconds() * 1000)));
    const auto id = std::to_string (track.at ("id").get<long long>());
    const auto stored = sandbox.dataDir() / "assets" / id / "original.wav";
    REQUIRE (std::filesystem::exists (stored));
    CHECK (std::filesystem::file_size (stored) == wav.size());
    // Spot-check the bytes at a few offsets against the generator.
    std::ifstream file (stored, std::ios::binary);
    for (const std::uint64_t offset : { std::uint64_t{ 0 }, std::uint64_t{ 44 }, wav.size() / 3, wav.size() - 4096 })
    {
        char expected[4096];
        char actual[4096];
        const auto n = wav.read (expected, sizeof (expected), offset);
        file.seekg (static_cast<std::streamoff> (offset));
        file.read (actual, static_cast<std::streamsize> (n));
        CHECK (std::string (actual, n) == std::string (expected, n));
    }

    // Deleting cancels the 95-minute transcode and removes the asset.
    HttpRequest remove;
    remove.method = "DELETE";
    remove.url = sandbox.api ("/tracks/soundcloud:tracks:" + id);
    remove.headers = { authorizationHeader (token) };
    CHECK (perform (remove).status == 200);
    server.waitForTranscodes();
    CHECK_FALSE (std::filesystem::exists (stored));
}
