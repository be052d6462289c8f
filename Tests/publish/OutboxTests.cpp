// The outbox against the sandbox's fault injection: whatever goes wrong on the wire, and even when the uploading
// process is killed, every publish ends as exactly one track whose stored bytes equal the file.
#include "helpers/SandboxSession.h"
#include "publish/Outbox.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <random>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace
{
using namespace wavelift;
using namespace std::chrono_literals;
using test::SandboxSession;
using test::TempFolder;

publish::RetryPolicy fastRetries()
{
    publish::RetryPolicy policy;
    policy.firstDelay = 20ms;
    policy.maxDelay = 200ms;
    return policy;
}

std::vector<soundcloud::Track> tracksTitled (SandboxSession& session, const std::string& title)
{
    std::vector<soundcloud::Track> found;
    for (auto& track : session.api().myTracks (200, 5).tracks)
        if (track.title == title)
            found.push_back (track);
    return found;
}

void checkExactlyOneTrack (SandboxSession& session, const std::string& title, const std::filesystem::path& file)
{
    const auto tracks = tracksTitled (session, title);
    REQUIRE (tracks.size() == 1);
    const auto asset = session.server().assetFileOf (tracks.front().urn);
    REQUIRE (asset.has_value());
    CHECK (test::readBytes (*asset) == test::readBytes (file));
}
} // namespace

TEST_CASE ("outbox: every fault on the wire ends in exactly one published track", "[publish][outbox][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("outbox-faults");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 20.0); // about 3.5 MB
    const auto size = std::filesystem::file_size (music);

    std::mt19937 random (20261203);
    std::uniform_int_distribution<std::uint64_t> offset (1, size);

    struct Case
    {
        std::string name;
        sandbox::FaultRule rule;
    };
    std::vector<Case> cases;
    const auto rule = [] (sandbox::FaultKind kind, int count)
    {
        sandbox::FaultRule r;
        r.method = "POST";
        r.path = "/tracks";
        r.kind = kind;
        r.count = count;
        return r;
    };
    for (int i = 0; i < 3; ++i)
    {
        auto reset = rule (sandbox::FaultKind::resetRequest, 1);
        reset.afterBytes = offset (random);
        cases.push_back ({ "connection reset after " + std::to_string (*reset.afterBytes) + " bytes", reset });
    }
    auto serverError = rule (sandbox::FaultKind::status5xx, 2);
    serverError.status = 503;
    cases.push_back ({ "two 503s", serverError });
    auto html = rule (sandbox::FaultKind::cloudfrontHtml, 1);
    html.status = 502;
    cases.push_back ({ "a CloudFront HTML 502", html });
    cases.push_back ({ "the response cut after the track was created", rule (sandbox::FaultKind::resetResponse, 1) });
    auto stall = rule (sandbox::FaultKind::stall, 1);
    stall.stallSeconds = 2;
    cases.push_back ({ "a 2 s stall", stall });
    auto limited = rule (sandbox::FaultKind::rateLimit429, 1);
    limited.variant = "cloudfront";
    cases.push_back ({ "a 429", limited });

    publish::Outbox outbox (folder.path / "outbox", session.api(), fastRetries());
    outbox.start();
    for (const auto& c : cases)
    {
        INFO (c.name);
        session.server().clearFaults();
        session.server().addFault (c.rule);
        const auto title = "Fault: " + c.name;
        const auto id = outbox.add ({ music, { title } });
        const auto job = outbox.waitForFinish (id, 2min);
        REQUIRE (job.has_value());
        INFO (job->lastError);
        CHECK (job->state == publish::JobState::done);
        REQUIRE (job->result.has_value());
        checkExactlyOneTrack (session, title, music);
    }
}

TEST_CASE ("outbox: permanent failures stop with the server's words", "[publish][outbox][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("outbox-permanent");
    std::ofstream (folder.path / "notes.wav") << "not audio at all";

    publish::Outbox outbox (folder.path / "outbox", session.api(), fastRetries());
    outbox.start();
    const auto id = outbox.add ({ folder.path / "notes.wav", { "Not audio" } });
    const auto job = outbox.waitForFinish (id, 1min);
    REQUIRE (job.has_value());
    CHECK (job->state == publish::JobState::failed);
    CHECK (job->attempts == 1);
    CHECK_THAT (job->lastError, Catch::Contains ("unable to process provided asset_data"));
}

