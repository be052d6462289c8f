// Publishing against the sandbox: exact request bytes, the fields that land, the checks before sending, and the
// refusals that must carry the server's words.
#include "helpers/SandboxSession.h"
#include "publish/Preflight.h"
#include "publish/Uploader.h"
#include "soundcloud/ApiError.h"

#include <catch2/catch.hpp>

#include <fstream>

#include <juce_graphics/juce_graphics.h>

namespace
{
using namespace wavelift;
using test::SandboxSession;
using test::TempFolder;

std::string readWholeBody (const net::RequestBody& body)
{
    std::string error;
    auto reader = body.open (error);
    REQUIRE (reader != nullptr);
    std::string bytes;
    char block[7]; // small, odd blocks: the reader must stitch parts and files together
    while (const auto got = reader->read (block, sizeof (block)))
        bytes.append (block, got);
    REQUIRE (reader->error().empty());
    return bytes;
}

void writeFile (const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream (file, std::ios::binary) << bytes;
}
} // namespace

TEST_CASE ("publish: the upload body is exactly the multipart SoundCloud expects", "[publish]")
{
    TempFolder folder ("publish-bytes");
    const auto audio = folder.path / "Nacht — Überfahrt (final).wav";
    writeFile (audio, std::string ("RIFF\x04\0\0\0WAVE", 12));

    publish::UploadRequest request;
    request.audioFile = audio;
    request.fields.title = "Nacht — Überfahrt";
    request.fields.tags = { "deep house", "say \"hi\"", "techno" };
    request.fields.description = "line one\r\nline two";
    request.fields.genre = "House";

    const auto body = publish::buildUploadBody (request, "WaveliftBoundary42");
    const std::string expected = "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[title]\"\r\n\r\n"
                                 "Nacht — Überfahrt\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[sharing]\"\r\n\r\n"
                                 "private\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[downloadable]\"\r\n\r\n"
                                 "false\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[tag_list]\"\r\n\r\n"
                                 "\"deep house\" \"say hi\" techno\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[description]\"\r\n\r\n"
                                 "line one\r\nline two\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[genre]\"\r\n\r\n"
                                 "House\r\n"
                                 "--WaveliftBoundary42\r\n"
                                 "Content-Disposition: form-data; name=\"track[asset_data]\"; "
                                 "filename=\"Nacht_berfahrt_final.wav\"\r\n"
                                 "Content-Type: audio/wav\r\n\r\n"
                                 + std::string ("RIFF\x04\0\0\0WAVE", 12)
                                 + "\r\n"
                                   "--WaveliftBoundary42--\r\n";
    CHECK (readWholeBody (*body) == expected);
    CHECK (body->size() == expected.size());
    CHECK (body->contentType() == "multipart/form-data; boundary=WaveliftBoundary42");
}

TEST_CASE ("publish: artwork goes as PNG or JPEG by its magic bytes, anything else is refused", "[publish]")
{
    TempFolder folder ("publish-artwork");
    writeFile (folder.path / "a.wav", "RIFF");
    writeFile (folder.path / "cover.jpg", "\x89PNG\r\n\x1a\n....");    // a PNG with the wrong extension
    writeFile (folder.path / "photo.png", "\xff\xd8\xff\xe0....JFIF"); // a JPEG with the wrong extension
    writeFile (folder.path / "cover.gif", "GIF89a......");

    CHECK (publish::imageContentType (folder.path / "cover.jpg") == "image/png");
    CHECK (publish::imageContentType (folder.path / "photo.png") == "image/jpeg");
    CHECK_FALSE (publish::imageContentType (folder.path / "cover.gif").has_value());

    publish::UploadRequest request{ folder.path / "a.wav", {} };
    request.fields.title = "t";
    request.fields.artwork = folder.path / "cover.gif";
    CHECK_THROWS_WITH (publish::buildUploadBody (request), Catch::Contains ("neither a PNG nor a JPEG"));

    CHECK_THROWS_WITH (publish::buildArtworkBody (folder.path / "cover.gif"),
                       Catch::Contains ("neither a PNG nor a JPEG"));

    // The upload never carries the artwork (the live API answers 500 to that, #409): it goes in its own PUT.
    request.fields.artwork = folder.path / "photo.png";
    CHECK_THAT (readWholeBody (*publish::buildUploadBody (request, "b")), !Catch::Contains ("artwork"));
    CHECK (readWholeBody (*publish::buildArtworkBody (folder.path / "photo.png", "b"))
           == "--b\r\nContent-Disposition: form-data; name=\"track[artwork_data]\"; filename=\"photo.png\"\r\n"
              "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0....JFIF\r\n--b--\r\n");
}

