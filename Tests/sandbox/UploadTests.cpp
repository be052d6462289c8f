// POST /tracks: multipart fields, validation errors with the live error bodies, size limits, quota.

#include "support/TestSandbox.h"
#include "support/WavGenerator.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

TEST_CASE ("sandbox upload - every TrackDataRequest field is stored and returned with 201", "[sandbox][upload]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;
    const auto quotaBefore = field (get (sandbox.api ("/me"), token), "upload_seconds_left").get<long long>();

    const auto response = uploadTrack (server, token, sample ("guit_em9"),
                                       { { "track[title]", "Test drum sample" },
                                         { "track[permalink]", "Test Drum Sample" },
                                         { "track[sharing]", "private" },
                                         { "track[embeddable_by]", "me" },
                                         { "track[purchase_url]", "https://example.com/buy" },
                                         { "track[description]", "Public-api test sample upload" },
                                         { "track[genre]", "Pop" },
                                         { "track[tag_list]", "techno \"deep house\" geo:lat=43.555" },
                                         { "track[label_name]", "Wavelift Records" },
                                         { "track[release]", "WL-001" },
                                         { "track[release_date]", "2021-02-18" },
                                         { "track[streamable]", "true" },
                                         { "track[downloadable]", "false" },
                                         { "track[license]", "cc-by-nc" },
                                         { "track[commentable]", "false" },
                                         { "track[reveal_stats]", "false" },
                                         { "track[reveal_comments]", "true" },
                                         { "track[isrc]", "DEA123456789" } });
    REQUIRE (response.status == 201);
    CHECK (response.header ("content-type") == "application/json; charset=utf-8");
    const auto track = response.json();
    CHECK (track.at ("title") == "Test drum sample");
    CHECK (track.at ("permalink_url")
           == "https://soundcloud.com/sandbox_user/test-drum-sample/"
                  + queryOf (track.at ("secret_uri").get<std::string>()).at ("secret_token"));
    CHECK (track.at ("sharing") == "private");
    CHECK (track.at ("embeddable_by") == "me");
    CHECK (track.at ("purchase_url") == "https://example.com/buy");
    CHECK (track.at ("description") == "Public-api test sample upload");
    CHECK (track.at ("genre") == "Pop");
    CHECK (track.at ("tag_list") == "techno \"deep house\" geo:lat=43.555");
    CHECK (track.at ("label_name") == "Wavelift Records");
    CHECK (track.at ("release") == "WL-001");
    CHECK (track.at ("release_year") == 2021);
    CHECK (track.at ("release_month") == 2);
    CHECK (track.at ("release_day") == 18);
    CHECK (track.at ("streamable") == true);
    CHECK (track.at ("downloadable") == false);
    CHECK (track.at ("download_url").is_null());
    CHECK (track.at ("license") == "cc-by-nc");
    CHECK (track.at ("commentable") == false);
    CHECK (track.at ("reveal_stats") == false);
    CHECK (track.at ("reveal_comments") == true);
    CHECK (track.at ("isrc") == "DEA123456789");
    CHECK (track.at ("access") == "playable");
    CHECK (track.at ("duration") == 9972);
    CHECK (track.at ("user").at ("username") == "sandbox_user");
    CHECK (track.at ("id").get<long long>() > 2147483647);
    CHECK (track.at ("urn") == "soundcloud:tracks:" + std::to_string (track.at ("id").get<long long>()));
    CHECK (track.at ("secret_uri").get<std::string>().find ("secret_token=s-") != std::string::npos);

    const auto fetched = get (sandbox.api ("/tracks/" + track.at ("urn").get<std::string>()), token);
    CHECK (fetched.json() == track);
    CHECK (field (get (sandbox.api ("/me"), token), "upload_seconds_left") == quotaBefore - 10);
    CHECK (server.stats().at ("uploads") == 1);

    // The asset is on disk byte for byte.
    const auto id = std::to_string (track.at ("id").get<long long>());
    const auto stored = sandbox.dataDir() / "assets" / id / "original.flac";
    REQUIRE (std::filesystem::exists (stored));
    CHECK (std::filesystem::file_size (stored) == std::filesystem::file_size (sample ("guit_em9")));
}

