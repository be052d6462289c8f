// The API host: authentication, /me, search over the seeded catalogue, track reads and edits, user lists, resolve.

#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

#include <set>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
constexpr long long firstSeededTrack = 2147483640;

std::string trackUrn (long long offset) { return "soundcloud:tracks:" + std::to_string (firstSeededTrack + offset); }

std::vector<std::string> titlesOf (const nlohmann::json& tracks)
{
    std::vector<std::string> titles;
    for (const auto& track : tracks)
        titles.push_back (track.at ("title").get<std::string>());
    return titles;
}

using Titles = std::vector<std::string>;
} // namespace

TEST_CASE ("sandbox api - every route answers 401 with an empty text/plain body without a valid token",
           "[sandbox][api]")
{
    TestSandbox sandbox;
    const std::vector<std::pair<std::string, std::string>> routes{
        { "GET", "/me" },
        { "GET", "/me/tracks" },
        { "GET", "/users/soundcloud:users:100000002" },
        { "GET", "/users/soundcloud:users:100000002/tracks" },
        { "GET", "/tracks?q=amen" },
        { "POST", "/tracks" },
        { "GET", "/tracks/" + trackUrn (0) },
        { "PUT", "/tracks/" + trackUrn (13) },
        { "DELETE", "/tracks/" + trackUrn (13) },
        { "GET", "/tracks/" + trackUrn (0) + "/streams" },
        { "GET", "/tracks/" + trackUrn (0) + "/preview" },
        { "GET", "/resolve?url=https%3A%2F%2Fsoundcloud.com%2Fbreakbeat-archive" },
        { "POST", "/sign-out" },
        { "GET", "/no/such/route" },
    };
    for (const auto& credentials : { std::string{}, std::string ("Authorization: OAuth not-a-token"),
                                     std::string ("Authorization: Basic Zm9vOmJhcg==") })
    {
        for (const auto& [method, path] : routes)
        {
            HttpRequest request;
            request.method = method;
            request.url = sandbox.api (path);
            if (!credentials.empty())
                request.headers.push_back (credentials);
            const auto response = perform (request);
            INFO (method << " " << path << " with '" << credentials << "'");
            CHECK (response.status == 401);
            CHECK (response.body.empty());
            CHECK (response.header ("content-type") == "text/plain");
        }
    }
}

TEST_CASE ("sandbox api - /me describes the signed-in user with quota", "[sandbox][api]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto me = get (sandbox.api ("/me"), token);
    REQUIRE (me.status == 200);
    CHECK (me.header ("content-type") == "application/json; charset=utf-8");
    const auto body = me.json();
    CHECK (body.at ("urn") == "soundcloud:users:100000001");
    CHECK (body.at ("id") == 100000001);
    CHECK (body.at ("username") == "sandbox_user");
    CHECK (body.at ("kind") == "user");
    CHECK (body.at ("plan") == "Free");
    CHECK (body.at ("track_count") == 2);
    CHECK (body.at ("private_tracks_count") == 1);
    CHECK (body.at ("created_at") == "2023/12/31 10:00:00 +0000");

    const auto mine = get (sandbox.api ("/me/tracks"), token).json();
    long long milliseconds = 0;
    for (const auto& track : mine)
        milliseconds += track.at ("duration").get<long long>();
    const auto used = (milliseconds + 999) / 1000;
    CHECK (body.at ("quota").at ("unlimited_upload_quota") == false);
    CHECK (body.at ("quota").at ("upload_seconds_used") == used);
    CHECK (body.at ("quota").at ("upload_seconds_left") == 10800 - used);
    CHECK (body.at ("upload_seconds_left") == 10800 - used);

    SECTION ("an unlimited plan has a null upload_seconds_left")
    {
        TestSandbox unlimited ([] (Options& options) { options.uploadQuotaSeconds = 0; });
        const auto meUnlimited = get (unlimited.api ("/me"), userTokens (unlimited.server()).accessToken).json();
        CHECK (meUnlimited.at ("quota").at ("unlimited_upload_quota") == true);
        CHECK (meUnlimited.at ("upload_seconds_left").is_null());
        CHECK (meUnlimited.at ("plan") == "Pro Unlimited");
    }
}

