// The API client against the sandbox's seeded catalogue, and against a misbehaving server for the paging quirks the
// live API has shown (a next_href that repeats forever, one that points at another host).
#include "helpers/SandboxSession.h"
#include "soundcloud/ApiError.h"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <thread>

namespace
{
using namespace wavelift;

std::vector<std::string> urnsOf (const soundcloud::TrackList& list)
{
    std::vector<std::string> urns;
    for (const auto& track : list.tracks)
        urns.push_back (track.urn);
    return urns;
}

class FixedTokens final : public soundcloud::AccessTokens
{
public:
    std::string current (std::stop_token) override { return "test-token"; }
    std::string afterUnauthorized (const std::string&, std::stop_token) override { throw std::runtime_error ("401"); }
    bool actsForUser() const override { return false; }
};
} // namespace

TEST_CASE ("api client: paged search gives exactly the single-page results, in order", "[soundcloud][api][sandbox]")
{
    test::SandboxSession session;
    soundcloud::SearchQuery everything;
    everything.limit = 200;
    const auto single = session.api().searchTracks (everything, 1);
    REQUIRE (single.tracks.size() >= 6);
    CHECK (single.stop == soundcloud::PageWalker::Stop::noNextPage);

    soundcloud::SearchQuery paged = everything;
    paged.limit = 2;
    const auto walked = session.api().searchTracks (paged, 100);
    CHECK (urnsOf (walked) == urnsOf (single));
    CHECK (walked.pages >= (int) (single.tracks.size() + 1) / 2);
    CHECK (walked.pages <= (int) single.tracks.size() / 2 + 1); // a last, empty page is allowed
    CHECK (walked.stop == soundcloud::PageWalker::Stop::noNextPage);

    const auto capped = session.api().searchTracks (paged, 2);
    CHECK (capped.tracks.size() == 4);
    CHECK (capped.stop == soundcloud::PageWalker::Stop::pageCap);

    // Every page request carried the token: next_href is opaque and the header is added again.
    for (const auto& request : session.server().requests())
        if (request.host == "api" && request.path == "/tracks")
            CHECK (request.authorizationScheme == "OAuth");
}

TEST_CASE ("api client: search by tag and resolve a permalink give the exact track", "[soundcloud][api][sandbox]")
{
    test::SandboxSession session;
    soundcloud::SearchQuery all;
    all.limit = 200;
    const auto catalogue = session.api().searchTracks (all, 1).tracks;
    REQUIRE_FALSE (catalogue.empty());
    const auto& known = catalogue.front();
    REQUIRE_FALSE (known.tags.empty());

    soundcloud::SearchQuery byTag;
    byTag.tags = { known.tags.front() };
    const auto tagged = session.api().searchTracks (byTag, 5).tracks;
    REQUIRE_FALSE (tagged.empty());
    for (const auto& track : tagged)
        CHECK (std::find (track.tags.begin(), track.tags.end(), known.tags.front()) != track.tags.end());

    const auto resolved = session.api().resolve (known.permalinkUrl);
    CHECK (resolved.urn == known.urn);
    CHECK (resolved.title == known.title);

    try
    {
        session.api().resolve ("https://soundcloud.com/nobody/no-such-track");
        FAIL ("resolved a track that does not exist");
    }
    catch (const soundcloud::ApiError& e)
    {
        CHECK (e.kind() == soundcloud::ApiErrorKind::notFound);
    }
}

TEST_CASE ("api client: a repeating next_href and a foreign-host next_href end the walk", "[soundcloud][api]")
{
    httplib::Server server;
    std::atomic<int> requests{ 0 };
    std::string nextHref;
    const auto page = [&] (int id)
    {
        return nlohmann::json{
            { "collection", { { { "urn", "soundcloud:tracks:" + std::to_string (id) }, { "title", "t" } } } },
            { "next_href", nextHref }
        }.dump();
    };
    server.Get ("/tracks", [&] (const httplib::Request&, httplib::Response& response)
                { response.set_content (page (++requests), "application/json"); });
    // Bound before the thread starts, so connections queue in the backlog until it accepts them.
    const int port = server.bind_to_any_port ("127.0.0.1");
    std::thread serving ([&] { server.listen_after_bind(); });

    net::HttpClient http;
    FixedTokens tokens;
    const std::string base = "http://127.0.0.1:" + std::to_string (port);
    soundcloud::ApiClient api (juce::URL (juce::String (base)), http, tokens);

    SECTION ("the same next_href forever")
    {
        nextHref = base + "/tracks?cursor=same";
        const auto list = api.searchTracks ({}, 50);
        CHECK (list.stop == soundcloud::PageWalker::Stop::repeatedNextPage);
        CHECK (requests == 2); // the first page, then the cursor once
        CHECK (list.tracks.size() == 2);
    }

    SECTION ("a next_href on a host we were not configured with")
    {
        nextHref = "http://api-internal.example:8080/tracks?cursor=1";
        const auto list = api.searchTracks ({}, 50);
        CHECK (list.stop == soundcloud::PageWalker::Stop::foreignHost);
        CHECK (requests == 1); // the token never went anywhere else
        CHECK (list.tracks.size() == 1);
    }

    server.stop();
    serving.join();
}
