// Upload throughput and peak memory against the curl tool posting the same 1 GB file to the same sandbox.
#include "Benchmark.h"
#include "helpers/SandboxSession.h"
#include "publish/Uploader.h"

#include <juce_audio_formats/juce_audio_formats.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace
{
using namespace wavelift;
using namespace wavelift::bench;

/** Peak resident memory of this process since the last reset, in bytes. */
std::uint64_t peakResidentBytes()
{
    std::ifstream status ("/proc/self/status");
    for (std::string line; std::getline (status, line);)
        if (line.rfind ("VmHWM:", 0) == 0)
            return std::stoull (line.substr (6)) * 1024;
    return 0;
}

void resetPeakResident() { std::ofstream ("/proc/self/clear_refs") << "5"; }

/** About 1 GB of 8-channel 192 kHz float WAV (three minutes: quick for the sandbox to transcode afterwards). */
std::filesystem::path makeGigabyteWav (const std::filesystem::path& folder)
{
    const auto file = folder / "gigabyte.wav";
    std::unique_ptr<juce::AudioFormatWriter> writer (juce::WavAudioFormat().createWriterFor (
        juce::File (juce::String (file.string())).createOutputStream().release(), 192000.0, 8, 32, {}, 0));
    juce::AudioBuffer<float> block (8, 192000);
    juce::Random random (7);
    for (int ch = 0; ch < 8; ++ch)
        for (int i = 0; i < block.getNumSamples(); ++i)
            block.setSample (ch, i, (random.nextFloat() - 0.5f) * 0.1f);
    const std::uint64_t target = 1'000'000'000ULL;
    for (std::uint64_t written = 0; written < target; written += 192000ULL * 8 * 4)
        writer->writeFromAudioSampleBuffer (block, 0, block.getNumSamples());
    return file;
}

/** A sandbox in its own process, so this process's memory is the uploader's alone. */
struct SandboxProcess
{
    explicit SandboxProcess (const std::filesystem::path& dataDir)
    {
        int pipeFds[2];
        if (::pipe (pipeFds) != 0)
            throw std::runtime_error ("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init (&actions);
        posix_spawn_file_actions_adddup2 (&actions, pipeFds[1], 1);
        posix_spawn_file_actions_addclose (&actions, pipeFds[0]);
        const std::string data = "--data=" + dataDir.string();
        const char* argv[] = {
            WAVELIFT_SANDBOX_BINARY,    "--port=0", "--auth-port=0", "--cdn-port=0", data.c_str(), "--auto-approve",
            "--enable-fault-injection", nullptr
        };
        if (posix_spawn (&pid, WAVELIFT_SANDBOX_BINARY, &actions, nullptr, const_cast<char**> (argv), environ) != 0)
            throw std::runtime_error ("cannot start the sandbox");
        posix_spawn_file_actions_destroy (&actions);
        ::close (pipeFds[1]);
        std::string line;
        char c = 0;
        while (::read (pipeFds[0], &c, 1) == 1 && c != '\n')
            line += c;
        ::close (pipeFds[0]);
        startup = nlohmann::json::parse (line);
    }

    ~SandboxProcess()
    {
        ::kill (pid, SIGTERM);
        ::waitpid (pid, nullptr, 0);
    }

    std::string get (const char* key) const { return startup.at (key).get<std::string>(); }

    pid_t pid = 0;
    nlohmann::json startup;
};

/** Wall time and peak memory of `curl -F` posting the file; the token goes in a header file, not the arguments. */
std::pair<double, std::uint64_t> curlUpload (const std::string& apiUrl, const std::string& token,
                                             const std::filesystem::path& file, const std::filesystem::path& folder)
{
    const auto headerFile = folder / "curl-headers";
    std::ofstream (headerFile) << "Authorization: OAuth " << token << "\nAccept: application/json\n";
    std::filesystem::permissions (headerFile, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const std::string headers = "@" + headerFile.string();
    const std::string asset = "track[asset_data]=@" + file.string() + ";type=audio/wav";
    const std::string url = apiUrl + "/tracks";
    const char* argv[] = { "curl",
                           "-sS",
                           "-o",
                           "/dev/null",
                           "--fail",
                           "-H",
                           headers.c_str(),
                           "-F",
                           "track[title]=curl upload",
                           "-F",
                           "track[sharing]=private",
                           "-F",
                           asset.c_str(),
                           url.c_str(),
                           nullptr };
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawnp (&pid, "curl", nullptr, nullptr, const_cast<char**> (argv), environ) != 0)
        throw std::runtime_error ("cannot run curl");
    int status = 0;
    rusage usage{};
    ::wait4 (pid, &status, 0, &usage);
    const double seconds = std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        throw std::runtime_error ("curl failed");
    return { seconds, (std::uint64_t) usage.ru_maxrss * 1024 };
}

void waitForTranscodes (const net::HttpClient& http, const std::string& apiUrl)
{
    auto request = net::Request::post (juce::URL (juce::String (apiUrl + "/_sandbox/wait-for-transcodes")),
                                       net::RequestBody::fromBytes ("", "application/json"));
    request.timeouts.stall = std::chrono::minutes (10);
    http.perform (request);
}

class StaticTokens final : public soundcloud::AccessTokens
{
public:
    explicit StaticTokens (std::string t)
        : token (std::move (t))
    {
    }
    std::string current (std::stop_token) override { return token; }
    std::string afterUnauthorized (const std::string&, std::stop_token) override
    {
        throw std::runtime_error ("token refused");
    }
    bool actsForUser() const override { return true; }

private:
    std::string token;
};

std::vector<Measurement> uploadAgainstCurl()
{
    test::TempFolder folder ("bench-upload");
    const auto file = makeGigabyteWav (folder.path);
    const auto bytes = std::filesystem::file_size (file);
    SandboxProcess sandbox (folder.path / "sandbox");
    net::HttpClient http;
    const auto tokens = test::signInWithAutoApprove (http, sandbox.get ("auth_url"), sandbox.get ("client_id"),
                                                     sandbox.get ("client_secret"), sandbox.get ("redirect_uri"));
    StaticTokens staticTokens (tokens.accessToken);
    soundcloud::ApiClient api (juce::URL (juce::String (sandbox.get ("api_url"))), http, staticTokens);

    // Warm the page cache so neither side pays for the first read of the file.
    {
        std::ifstream in (file, std::ios::binary);
        std::vector<char> block (1 << 20);
        while (in.read (block.data(), (std::streamsize) block.size()))
        {
        }
    }

    resetPeakResident();
    const auto baseline = peakResidentBytes();
    const auto start = std::chrono::steady_clock::now();
    publish::Uploader (api).upload ({ file, { "wavelift upload" } }, {}, {});
    const double ourSeconds = std::chrono::duration<double> (std::chrono::steady_clock::now() - start).count();
    const auto ourPeakGrowth = peakResidentBytes() - std::min (baseline, peakResidentBytes());
    waitForTranscodes (http, sandbox.get ("api_url"));

    const auto [curlSeconds, curlPeak] = curlUpload (sandbox.get ("api_url"), tokens.accessToken, file, folder.path);
    waitForTranscodes (http, sandbox.get ("api_url"));

    const double ourRate = (double) bytes / ourSeconds / 1.0e6, curlRate = (double) bytes / curlSeconds / 1.0e6;
    return {
        { "upload 1 GB to the sandbox: throughput", "MB/s", ourRate, curlRate, "curl -F", ">= 0.9x", true,
          ourRate >= 0.9 * curlRate, "" },
        { "upload 1 GB to the sandbox: peak memory", "MB", (double) ourPeakGrowth / 1.0e6, (double) curlPeak / 1.0e6,
          "curl -F (whole process)", "", false, true,
          "ours: growth of this process's peak RSS during the upload; file " + std::to_string (bytes / 1000000)
              + " MB" },
    };
}

const Registration registration ("publish.upload-vs-curl", uploadAgainstCurl);
} // namespace
