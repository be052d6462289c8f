#include "soundcloud/Models.h"
#include "soundcloud/Pagination.h"
#include "soundcloud/TagList.h"
#include "soundcloud/Timestamp.h"
#include "soundcloud/Urn.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace wavelift::soundcloud;
using nlohmann::json;

TEST_CASE ("soundcloud: numeric ids and URNs normalise to the same URN", "[soundcloud][urn]")
{
    CHECK (normaliseUrn (json (1234567), UrnKind::tracks) == "soundcloud:tracks:1234567");
    CHECK (normaliseUrn (json ("1234567"), UrnKind::tracks) == "soundcloud:tracks:1234567");
    CHECK (normaliseUrn (json ("soundcloud:tracks:1234567"), UrnKind::tracks) == "soundcloud:tracks:1234567");
    // Past the 32-bit range, as SoundCloud warned ids would go.
    CHECK (normaliseUrn (json (9876543210123ULL), UrnKind::users) == "soundcloud:users:9876543210123");
    CHECK_FALSE (normaliseUrn (json ("soundcloud:users:5"), UrnKind::tracks).has_value());
    CHECK_FALSE (normaliseUrn (json ("abc"), UrnKind::tracks).has_value());
    CHECK_FALSE (normaliseUrn (json (-3), UrnKind::tracks).has_value());
    CHECK_FALSE (normaliseUrn (json (nullptr), UrnKind::tracks).has_value());
}

TEST_CASE ("soundcloud: timestamps in SoundCloud's format and ISO 8601 parse", "[soundcloud][time]")
{
    using namespace std::chrono;
    const auto expected = sys_days{ 2019y / January / 15 } + 15h + 40min + 49s;

    CHECK (parseTimestamp ("2019/01/15 15:40:49 +0000") == expected);
    CHECK (parseTimestamp ("2019/01/15 16:40:49 +0100") == expected);
    CHECK (parseTimestamp ("2019/01/15 10:10:49 -0530") == expected);
    CHECK (parseTimestamp ("2019-01-15T15:40:49Z") == expected);
    CHECK (parseTimestamp ("2019-01-15T17:40:49.250+02:00") == expected);
    CHECK (formatTimestamp (expected) == "2019/01/15 15:40:49 +0000");

    CHECK_FALSE (parseTimestamp ("").has_value());
    CHECK_FALSE (parseTimestamp ("2019/02/30 10:00:00 +0000").has_value());
    CHECK_FALSE (parseTimestamp ("2019/01/15 15:40:49").has_value());
    CHECK_FALSE (parseTimestamp ("15/01/2019").has_value());
}

TEST_CASE ("soundcloud: tag lists quote multi-word tags and drop stray quotes", "[soundcloud][tags]")
{
    CHECK (buildTagList ({ "techno", "deep house", "geo:lat=43.555" }) == R"(techno "deep house" geo:lat=43.555)");
    CHECK (buildTagList ({ "  lo   fi ", "say \"hi\"", "\"", "", "Techno", "techno" }) == R"("lo fi" "say hi" Techno)");
    CHECK (buildTagList ({}).empty());

    CHECK (parseTagList (R"(techno "deep house" geo:lat=43.555)")
           == std::vector<std::string>{ "techno", "deep house", "geo:lat=43.555" });
    CHECK (parseTagList (buildTagList ({ "a b", "c" })) == std::vector<std::string>{ "a b", "c" });
}

TEST_CASE ("soundcloud: a track parses from the API's JSON, legacy id included", "[soundcloud][model]")
{
    const auto track = parseTrack (json::parse (R"({
        "id": 4242, "title": "Amen — Ünïcode", "duration": 61234, "access": "preview", "streamable": true,
        "downloadable": false, "sharing": "private", "tag_list": "drums \"amen break\"", "genre": "Breakbeat",
        "permalink_url": "https://soundcloud.com/u/amen", "secret_uri": "https://api.soundcloud.com/tracks/4242?secret_token=s-x",
        "created_at": "2026/12/03 10:00:00 +0000", "artwork_url": null,
        "user": {"urn": "soundcloud:users:7", "username": "producer", "avatar_url": "https://i1.sndcdn.com/a.jpg"}
    })"));

    CHECK (track.urn == "soundcloud:tracks:4242");
    CHECK (track.title == "Amen — Ünïcode");
    CHECK (track.durationMs == 61234);
    CHECK (track.access == Access::preview);
    CHECK (track.sharing == "private");
    CHECK (track.tags == std::vector<std::string>{ "drums", "amen break" });
    CHECK (track.artworkUrl.empty());
    CHECK (track.user.urn == "soundcloud:users:7");
    CHECK (track.user.username == "producer");
    REQUIRE (track.createdAt.has_value());
    CHECK (formatTimestamp (*track.createdAt) == "2026/12/03 10:00:00 +0000");

    CHECK_THROWS_AS (parseTrack (json::parse (R"({"title": "no id"})")), MalformedResponse);
    CHECK_THROWS_AS (parseTrack (json::array()), MalformedResponse);
}

