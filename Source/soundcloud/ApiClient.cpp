#include "soundcloud/ApiClient.h"

#include "net/FormEncoding.h"
#include "soundcloud/ApiError.h"

#include <nlohmann/json.hpp>

namespace wavelift::soundcloud
{
namespace
{
    constexpr const char* acceptJson = "application/json; charset=utf-8";

    /** The track list of a page: the linked-partitioning object, or the deprecated bare array. */
    std::pair<std::vector<Track>, std::string> parseTrackPage (const std::string& body)
    {
        const auto json = parseJsonBody (body, "the track list");
        std::vector<Track> tracks;
        std::string next;
        const nlohmann::json* items = &json;
        if (json.is_object())
        {
            const auto collection = json.find ("collection");
            if (collection == json.end() || !collection->is_array())
                throw MalformedResponse ("the track list has no collection");
            items = &*collection;
            if (const auto href = json.find ("next_href"); href != json.end() && href->is_string())
                next = href->get<std::string>();
        }
        else if (!json.is_array())
            throw MalformedResponse ("the track list is neither a page nor an array");

        for (const auto& item : *items)
            tracks.push_back (parseTrack (item));
        return { std::move (tracks), next };
    }

    std::string headerOr (const net::Response& response, const char* name)
    {
        const auto value = response.headers.get (name);
        return value ? *value : std::string();
    }
} // namespace

std::string commaList (const std::vector<std::string>& values)
{
    std::string joined;
    for (const auto& value : values)
        joined += (joined.empty() ? "" : ",") + value;
    return joined;
}

ApiClient::ApiClient (juce::URL apiBase, const net::HttpClient& http, AccessTokens& tokens)
    : base (std::move (apiBase))
    , client (http)
    , accessTokens (tokens)
{
}

juce::URL ApiClient::endpoint (const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& query) const
{
    auto text = base.toString (false).trimCharactersAtEnd ("/").toStdString() + path;
    char separator = '?';
    for (const auto& [name, value] : query)
    {
        text += separator + net::percentEncode (name) + "=" + net::percentEncode (value);
        separator = '&';
    }
    return juce::URL (juce::String (text));
}

net::Response ApiClient::send (net::Request request, std::stop_token stop, bool acceptRedirect)
{
    if (!request.headers.get ("Accept"))
        request.headers.set ("Accept", acceptJson);

    auto token = accessTokens.current (stop);
    for (int attempt = 0;; ++attempt)
    {
        request.headers.set ("Authorization", "OAuth " + token);
        auto result = client.perform (request, stop);
        if (!result.ok())
            throw NetworkError (result.failure());

        auto& response = result.response();
        if (response.isSuccess() || (acceptRedirect && response.isRedirect()))
            return std::move (response);

        if (response.status == 401 && attempt == 0)
        {
            token = accessTokens.afterUnauthorized (token, stop);
            continue;
        }
        throw classifyErrorResponse (response.status, headerOr (response, "Content-Type"), response.body);
    }
}

Me ApiClient::me (std::stop_token stop)
{
    return parseMe (parseJsonBody (send (net::Request::get (endpoint ("/me")), stop).body, "/me"));
}

TrackList ApiClient::walkTracks (juce::URL page, int maxPages, std::stop_token stop)
{
    TrackList list;
    PageWalker walker (base, std::max (1, maxPages));
    while (!page.isEmpty())
    {
        // next_href is opaque: sent as it came, with the Authorization header added again by send().
        auto [tracks, next] = trackPage (page, stop);
        for (auto& track : tracks)
            list.tracks.push_back (std::move (track));
        page = walker.next (next);
    }
    list.pages = walker.pagesRead();
    list.stop = walker.stopReason();
    return list;
}

TrackPage ApiClient::trackPage (const juce::URL& page, std::stop_token stop)
{
    auto [tracks, next] = parseTrackPage (send (net::Request::get (page), stop).body);
    return { std::move (tracks), std::move (next) };
}

TrackList ApiClient::searchTracks (const SearchQuery& query, int maxPages, std::stop_token stop)
{
    return walkTracks (searchUrl (query), maxPages, stop);
}

juce::URL ApiClient::searchUrl (const SearchQuery& query) const
{
    std::vector<std::pair<std::string, std::string>> parameters;
    if (!query.text.empty())
        parameters.emplace_back ("q", query.text);
    if (!query.genres.empty())
        parameters.emplace_back ("genres", commaList (query.genres));
    if (!query.tags.empty())
        parameters.emplace_back ("tags", commaList (query.tags));
    if (!query.access.empty())
        parameters.emplace_back ("access", query.access);
    parameters.emplace_back ("limit", std::to_string (std::clamp (query.limit, 1, 200)));
    parameters.emplace_back ("linked_partitioning", "true");
    return endpoint ("/tracks", parameters);
}

TrackList ApiClient::myTracks (int limit, int maxPages, std::stop_token stop)
{
    return walkTracks (endpoint ("/me/tracks", { { "limit", std::to_string (std::clamp (limit, 1, 200)) },
                                                 { "linked_partitioning", "true" } }),
                       maxPages, stop);
}

TrackList ApiClient::userTracks (const std::string& userUrn, int limit, int maxPages, std::stop_token stop)
{
    return walkTracks (
        endpoint ("/users/" + net::percentEncode (userUrn) + "/tracks",
                  { { "limit", std::to_string (std::clamp (limit, 1, 200)) }, { "linked_partitioning", "true" } }),
        maxPages, stop);
}

Track ApiClient::track (const std::string& trackUrn, std::stop_token stop)
{
    return parseTrack (parseJsonBody (
        send (net::Request::get (endpoint ("/tracks/" + net::percentEncode (trackUrn))), stop).body, "the track"));
}

Track ApiClient::resolve (const std::string& soundcloudUrl, std::stop_token stop)
{
    // /resolve answers 302 to the object on the API host; follow it ourselves so the token goes along (and only to
    // the API host).
    const auto response = send (net::Request::get (endpoint ("/resolve", { { "url", soundcloudUrl } })), stop, true);
    if (!response.isRedirect())
        return parseTrack (parseJsonBody (response.body, "the resolved object"));

    const auto location = headerOr (response, "Location");
    const juce::URL target{ juce::String (location) };
    if (location.empty() || originOf (target) != originOf (base))
        throw ApiError (ApiErrorKind::unexpected, response.status,
                        "resolve pointed outside the API host: " + location.substr (0, location.find ('?')));
    return parseTrack (parseJsonBody (send (net::Request::get (target), stop).body, "the resolved track"));
}

Streams ApiClient::streams (const std::string& trackUrn, std::stop_token stop)
{
    return parseStreams (parseJsonBody (
        send (net::Request::get (endpoint ("/tracks/" + net::percentEncode (trackUrn) + "/streams")), stop).body,
        "the streams"));
}

void ApiClient::deleteTrack (const std::string& trackUrn, std::stop_token stop)
{
    auto request = net::Request::get (endpoint ("/tracks/" + net::percentEncode (trackUrn)));
    request.method = "DELETE";
    send (std::move (request), stop);
}

juce::URL ApiClient::resolveStreamUrl (const std::string& redirectorUrl, std::stop_token stop)
{
    const juce::URL redirector{ juce::String (redirectorUrl) };
    if (originOf (redirector) != originOf (base))
        throw ApiError (ApiErrorKind::unexpected, 0, "a stream URL outside the API host was refused");

    const auto response = send (net::Request::get (redirector), stop, true);
    const auto location = headerOr (response, "Location");
    if (!response.isRedirect() || location.empty())
        throw ApiError (ApiErrorKind::unexpected, response.status, "the stream URL did not redirect to the CDN");
    return juce::URL (juce::String (location));
}
} // namespace wavelift::soundcloud