TEST_CASE ("sandbox api - search over the seeded catalogue is deterministic", "[sandbox][api][search]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto search = [&] (const std::string& query)
    {
        const auto response = get (sandbox.api ("/tracks?" + query), token);
        REQUIRE (response.status == 200);
        const auto body = response.json();
        REQUIRE (body.is_array()); // without linked_partitioning the (deprecated) bare array
        return titlesOf (body);
    };

    CHECK (search ("q=amen") == Titles{ "Amen Break (Short)", "Amen Break (Full Loop)" });
    CHECK (search ("q=AMEN%20full") == Titles{ "Amen Break (Full Loop)" });
    CHECK (search ("tags=guitar") == Titles{ "Harmonics", "E Fifths", "E Minor 9" });
    CHECK (search ("tags=drum%20loop") == Titles{ "Breakbeat Loop", "Amen Break (Full Loop)" });
    CHECK (search ("genres=Electronic") == Titles{ "Electric Loop", "Compus", "Mika", "Garzul" });
    CHECK (search ("genres=electronic,rock&tags=guitar,arpeggio") == Titles{ "E Fifths", "Mika" });
    CHECK (search ("q=industrial").empty()); // blocked: not in the default access
    CHECK (search ("q=industrial&access=blocked") == Titles{ "Industrial Hit" });
    CHECK (search ("access=preview") == Titles{ "Tabla Groove" });
    CHECK (search ("q=choir").empty()); // private tracks are never found
    CHECK (search ("urns=" + trackUrn (3) + "," + trackUrn (10)) == Titles{ "E Minor 9", "Garzul" });
    CHECK (search ("duration%5Bfrom%5D=8000&duration%5Bto%5D=9000") == Titles{ "Safari", "Mika", "Garzul" });
    CHECK (search ("created_at%5Bfrom%5D=2024-01-14%2000:00:00") == Titles{ "Electric Loop", "Ambient Piano" });
    CHECK (search ("bpm%5Bfrom%5D=130") == Titles{ "Amen Break (Short)", "Amen Break (Full Loop)" });
    CHECK (search ("").size() == 14);
    CHECK (search ("limit=3").size() == 3);
    CHECK (search ("limit=500").size() == 14); // clamped to 200

    const auto bad = get (sandbox.api ("/tracks?limit=lots"), token);
    CHECK (bad.status == 400);
    CHECK (field (bad, "code") == 400);
    CHECK (get (sandbox.api ("/tracks?access=everything"), token).status == 400);
}

TEST_CASE ("sandbox api - linked partitioning walks every page through next_href", "[sandbox][api][search]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    std::vector<std::string> titles;
    std::string next = sandbox.api ("/tracks?q=sonic&limit=4&linked_partitioning=true");
    int pages = 0;
    while (!next.empty())
    {
        const auto page = get (next, token);
        REQUIRE (page.status == 200);
        const auto body = page.json();
        REQUIRE (body.contains ("collection"));
        for (const auto& title : titlesOf (body["collection"]))
            titles.push_back (title);
        ++pages;
        if (!body.contains ("next_href"))
            break;
        next = body["next_href"].get<std::string>();
        // Search pages with offset=, like the live search endpoints (#167); the filters are kept.
        CHECK (queryOf (next).at ("offset") == std::to_string (pages * 4));
        CHECK (queryOf (next).at ("q") == "sonic");
        REQUIRE (pages < 10);
    }
    CHECK (pages == 4);
    CHECK (titles.size() == 14);
    CHECK (std::set<std::string> (titles.begin(), titles.end()).size() == 14);
    CHECK (titles.front() == "Electric Loop");
    CHECK (titles.back() == "Amen Break (Full Loop)");
}

TEST_CASE ("sandbox api - tracks by urn or numeric id - private ones only for their owner or by secret token",
           "[sandbox][api]")
{
    TestSandbox sandbox;
    const auto owner = userTokens (sandbox.server()).accessToken;
    const auto app = appTokens (sandbox.server()).accessToken;

    const auto byUrn = get (sandbox.api ("/tracks/" + trackUrn (0)), app);
    REQUIRE (byUrn.status == 200);
    const auto track = byUrn.json();
    CHECK (track.at ("urn") == trackUrn (0));
    CHECK (track.at ("id") == firstSeededTrack);
    CHECK (track.at ("kind") == "track");
    CHECK (track.at ("title") == "Amen Break (Full Loop)");
    CHECK (track.at ("created_at") == "2024/01/01 10:00:00 +0000");
    CHECK (track.at ("duration") == 6857);
    CHECK (track.at ("access") == "playable");
    CHECK (track.at ("sharing") == "public");
    CHECK (track.at ("tag_list") == "breakbeat amen \"drum loop\"");
    CHECK (track.at ("permalink_url") == "https://soundcloud.com/breakbeat-archive/amen-break-full-loop");
    CHECK (track.at ("user").at ("username") == "breakbeat-archive");
    CHECK (track.at ("uri") == sandbox.api ("/tracks/" + trackUrn (0)));
    CHECK_FALSE (track.contains ("secret_uri"));

    const auto byId = get (sandbox.api ("/tracks/" + std::to_string (firstSeededTrack)), app);
    CHECK (byId.status == 200);
    CHECK (byId.json() == track);

    // Ids above 2^31 - 1 work (live ids are leaving the 32-bit range).
    CHECK (field (get (sandbox.api ("/tracks/2147483650"), app), "title") == "E Minor 9");

    const auto missing = get (sandbox.api ("/tracks/soundcloud:tracks:1"), app);
    CHECK (missing.status == 404);
    CHECK (field (missing, "code") == 404);
    CHECK (field (missing, "status") == "404 - Not Found");

    const auto privateTrack = get (sandbox.api ("/tracks/" + trackUrn (14)), owner);
    REQUIRE (privateTrack.status == 200);
    const auto secretUri = field (privateTrack, "secret_uri").get<std::string>();
    REQUIRE (secretUri.starts_with (sandbox.api ("/tracks/" + trackUrn (14) + "?secret_token=s-")));
    const auto secret = queryOf (secretUri).at ("secret_token");
    CHECK (field (privateTrack, "permalink_url") == "https://soundcloud.com/sandbox_user/choir-sketch/" + secret);

    CHECK (get (sandbox.api ("/tracks/" + trackUrn (14)), app).status == 404);
    CHECK (get (secretUri, app).status == 200);
    CHECK (get (sandbox.api ("/tracks/" + trackUrn (14) + "?secret_token=s-wrong"), app).status == 404);
}

