#pragma once

#include "net/HttpClient.h"
#include "soundcloud/Models.h"
#include "soundcloud/Pagination.h"

#include <juce_core/juce_core.h>

#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace wavelift::soundcloud
{
/** Where API calls get their access token (the signed-in session, or an app-only client-credentials token). */
class AccessTokens
{
public:
    virtual ~AccessTokens() = default;

    /** A token valid for a while yet (refreshing first when it is about to expire). Throws when there is none. */
    virtual std::string current (std::stop_token stop) = 0;

    /** The API refused `rejected` with 401: refresh once and return the new token, or throw (sign in again). */
    virtual std::string afterUnauthorized (const std::string& rejected, std::stop_token stop) = 0;

    /** False for app-only tokens, which can read but cannot upload. */
    virtual bool actsForUser() const = 0;
};

/** The request never got a response (network down, reset, cancelled, stalled). */
class NetworkError : public std::runtime_error
{
public:
    explicit NetworkError (net::NetFailure failureToKeep)
        : std::runtime_error ("network error: " + failureToKeep.describe())
        , failure (std::move (failureToKeep))
    {
    }

    const net::NetFailure failure;
};

struct SearchQuery
{
    std::string text;                        // q
    std::vector<std::string> genres, tags;   // comma lists
    std::string access = "playable,preview"; // the API's default, sent explicitly
    int limit = 50;                          // 1-200 per page
};

/** Tracks from one or more pages, and why the walk stopped. */
struct TrackList
{
    std::vector<Track> tracks;
    int pages = 0;
    PageWalker::Stop stop = PageWalker::Stop::none;
};

/** One page of a paged track list and the opaque link to the next (empty on the last page). */
struct TrackPage
{
    std::vector<Track> tracks;
    std::string nextHref;
};

/** SoundCloud's API on our HTTP layer: every call carries `Authorization: OAuth <token>` and asks for JSON, a 401 is
    retried once with a refreshed token, and every other failure is a typed ApiError (with the server's words) or a
    NetworkError. No call retries on its own beyond that: 429s and 5xx go back to the caller, who knows whether a
    retry makes sense (no retry storms). Blocking: call from a worker thread. */
class ApiClient
{
public:
    ApiClient (juce::URL apiBase, const net::HttpClient& http, AccessTokens& tokens);

    Me me (std::stop_token stop = {});
    TrackList searchTracks (const SearchQuery& query, int maxPages, std::stop_token stop = {});
    /** The first page's URL of a search, for reading it one page at a time with trackPage() (a list that loads more
        as the producer scrolls). Pass each page's nextHref through a PageWalker to get the next URL. */
    juce::URL searchUrl (const SearchQuery& query) const;
    /** Reads one page of a paged track list (a first-page URL or a PageWalker-checked next_href). */
    TrackPage trackPage (const juce::URL& page, std::stop_token stop = {});
    TrackList myTracks (int limit, int maxPages, std::stop_token stop = {});
    TrackList userTracks (const std::string& userUrn, int limit, int maxPages, std::stop_token stop = {});
    Track track (const std::string& trackUrn, std::stop_token stop = {});
    /** A soundcloud.com URL (or on.soundcloud.com short link) to its track. */
    Track resolve (const std::string& soundcloudUrl, std::stop_token stop = {});
    Streams streams (const std::string& trackUrn, std::stop_token stop = {});
    void deleteTrack (const std::string& trackUrn, std::stop_token stop = {});

    /** Follows one of /streams' API-host redirector URLs with the Authorization header and without following the
        redirect, and returns the signed CDN URL it points at. That URL must be fetched WITHOUT a token. */
    juce::URL resolveStreamUrl (const std::string& redirectorUrl, std::stop_token stop = {});

    /** Sends a request to the API host with the token (retrying once after a 401) and returns the 2xx (or, when
        `acceptRedirect`, 3xx) response; throws ApiError or NetworkError otherwise. */
    net::Response send (net::Request request, std::stop_token stop = {}, bool acceptRedirect = false);

    const juce::URL& apiBase() const noexcept { return base; }
    AccessTokens& tokens() noexcept { return accessTokens; }
    const net::HttpClient& http() const noexcept { return client; }

    /** The API URL for a path such as "/tracks" with query parameters. */
    juce::URL endpoint (const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& query = {}) const;

private:
    TrackList walkTracks (juce::URL firstPage, int maxPages, std::stop_token stop);

    juce::URL base;
    const net::HttpClient& client;
    AccessTokens& accessTokens;
};

/** Joins values with commas (the API's list parameters). */
std::string commaList (const std::vector<std::string>& values);
} // namespace wavelift::soundcloud
