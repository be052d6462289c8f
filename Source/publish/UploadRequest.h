#pragma once

#include "net/MultipartBody.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::publish
{
/** The track fields a producer sets when publishing. */
struct TrackFields
{
    std::string title;
    std::vector<std::string> tags;
    std::string description;
    std::string genre;
    std::string sharing = "private"; // private unless the producer says otherwise
    bool downloadable = false;       // always sent: the API defaults to true
    std::string license;             // empty: the account's default
    std::optional<std::filesystem::path> artwork;
};

struct UploadRequest
{
    std::filesystem::path audioFile;
    TrackFields fields;
};

/** A file name SoundCloud takes: ASCII letters, digits, '.', '-' and '_' (UTF-8 names have made the API answer
    500), the extension kept, never empty. */
std::string asciiSafeFileName (const std::filesystem::path& file);

/** The audio Content-Type for a file name's extension (audio/wav, audio/flac, ...); application/octet-stream when
    unknown. */
std::string audioContentType (const std::filesystem::path& file);

/** "image/png" or "image/jpeg" from the file's first bytes; nullopt for anything else. */
std::optional<std::string> imageContentType (const std::filesystem::path& file);

/** The POST /tracks body: track[title], track[sharing], track[downloadable], then the optional text fields, then
    track[asset_data] streamed from disk. Never the artwork: the live API answers 500 when an upload carries it
    (#409); it goes afterwards in buildArtworkBody's PUT. Throws std::runtime_error for an artwork file that is not
    PNG or JPEG (checked here so nothing is sent for a request that would end half done). `boundary` fixes the
    boundary (tests); empty picks a random one. */
std::shared_ptr<net::MultipartBody> buildUploadBody (const UploadRequest& request, const std::string& boundary = {});

/** The PUT /tracks/{urn} body that sets a track's artwork: track[artwork_data] streamed from disk. Throws
    std::runtime_error for a file that is not PNG or JPEG. */
std::shared_ptr<net::MultipartBody> buildArtworkBody (const std::filesystem::path& artwork,
                                                      const std::string& boundary = {});
} // namespace wavelift::publish
