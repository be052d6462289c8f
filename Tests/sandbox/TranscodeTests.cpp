// Uploads are transcoded as SoundCloud does: HLS AAC 160k and 96k (MPEG-TS or fragmented MP4 segments) and a
// 30-second MP3 preview. Decoding what the CDN serves must give back the uploaded music.

#include "support/AudioCompare.h"
#include "support/TestSandbox.h"

#include "sandbox/Subprocess.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
/** Follows a /streams redirector with the token and returns the signed CDN URL. */
std::string cdnUrlOf (const std::string& redirector, const std::string& token)
{
    const auto response = get (redirector, token);
    REQUIRE (response.status == 302);
    return response.header ("location");
}

void checkTranscodes (HlsContainer container)
{
    TestSandbox sandbox ([container] (Options& options) { options.hlsContainer = container; });
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;

    // 40 s of real music (a guitar recording, looped), longer than the 30-second preview.
    TempDir folder;
    const auto upload = folder.path() / "guitar-40s.wav";
    const auto made = runProcess ({ "ffmpeg", "-nostdin", "-v", "error", "-stream_loop", "4", "-i",
                                    sample ("guit_em9").string(), "-t", "40", "-c:a", "pcm_s16le", upload.string() });
    REQUIRE (made.succeeded());

    const auto response = uploadTrack (server, token, upload, { { "track[title]", "Guitar 40 s" } });
    REQUIRE (response.status == 201);
    CHECK (field (response, "duration") == 40000);
    server.waitForTranscodes();

    const auto urn = field (response, "urn").get<std::string>();
    const auto streams = get (sandbox.api ("/tracks/" + urn + "/streams"), token).json();
    REQUIRE (streams.contains ("hls_aac_160_url"));
    REQUIRE (streams.contains ("hls_aac_96_url"));
    REQUIRE (streams.contains ("preview_mp3_128_url"));

    const auto original = decodeToMono (upload.string());
    std::ostringstream figures;
    figures << "container " << toString (container) << ":";
    for (const auto* key : { "hls_aac_160_url", "hls_aac_96_url" })
    {
        const auto playlistUrl = cdnUrlOf (streams[key].get<std::string>(), token);
        const auto playlist = get (playlistUrl);
        REQUIRE (playlist.status == 200);
        CHECK (playlist.header ("content-type") == "application/vnd.apple.mpegurl");
        if (container == HlsContainer::fragmentedMp4)
        {
            CHECK (playlist.body.find ("#EXT-X-MAP:URI=\"init.mp4?Policy=") != std::string::npos);
            CHECK (playlist.body.find (".m4s?Policy=") != std::string::npos);
        }
        else
        {
            CHECK (playlist.body.find ("#EXT-X-MAP") == std::string::npos);
            CHECK (playlist.body.find (".ts?Policy=") != std::string::npos);
        }

        const auto duration = probeDurationSeconds (playlistUrl);
        CHECK (duration == Approx (40.0).margin (0.1));
        const auto decoded = decodeToMono (playlistUrl);
        const auto alignment = alignAndCorrelate (original, decoded, 4096);
        figures << " " << key << " correlation " << alignment.correlation << " (lag " << alignment.lag << " samples, "
                << decoded.size() << " samples decoded);";
        CHECK (alignment.correlation > 0.9);
        CHECK (alignment.overlap > 39 * comparisonSampleRate);
    }

    const auto previewUrl = cdnUrlOf (streams["preview_mp3_128_url"].get<std::string>(), token);
    const auto preview = get (previewUrl);
    REQUIRE (preview.status == 200);
    CHECK (preview.header ("content-type") == "audio/mpeg");
    CHECK (probeDurationSeconds (previewUrl) == Approx (30.0).margin (0.1));
    const auto previewAudio = decodeToMono (previewUrl);
    const auto previewAlignment = alignAndCorrelate (original, previewAudio, 4096);
    figures << " preview correlation " << previewAlignment.correlation << " (lag " << previewAlignment.lag << ")";
    CHECK (previewAlignment.correlation > 0.9);
    CHECK (previewAudio.size() == Approx (30 * comparisonSampleRate).margin (comparisonSampleRate / 10));
    WARN (figures.str());
}
} // namespace

TEST_CASE ("sandbox transcode - HLS in MPEG-TS and the MP3 preview decode back to the upload", "[sandbox][transcode]")
{
    checkTranscodes (HlsContainer::mpegTs);
}

TEST_CASE ("sandbox transcode - HLS in fragmented MP4 and the MP3 preview decode back to the upload",
           "[sandbox][transcode]")
{
    checkTranscodes (HlsContainer::fragmentedMp4);
}

TEST_CASE ("sandbox transcode - the seeded catalogue is transcoded from real recordings", "[sandbox][transcode]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    // Amen break (full loop): compare the preview with the FLAC the catalogue was made from.
    const auto streams = get (sandbox.api ("/tracks/soundcloud:tracks:2147483640/streams"), token).json();
    REQUIRE (streams.size() == 3);
    const auto preview = decodeToMono (cdnUrlOf (streams["preview_mp3_128_url"].get<std::string>(), token));
    const auto alignment = alignAndCorrelate (decodeToMono (sample ("loop_amen_full").string()), preview, 4096);
    CHECK (alignment.correlation > 0.9);
}