TEST_CASE ("sandbox upload - validation errors answer 422 with the API error body", "[sandbox][upload]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto token = userTokens (server).accessToken;
    TempDir folder;

    SECTION ("an asset that is not audio: the live error body of #326")
    {
        const auto notAudio = folder.path() / "notes.txt";
        std::ofstream (notAudio) << "this is not audio, just text pretending to be a song\n";
        const auto response = uploadTrack (server, token, notAudio, { { "track[title]", "Not audio" } });
        CHECK (response.status == 422);
        CHECK (response.json()
               == nlohmann::json::parse (R"({"code":422,"message":"unable to process provided asset_data",
                   "link":"https://developers.soundcloud.com/docs/api/explorer/open-api",
                   "status":"422 - Unprocessable Entity",
                   "errors":[{"error_message":"unable to process provided asset_data"}],"error":null})"));
    }
    SECTION ("missing title")
    {
        const auto response = uploadTrack (server, token, sample ("ambi_choir"), {});
        CHECK (response.status == 422);
        CHECK (field (response, "message") == "track[title] is required");
    }
    SECTION ("blank title")
    {
        CHECK (uploadTrack (server, token, sample ("ambi_choir"), { { "track[title]", "   " } }).status == 422);
    }
    SECTION ("missing asset")
    {
        const auto response = uploadTrack (server, token, {}, { { "track[title]", "No audio" } });
        CHECK (response.status == 422);
        CHECK (field (response, "message") == "track[asset_data] is required");
    }
    SECTION ("an invalid license value")
    {
        const auto response =
            uploadTrack (server, token, sample ("ambi_choir"),
                         { { "track[title]", "Bad licence" }, { "track[license]", "mine-all-mine" } });
        CHECK (response.status == 422);
        CHECK (field (response, "code") == 422);
    }
    SECTION ("form-urlencoded can't carry an asset")
    {
        HttpRequest request;
        request.method = "POST";
        request.url = sandbox.api ("/tracks");
        request.headers = { authorizationHeader (token), "Content-Type: application/x-www-form-urlencoded" };
        request.body = "track%5Btitle%5D=Form";
        CHECK (perform (request).status == 422);
    }
    CHECK (server.stats().at ("uploads") == 0);
    CHECK (std::filesystem::is_empty (sandbox.dataDir() / "uploads"));
}

TEST_CASE ("sandbox upload - assets over the size limit are refused", "[sandbox][upload]")
{
    SECTION ("while streaming: the receiver stops at the limit")
    {
        TestSandbox sandbox ([] (Options& options) { options.maxAssetBytes = 1024 * 1024; });
        const auto token = userTokens (sandbox.server()).accessToken;
        TempDir folder;
        WavGenerator wav (2 * 1024 * 1024);
        wav.writeTo (folder.path() / "two-megabytes.wav");
        const auto response = uploadTrack (sandbox.server(), token, folder.path() / "two-megabytes.wav",
                                           { { "track[title]", "Too big" } });
        CHECK (response.status == 413);
        CHECK (field (response, "code") == 413);
        CHECK (sandbox.server().stats().at ("uploads") == 0);
        CHECK (std::filesystem::is_empty (sandbox.dataDir() / "uploads"));
    }
    SECTION ("more than 4 GB declared: refused at Expect: 100-continue, before the body")
    {
        TestSandbox sandbox;
        const auto token = userTokens (sandbox.server()).accessToken;
        WavGenerator wav (5ull * 1024 * 1024 * 1024);
        std::uint64_t generated = 0;
        HttpRequest request;
        request.method = "POST";
        request.url = sandbox.api ("/tracks");
        request.headers = { authorizationHeader (token), "Expect: 100-continue" };
        request.form.push_back (FormPart::text ("track[title]", "Five gigabytes"));
        FormPart asset;
        asset.name = "track[asset_data]";
        asset.filename = "huge.wav";
        asset.size = wav.size();
        asset.generator = [&] (char* buffer, std::size_t capacity, std::uint64_t offset)
        {
            generated += capacity;
            return generated > 64 * 1024 * 1024 ? 0 : wav.read (buffer, capacity, offset); // never send it all
        };
        request.form.push_back (std::move (asset));
        const auto response = perform (request);
        CHECK (response.status == 413);
        CHECK (field (response, "message") == "asset_data is larger than the 4 GB limit");
        CHECK (generated < 1024 * 1024);
    }
}

TEST_CASE ("sandbox upload - the upload quota of a Free plan is enforced", "[sandbox][upload]")
{
    TestSandbox sandbox ([] (Options& options) { options.uploadQuotaSeconds = 12; });
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto left = field (get (sandbox.api ("/me"), token), "upload_seconds_left").get<long long>();
    CHECK (left == 5); // the seeded tracks use 7 s
    const auto response = uploadTrack (sandbox.server(), token, sample ("guit_em9"), { { "track[title]", "Long" } });
    CHECK (response.status == 422);
    CHECK (field (response, "message").get<std::string>().starts_with ("upload quota exceeded"));
    CHECK (uploadTrack (sandbox.server(), token, sample ("ambi_choir"), { { "track[title]", "Short" } }).status == 201);
}

TEST_CASE ("sandbox upload - /streams lists only what can be served: nothing when transcoding fails",
           "[sandbox][upload][streams]")
{
    TestSandbox sandbox ([] (Options& options) { options.ffmpegPath = "/nonexistent/ffmpeg"; });
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto upload = uploadTrack (sandbox.server(), token, sample ("ambi_piano"), { { "track[title]", "Broken" } });
    REQUIRE (upload.status == 201);
    sandbox.server().waitForTranscodes();
    const auto urn = field (upload, "urn").get<std::string>();
    const auto streams = get (sandbox.api ("/tracks/" + urn + "/streams"), token);
    CHECK (streams.status == 200);
    CHECK (streams.json() == nlohmann::json::object());
    CHECK (sandbox.server().stats().at ("transcodes").at ("failed") == 3);
    // The seeded tracks transcoded earlier still stream.
    CHECK (get (sandbox.api ("/tracks/soundcloud:tracks:2147483640/streams"), token).json().size() == 3);
}