TEST_CASE ("publish: artwork is set after the upload and served by the CDN as sent", "[publish][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("publish-artwork-upload");
    const auto music = test::makeMusicWav (folder.path, "with cover.wav", 2.0);

    // A real PNG, 64x64, made with JUCE so the test does not depend on a file in the tree.
    juce::Image cover (juce::Image::RGB, 64, 64, true);
    juce::Graphics (cover).fillAll (juce::Colours::orange);
    juce::MemoryOutputStream png;
    REQUIRE (juce::PNGImageFormat().writeImageToStream (cover, png));
    const auto coverFile = folder.path / "cover.png";
    writeFile (coverFile, std::string ((const char*) png.getData(), png.getDataSize()));

    publish::UploadRequest request{ music, {} };
    request.fields.title = "With cover";
    request.fields.artwork = coverFile;
    const auto published = publish::Uploader (session.api()).upload (request, {}, {});
    CHECK (published.artworkProblem.empty());

    const auto stored = session.api().track (published.urn);
    REQUIRE_THAT (stored.artworkUrl, Catch::StartsWith (session.server().cdnUrl() + "/artworks-"));
    const auto image = session.http().perform (net::Request::get (juce::URL (juce::String (stored.artworkUrl))));
    REQUIRE (image.ok());
    CHECK (image.response().status == 200);
    CHECK (image.response().headers.get ("Content-Type") == "image/png");
    CHECK (image.response().body == test::readBytes (coverFile));

    // The quirk the two steps avoid: the sandbox, like the live API, fails an upload that carries the artwork.
    auto body = publish::buildUploadBody (request);
    body->addFile ("track[artwork_data]", coverFile, "cover.png", "image/png");
    CHECK_THROWS_AS (session.api().send (net::Request::post (session.api().endpoint ("/tracks"), body)),
                     soundcloud::ApiError);
}

TEST_CASE ("publish: file names become ASCII-safe", "[publish]")
{
    CHECK (publish::asciiSafeFileName ("/x/Mixdown 03 — final!.flac") == "Mixdown_03_final.flac");
    CHECK (publish::asciiSafeFileName ("/x/ÜÖÄ.wav") == "audio.wav");
    CHECK (publish::asciiSafeFileName ("/x/take") == "take");
    CHECK (publish::audioContentType ("a.FLAC") == "audio/flac");
    CHECK (publish::audioContentType ("a.xyz") == "application/octet-stream");
}

TEST_CASE ("publish: the checks before sending refuse with clear words", "[publish][preflight]")
{
    TempFolder folder ("publish-preflight");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 3.0);

    publish::UploadRequest request{ music, {} };
    request.fields.title = "Amen";
    auto report = publish::checkUpload (request, std::nullopt);
    CHECK_FALSE (report.refusal.has_value());
    CHECK (report.durationSeconds == Approx (3.0).margin (0.001));
    CHECK_FALSE (report.suggestFlac);

    SECTION ("no title")
    {
        request.fields.title = "  ";
        CHECK (publish::checkUpload (request, std::nullopt).refusal == "the track needs a title");
    }
    SECTION ("not audio")
    {
        writeFile (folder.path / "notes.wav", "these are my notes, not audio");
        request.audioFile = folder.path / "notes.wav";
        CHECK_THAT (*publish::checkUpload (request, std::nullopt).refusal, Catch::Contains ("not audio"));
    }
    SECTION ("truncated")
    {
        auto bytes = test::readBytes (music);
        bytes.resize (bytes.size() / 2);
        writeFile (folder.path / "cut.wav", bytes);
        request.audioFile = folder.path / "cut.wav";
        CHECK_THAT (*publish::checkUpload (request, std::nullopt).refusal, Catch::Contains ("truncated"));
    }
    SECTION ("over the upload quota")
    {
        soundcloud::Me me;
        me.uploadSecondsLeft = 2;
        CHECK_THAT (*publish::checkUpload (request, me).refusal,
                    Catch::Contains ("upload quota has 1 min left") && Catch::Contains ("this track is 1 min"));
        me.unlimitedUploadQuota = true;
        CHECK_FALSE (publish::checkUpload (request, me).refusal.has_value());
    }
}