TEST_CASE ("soundcloud: /me reports the upload quota where it can", "[soundcloud][model]")
{
    const auto me = parseMe (json::parse (R"({"urn": "soundcloud:users:1", "username": "me",
        "quota": {"unlimited_upload_quota": false, "upload_seconds_used": 100, "upload_seconds_left": 10700},
        "upload_seconds_left": null})"));
    CHECK (me.user.urn == "soundcloud:users:1");
    CHECK_FALSE (me.unlimitedUploadQuota);
    CHECK (me.uploadSecondsLeft == 10700);

    CHECK_FALSE (parseMe (json::parse (R"({"id": 1, "username": "x"})")).uploadSecondsLeft.has_value());
}

TEST_CASE ("soundcloud: streams take any subset of fields", "[soundcloud][model]")
{
    const auto all = parseStreams (json::parse (R"({"hls_aac_160_url": "a", "hls_aac_96_url": "b",
        "preview_mp3_128_url": "c", "http_mp3_128_url": "old"})"));
    CHECK (all.hlsAac160Url == "a");
    CHECK (all.hlsAac96Url == "b");
    CHECK (all.previewMp3128Url == "c");

    const auto previewOnly = parseStreams (json::parse (R"({"preview_mp3_128_url": "c"})"));
    CHECK (previewOnly.hlsAac160Url.empty());
    CHECK (previewOnly.previewMp3128Url == "c");
}

TEST_CASE ("soundcloud: a non-JSON body is a MalformedResponse quoting its start", "[soundcloud][model]")
{
    CHECK_THROWS_WITH (parseJsonBody ("<html><body>502 Bad Gateway</body></html>", "search results"),
                       Catch::Contains ("search results is not JSON") && Catch::Contains ("<html>"));
}

TEST_CASE ("soundcloud: page walks stop on missing, repeated and foreign-host next_href and at the cap",
           "[soundcloud][paging]")
{
    const juce::URL api ("http://127.0.0.1:4100");

    PageWalker walker (api, 10);
    CHECK (walker.next ("http://127.0.0.1:4100/tracks?q=x&offset=50").toString (true)
           == "http://127.0.0.1:4100/tracks?q=x&offset=50");
    CHECK (walker.next ("http://127.0.0.1:4100/tracks?q=x&offset=100").isEmpty() == false);
    CHECK (walker.next ("http://127.0.0.1:4100/tracks?q=x&offset=50").isEmpty());
    CHECK (walker.stopReason() == PageWalker::Stop::repeatedNextPage);
    CHECK (walker.pagesRead() == 3);

    PageWalker foreign (api, 10);
    CHECK (foreign.next ("http://api-internal.soundcloud.local/tracks?cursor=1").isEmpty());
    CHECK (foreign.stopReason() == PageWalker::Stop::foreignHost);

    PageWalker otherPort (api, 10);
    CHECK (otherPort.next ("http://127.0.0.1:4101/tracks?cursor=1").isEmpty());
    CHECK (otherPort.stopReason() == PageWalker::Stop::foreignHost);

    PageWalker done (api, 10);
    CHECK (done.next ("").isEmpty());
    CHECK (done.stopReason() == PageWalker::Stop::noNextPage);

    PageWalker capped (api, 2);
    CHECK_FALSE (capped.next ("http://127.0.0.1:4100/t?c=1").isEmpty());
    CHECK (capped.next ("http://127.0.0.1:4100/t?c=2").isEmpty());
    CHECK (capped.stopReason() == PageWalker::Stop::pageCap);

    CHECK (originOf (juce::URL ("https://API.soundcloud.com/tracks")) == "https://api.soundcloud.com:443");
}