TEST_CASE ("sandbox api - user track lists page with an opaque cursor", "[sandbox][api]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;

    const auto mine = get (sandbox.api ("/me/tracks"), token);
    REQUIRE (mine.status == 200);
    CHECK (titlesOf (mine.json()) == Titles{ "Electric Loop", "Choir Sketch", "Ambient Piano" });
    CHECK (titlesOf (get (sandbox.api ("/me/tracks?sort=asc"), token).json())
           == Titles{ "Ambient Piano", "Choir Sketch", "Electric Loop" });

    const auto firstPage = get (sandbox.api ("/me/tracks?limit=2&linked_partitioning=true"), token).json();
    CHECK (titlesOf (firstPage.at ("collection")) == Titles{ "Electric Loop", "Choir Sketch" });
    const auto next = firstPage.at ("next_href").get<std::string>();
    CHECK (queryOf (next).count ("cursor") == 1);
    CHECK (queryOf (next).count ("offset") == 0);
    const auto secondPage = get (next, token).json();
    CHECK (titlesOf (secondPage.at ("collection")) == Titles{ "Ambient Piano" });
    CHECK_FALSE (secondPage.contains ("next_href"));

    const auto theirs = get (sandbox.api ("/users/soundcloud:users:100000004/tracks"), token);
    REQUIRE (theirs.status == 200);
    CHECK (titlesOf (theirs.json()) == Titles{ "Tabla Groove", "Safari" }); // the blocked one needs access=blocked
    CHECK (titlesOf (get (sandbox.api ("/users/100000004/tracks?access=blocked"), token).json())
           == Titles{ "Industrial Hit" });
    // Others see only public tracks.
    const auto app = appTokens (sandbox.server()).accessToken;
    CHECK (titlesOf (get (sandbox.api ("/users/soundcloud:users:100000001/tracks"), app).json())
           == Titles{ "Electric Loop", "Ambient Piano" });
    CHECK (get (sandbox.api ("/users/soundcloud:users:42/tracks"), app).status == 404);

    const auto user = get (sandbox.api ("/users/soundcloud:users:100000003"), app);
    REQUIRE (user.status == 200);
    CHECK (field (user, "username") == "garzul-loops");
    CHECK (field (user, "track_count") == 4);
}

