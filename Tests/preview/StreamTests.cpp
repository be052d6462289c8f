// An uploaded real recording, streamed back the way the live service serves it today: API-host redirectors, signed
// CDN URLs, HLS AAC at 160 and 96 kbit/s in either segment container, and the 30-second MP3 preview.
#include "helpers/SandboxSession.h"
#include "preview/AudioComparison.h"
#include "preview/TrackStream.h"
#include "publish/Uploader.h"

#include <catch2/catch.hpp>

#include <iostream>

namespace
{
using namespace wavelift;
using test::SandboxSession;

juce::AudioBuffer<float> readWhole (juce::AudioFormatReader& reader, int maxSamples)
{
    const auto length = (int) std::min<juce::int64> (reader.lengthInSamples, maxSamples);
    juce::AudioBuffer<float> buffer ((int) reader.numChannels, length);
    REQUIRE (reader.read (&buffer, 0, length, 0, true, true));
    return buffer;
}

juce::AudioBuffer<float> readWav (const std::filesystem::path& file)
{
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatReader> reader (
        wav.createReaderFor (juce::File (juce::String (file.string())).createInputStream().release(), true));
    REQUIRE (reader != nullptr);
    return readWhole (*reader, 1 << 30);
}

std::string uploadMusic (SandboxSession& session, const std::filesystem::path& music, const std::string& title)
{
    publish::UploadRequest request{ music, {} };
    request.fields.title = title;
    request.fields.sharing = "public";
    const auto published = publish::Uploader (session.api()).upload (request, {}, {});
    session.server().waitForTranscodes();
    return published.urn;
}
} // namespace

TEST_CASE ("streams: an uploaded recording previews through AAC 160, AAC 96 and the MP3 preview",
           "[preview][streams][sandbox]")
{
    const auto container = GENERATE (sandbox::HlsContainer::mpegTs, sandbox::HlsContainer::fragmentedMp4);
    sandbox::Options options;
    options.hlsContainer = container;
    SandboxSession session (options);
    test::TempFolder folder ("streams");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 20.0);
    const auto original = readWav (music);
    const auto urn = uploadMusic (session, music, "Streams check");

    preview::TrackStreamOpener opener (session.api());
    for (const auto kind :
         { preview::StreamKind::hlsAac160, preview::StreamKind::hlsAac96, preview::StreamKind::previewMp3 })
    {
        auto stream = opener.open (urn, {}, kind);
        REQUIRE (stream.reader != nullptr);
        CHECK (stream.kind == kind);
        CHECK (stream.reader->sampleRate == 44100.0);
        const auto decoded = readWhole (*stream.reader, original.getNumSamples() + 8192);
        const auto similarity = preview::compareAudio (original, decoded);
        std::cout << "sandbox " << sandbox::toString (container) << ", " << preview::toString (kind) << ": correlation "
                  << similarity.correlation << ", SNR " << similarity.snrDb << " dB, lag " << similarity.lagSamples
                  << "\n";
        // Drum loops are hard on AAC at 96 kbit/s; 160 and the MP3 stay closer to the original.
        const bool lowBitrate = kind == preview::StreamKind::hlsAac96;
        CHECK (similarity.correlation > (lowBitrate ? 0.95 : 0.99));
        CHECK (similarity.snrDb > (lowBitrate ? 10.0 : 15.0));
        CHECK (similarity.comparedSamples > original.getNumSamples() - 8192);
    }

    SECTION ("the CDN never receives a token")
    {
        int cdnRequests = 0;
        for (const auto& request : session.server().requests())
        {
            if (request.host != "cdn")
                continue;
            ++cdnRequests;
            CHECK_FALSE (request.hadAuthorization);
        }
        CHECK (cdnRequests >= 6); // playlists, segments and previews
    }
}

TEST_CASE ("streams: the best stream is chosen, expired CDN URLs recover, a refused full stream falls back",
           "[preview][streams][sandbox]")
{
    SandboxSession session;
    test::TempFolder folder ("streams-recovery");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 20.0);
    const auto original = readWav (music);
    const auto urn = uploadMusic (session, music, "Recovery check");
    preview::TrackStreamOpener opener (session.api());

    SECTION ("AAC 160 first") { CHECK (opener.open (urn).kind == preview::StreamKind::hlsAac160); }

    SECTION ("an expired CDN signature is re-resolved once and the decode completes")
    {
        auto stream = opener.open (urn, {}, preview::StreamKind::hlsAac160);
        session.server().advanceClock (std::chrono::minutes (10)); // every signed URL handed out has expired
        const auto decoded = readWhole (*stream.reader, original.getNumSamples() + 8192);
        CHECK (preview::compareAudio (original, decoded).correlation > 0.98);

        bool sawExpired = false, sawRecovery = false;
        for (const auto& request : session.server().requests())
            if (request.host == "cdn")
            {
                sawRecovery = sawRecovery || (sawExpired && request.status == 200);
                sawExpired = sawExpired || request.status == 403;
            }
        CHECK (sawExpired);
        CHECK (sawRecovery);
    }

    SECTION ("a 403 on the full streams plays the preview and is remembered")
    {
        sandbox::FaultRule forbidden;
        forbidden.method = "GET";
        forbidden.path = "/tracks/" + urn + "/streams/*";
        forbidden.count = 1;
        forbidden.kind = sandbox::FaultKind::status5xx;
        forbidden.status = 403;
        session.server().addFault (forbidden);

        const auto stream = opener.open (urn);
        CHECK (stream.kind == preview::StreamKind::previewMp3);
        CHECK (opener.fullStreamForbidden (urn));
        CHECK (opener.open (urn).kind == preview::StreamKind::previewMp3); // not asked again
    }
}

TEST_CASE ("streams: a preview-only track plays its 30 seconds", "[preview][streams][sandbox]")
{
    SandboxSession session;
    session.server().waitForTranscodes(); // the seeded catalogue is transcoded in the background at first start
    soundcloud::SearchQuery query;
    query.access = "preview";
    const auto found = session.api().searchTracks (query, 1);
    REQUIRE_FALSE (found.tracks.empty());
    const auto& track = found.tracks.front();
    CHECK (track.access == soundcloud::Access::preview);

    preview::TrackStreamOpener opener (session.api());
    auto stream = opener.open (track.urn);
    CHECK (stream.kind == preview::StreamKind::previewMp3);
    CHECK (stream.label == "30 s preview");
    const auto seconds = (double) stream.reader->lengthInSamples / stream.reader->sampleRate;
    CHECK (seconds == Approx (std::min (30.0, track.durationMs / 1000.0)).margin (0.5));
}