TEST_CASE ("publish: an upload lands with its fields, and SoundCloud stores the file's exact bytes",
           "[publish][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("publish-upload");
    const auto music = test::makeMusicWav (folder.path, "Amen Break — take 1.wav", 5.0);

    publish::UploadRequest request{ music, {} };
    request.fields.title = "Amen Break — take 1";
    request.fields.tags = { "drums", "amen break" };
    request.fields.genre = "Breakbeat";
    request.fields.description = "Bounced by Wavelift";
    request.fields.license = "cc-by";

    std::vector<publish::UploadProgress> progress;
    bool bodySent = false;
    publish::Uploader uploader (session.api());
    const auto published = uploader.upload (
        request, [&] (const publish::UploadProgress& p) { progress.push_back (p); }, {}, &bodySent);

    CHECK (bodySent);
    CHECK (published.title == "Amen Break — take 1");
    CHECK (published.sharing == "private");
    CHECK_THAT (published.urn, Catch::StartsWith ("soundcloud:tracks:"));
    CHECK_FALSE (published.permalinkUrl.empty());
    CHECK_FALSE (published.secretUri.empty()); // a private track's link to share

    REQUIRE_FALSE (progress.empty());
    CHECK (progress.back().bytesSent == progress.back().bytesTotal);
    CHECK (progress.back().bodyComplete);
    CHECK (progress.back().bytesTotal > std::filesystem::file_size (music));

    const auto stored = session.api().track (published.urn);
    CHECK (stored.tags == std::vector<std::string>{ "drums", "amen break" });
    CHECK (stored.genre == "Breakbeat");
    CHECK (stored.description == "Bounced by Wavelift");
    CHECK (stored.license == "cc-by");
    CHECK_FALSE (stored.downloadable);

    const auto asset = session.server().assetFileOf (published.urn);
    REQUIRE (asset.has_value());
    CHECK (test::readBytes (*asset) == test::readBytes (music));
}

TEST_CASE ("publish: refusals carry the reason: app-only token, 422, 401 after a refresh", "[publish][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("publish-refusals");
    const auto music = test::makeMusicWav (folder.path, "music.wav", 2.0);

    SECTION ("an app-only token is refused before any byte is sent")
    {
        auto appOnly = session.appOnlyTokens();
        soundcloud::ApiClient appApi (session.api().apiBase(), session.http(), *appOnly);
        session.server().clearRequests();
        publish::Uploader uploader (appApi);
        CHECK_THROWS_WITH (uploader.upload ({ music, { "App only" } }, {}, {}),
                           Catch::Contains ("needs a signed-in SoundCloud account"));
        for (const auto& r : session.server().requests())
            CHECK_FALSE ((r.method == "POST" && r.path == "/tracks"));
    }

    SECTION ("a file SoundCloud cannot process: 422 with the server's words")
    {
        writeFile (folder.path / "noise.wav", std::string (4096, 'x'));
        publish::Uploader uploader (session.api());
        try
        {
            uploader.upload ({ folder.path / "noise.wav", { "Not audio" } }, {}, {});
            FAIL ("accepted");
        }
        catch (const soundcloud::ApiError& e)
        {
            CHECK (e.kind() == soundcloud::ApiErrorKind::unprocessable);
            CHECK (e.serverMessage() == "unable to process provided asset_data");
        }
    }

    SECTION ("401 again after a refresh surfaces as unauthorized")
    {
        sandbox::FaultRule unauthorized;
        unauthorized.method = "POST";
        unauthorized.path = "/tracks";
        unauthorized.count = 2;
        unauthorized.kind = sandbox::FaultKind::status5xx;
        unauthorized.status = 401;
        session.server().addFault (unauthorized);

        publish::Uploader uploader (session.api());
        try
        {
            uploader.upload ({ music, { "Unauthorized" } }, {}, {});
            FAIL ("accepted");
        }
        catch (const soundcloud::ApiError& e)
        {
            CHECK (e.kind() == soundcloud::ApiErrorKind::unauthorized);
        }
        CHECK (session.tokens().refreshes() == 1);
    }
}

TEST_CASE ("publish: a cancelled upload stops at once and leaves no track", "[publish][sandbox]")
{
    SandboxSession session;
    TempFolder folder ("publish-cancel");
    const auto music = test::makeMusicWav (folder.path, "long.wav", 120.0); // about 21 MB

    std::stop_source cancel;
    std::uint64_t sentAtCancel = 0;
    publish::Uploader uploader (session.api());
    try
    {
        uploader.upload (
            { music, { "Cancelled upload" } },
            [&] (const publish::UploadProgress& p)
            {
                if (p.bytesSent > p.bytesTotal / 3 && !cancel.stop_requested())
                {
                    sentAtCancel = p.bytesSent;
                    cancel.request_stop();
                }
            },
            cancel.get_token());
        FAIL ("the upload finished despite the cancel");
    }
    catch (const soundcloud::NetworkError& e)
    {
        CHECK (e.failure.error == net::NetError::cancelled);
    }
    CHECK (sentAtCancel > 0);
    for (const auto& track : session.api().myTracks (200, 5).tracks)
        CHECK (track.title != "Cancelled upload");
}