TEST_CASE ("sandbox api - PUT edits with JSON or multipart - only by the owner - DELETE removes", "[sandbox][api]")
{
    TestSandbox sandbox;
    const auto owner = userTokens (sandbox.server()).accessToken;
    const auto url = sandbox.api ("/tracks/" + trackUrn (13));

    HttpRequest json;
    json.method = "PUT";
    json.url = url;
    json.headers = { authorizationHeader (owner), "Content-Type: application/json" };
    json.body = nlohmann::json{
        { "track",
          { { "title", "Ambient Piano (edit)" },
            { "genre", "Classical" },
            { "tag_list", "piano \"late night\"" },
            { "downloadable", false },
            { "release_date", "2024-05-17" },
            { "license", "cc-by-sa" } } }
    }.dump();
    const auto edited = perform (json);
    REQUIRE (edited.status == 200);
    const auto body = edited.json();
    CHECK (body.at ("title") == "Ambient Piano (edit)");
    CHECK (body.at ("genre") == "Classical");
    CHECK (body.at ("tag_list") == "piano \"late night\"");
    CHECK (body.at ("downloadable") == false);
    CHECK (body.at ("download_url").is_null());
    CHECK (body.at ("license") == "cc-by-sa");
    CHECK (body.at ("release_year") == 2024);
    CHECK (body.at ("release_month") == 5);
    CHECK (body.at ("release_day") == 17);
    CHECK (field (get (url, owner), "title") == "Ambient Piano (edit)");

    HttpRequest multipart;
    multipart.method = "PUT";
    multipart.url = url;
    multipart.headers = { authorizationHeader (owner) };
    multipart.form = { FormPart::text ("track[sharing]", "private"),
                       FormPart::text ("track[description]", "now hidden") };
    const auto madePrivate = perform (multipart);
    REQUIRE (madePrivate.status == 200);
    CHECK (field (madePrivate, "sharing") == "private");
    CHECK (field (madePrivate, "description") == "now hidden");
    CHECK (field (madePrivate, "secret_uri").get<std::string>().find ("secret_token=s-") != std::string::npos);

    SECTION ("invalid values are 422")
    {
        json.body = R"({"track":{"sharing":"friends-only"}})";
        const auto invalid = perform (json);
        CHECK (invalid.status == 422);
        CHECK (field (invalid, "message").get<std::string>().find ("sharing") != std::string::npos);
    }
    SECTION ("someone else's track is 403 (404 when they can't see it)")
    {
        HttpRequest other = json;
        other.url = sandbox.api ("/tracks/" + trackUrn (0));
        other.body = R"({"track":{"title":"mine now"}})";
        CHECK (perform (other).status == 403);
        other.method = "DELETE";
        other.body.reset();
        CHECK (perform (other).status == 403);
    }
    SECTION ("DELETE by the owner")
    {
        HttpRequest remove;
        remove.method = "DELETE";
        remove.url = url;
        remove.headers = { authorizationHeader (owner) };
        const auto deleted = perform (remove);
        CHECK (deleted.status == 200);
        CHECK (deleted.json() == nlohmann::json{ { "status", "200 - OK" } });
        CHECK (get (url, owner).status == 404);
        CHECK (perform (remove).status == 404);
    }
}

TEST_CASE ("sandbox api - resolve answers 302 with Location and the JSON body", "[sandbox][api]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto resolve = [&] (const std::string& url)
    { return get (sandbox.api ("/resolve?url=" + urlEncode (url)), token); };

    const auto track = resolve ("https://soundcloud.com/breakbeat-archive/amen-break-short");
    CHECK (track.status == 302);
    // Like the live API (#403) the Location still uses the numeric id.
    const auto expected = sandbox.api ("/tracks/" + std::to_string (firstSeededTrack + 1));
    CHECK (track.header ("location") == expected);
    CHECK (track.json() == nlohmann::json{ { "status", "302 - Found" }, { "location", expected } });

    const auto user = resolve ("https://soundcloud.com/garzul-loops");
    CHECK (user.status == 302);
    CHECK (user.header ("location") == sandbox.api ("/users/100000003"));

    // A private track resolves for its owner, and for others only through its secret permalink.
    CHECK (resolve ("https://soundcloud.com/sandbox_user/choir-sketch").status == 302);
    const auto app = appTokens (sandbox.server()).accessToken;
    const auto resolveAsApp = [&] (const std::string& url)
    { return get (sandbox.api ("/resolve?url=" + urlEncode (url)), app); };
    CHECK (resolveAsApp ("https://soundcloud.com/sandbox_user/choir-sketch").status == 404);
    const auto secretPermalink = field (get (sandbox.api ("/tracks/" + trackUrn (14)), token), "permalink_url");
    const auto privateTrack = resolveAsApp (secretPermalink.get<std::string>());
    CHECK (privateTrack.status == 302);
    CHECK (privateTrack.header ("location").find ("secret_token=s-") != std::string::npos);

    const auto unknown = resolve ("https://soundcloud.com/nobody/nothing");
    CHECK (unknown.status == 404);
    CHECK (field (unknown, "code") == 404);
    CHECK (resolve ("https://example.com/breakbeat-archive").status == 404);

    // Following the redirect with the header (as the maintainers advise, #104) lands on the track.
    HttpRequest follow;
    follow.url = sandbox.api ("/resolve?url=" + urlEncode ("https://soundcloud.com/string-theory/e-minor-9"));
    follow.headers = { authorizationHeader (token) };
    follow.followRedirects = true;
    const auto followed = perform (follow);
    CHECK (followed.status == 200);
    CHECK (field (followed, "title") == "E Minor 9");
}
