#pragma once

#include "sandbox/Model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace wavelift::sandbox
{
/** Where the resources live, for the URLs inside the JSON. */
struct PublicUrls
{
    std::string api;
    std::string permalinkBase;
    std::string cdn; // artwork images, as on i1.sndcdn.com
};

/** The public, unsigned CDN URL of a track's artwork ("-large" is 100x100 on the live CDN; the sandbox serves the
    uploaded image at every size); empty when the track has none. */
std::string artworkUrl (const TrackRecord& track, const std::string& cdnBase);

/** SPEC `User`, with the numeric id the live API still sends. */
nlohmann::json userJson (const UserRecord& user, const State& state, const PublicUrls& urls);

/** SPEC `Me`: the User fields plus quota, upload_seconds_left and the private counts. */
nlohmann::json meJson (const UserRecord& user, const State& state, const PublicUrls& urls);

/** SPEC `Track`, with the live quirks: numeric id, "yyyy/MM/dd HH:mm:ss +0000" timestamps, URN-style uri.
    `revealSecret` adds secret_uri (and the secret permalink) of a private track for its owner. */
nlohmann::json trackJson (const TrackRecord& track, const State& state, const PublicUrls& urls, bool revealSecret);

std::string trackPermalinkUrl (const TrackRecord& track, const UserRecord& owner, const PublicUrls& urls);
std::string userPermalinkUrl (const UserRecord& user, const PublicUrls& urls);

/** Seconds of audio the user's tracks take from the upload quota. */
std::int64_t uploadSecondsUsed (const State& state, std::int64_t userId);
} // namespace wavelift::sandbox