TEST_CASE ("outbox: jobs survive a restart, and a cancel while queued sends nothing", "[publish][outbox][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("outbox-restart");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 2.0);
    std::string kept, dropped;
    {
        publish::Outbox outbox (folder.path / "outbox", session.api(), fastRetries()); // never started
        kept = outbox.add ({ music, { "Kept across restarts" } });
        dropped = outbox.add ({ music, { "Cancelled before sending" } });
        outbox.cancel (dropped);
    }
    publish::Outbox reopened (folder.path / "outbox", session.api(), fastRetries());
    REQUIRE (reopened.jobs().size() == 2);
    CHECK (reopened.job (dropped)->state == publish::JobState::cancelled);
    reopened.start();
    CHECK (reopened.waitForFinish (kept, 1min)->state == publish::JobState::done);
    checkExactlyOneTrack (session, "Kept across restarts", music);
    CHECK (tracksTitled (session, "Cancelled before sending").empty());
}

TEST_CASE ("outbox: the uploading process killed mid-upload, then restarted, publishes exactly once",
           "[publish][outbox][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("outbox-kill");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 60.0); // about 10 MB
    const auto outboxFolder = folder.path / "outbox";
    const std::string title = "Survives a killed process";

    // The server holds the finished request for a while, so the child is surely mid-upload when it is killed.
    sandbox::FaultRule stall;
    stall.method = "POST";
    stall.path = "/tracks";
    stall.kind = sandbox::FaultKind::stall;
    stall.stallSeconds = 20;
    session.server().addFault (stall);

    const auto runChild = [&] (bool addJob)
    {
        std::vector<std::string> environment{ "WAVELIFT_TEST_API_URL=" + session.server().apiUrl(),
                                              "WAVELIFT_TEST_TOKEN=" + session.tokens().current ({}),
                                              "WAVELIFT_TEST_OUTBOX=" + outboxFolder.string() };
        if (addJob)
        {
            environment.push_back ("WAVELIFT_TEST_FILE=" + music.string());
            environment.push_back ("WAVELIFT_TEST_TITLE=" + title);
        }
        std::vector<char*> envp;
        for (auto& e : environment)
            envp.push_back (e.data());
        envp.push_back (nullptr);
        char* argv[] = { const_cast<char*> (WAVELIFT_OUTBOX_CHILD), nullptr };
        pid_t pid = 0;
        REQUIRE (posix_spawn (&pid, WAVELIFT_OUTBOX_CHILD, nullptr, nullptr, argv, envp.data()) == 0);
        return pid;
    };

    const auto first = runChild (true);
    // Poll (bounded) the child's saved job until its attempt has started; whenever the kill lands after that, the
    // outcome must be the same: exactly one track.
    const auto childIsUploading = [&]
    {
        if (!std::filesystem::exists (outboxFolder))
            return false;
        for (const auto& entry : std::filesystem::directory_iterator (outboxFolder))
            if (entry.path().extension() == ".json"
                && test::readBytes (entry.path()).find ("\"uploading\"") != std::string::npos)
                return true;
        return false;
    };
    for (int i = 0; i < 3000 && !childIsUploading(); ++i)
        std::this_thread::sleep_for (10ms);
    REQUIRE (childIsUploading());
    std::this_thread::sleep_for (300ms); // let some of the body go out: a kill mid-body is the interesting case
    ::kill (first, SIGKILL);
    int status = 0;
    ::waitpid (first, &status, 0);
    CHECK (WIFSIGNALED (status));

    session.server().clearFaults();
    const auto second = runChild (false);
    ::waitpid (second, &status, 0);
    CHECK (WEXITSTATUS (status) == 0);

    checkExactlyOneTrack (session, title, music);
}
