#include "sandbox/CdnHost.h"

#include "sandbox/FileUtil.h"
#include "sandbox/HttpListener.h"
#include "sandbox/MediaTools.h"
#include "sandbox/StateStore.h"
#include "sandbox/UrlSigner.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

namespace wavelift::sandbox
{
namespace fs = std::filesystem;

namespace
{
    void sendXmlError (httplib::Response& response, int status, const std::string& code, const std::string& message)
    {
        response.status = status;
        response.set_header ("Server", "AmazonS3");
        response.set_header ("X-Cache", "Error from cloudfront");
        response.set_content ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                                  + message + "</Message></Error>",
                              "application/xml");
    }

    std::string contentTypeFor (const fs::path& file)
    {
        const auto extension = file.extension().string();
        if (extension == ".m3u8")
            return "application/vnd.apple.mpegurl";
        if (extension == ".ts")
            return "video/MP2T";
        if (extension == ".m4s")
            return "video/iso.segment";
        if (extension == ".mp4")
            return "audio/mp4";
        if (extension == ".mp3")
            return "audio/mpeg";
        if (extension == ".flac")
            return "audio/flac";
        if (extension == ".jpg")
            return "image/jpeg";
        if (extension == ".png")
            return "image/png";
        if (extension == ".wav")
            return "audio/wav";
        return "application/octet-stream";
    }

    std::string queryOf (const httplib::Request& request)
    {
        const auto question = request.target.find ('?');
        return question == std::string::npos ? std::string{} : request.target.substr (question + 1);
    }

    /** Appends the signed query to every URI of the playlist (segments and the fMP4 init section). */
    std::string signPlaylist (const std::string& playlist, const std::string& query)
    {
        std::istringstream lines (playlist);
        std::string out;
        for (std::string line; std::getline (lines, line);)
        {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.starts_with ("#EXT-X-MAP:"))
            {
                const auto start = line.find ("URI=\"");
                const auto end = start == std::string::npos ? start : line.find ('"', start + 5);
                if (end != std::string::npos)
                    line.insert (end, "?" + query);
            }
            else if (!line.empty() && line.front() != '#')
            {
                line += "?" + query;
            }
            out += line + "\n";
        }
        return out;
    }

    void serveFile (httplib::Response& response, const fs::path& file)
    {
        auto stream = std::make_shared<std::ifstream> (file, std::ios::binary);
        std::error_code error;
        const auto size = fs::file_size (file, error);
        if (!*stream || error)
        {
            sendXmlError (response, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        response.status = 200;
        response.set_header ("Cache-Control", "max-age=300");
        response.set_header ("Access-Control-Allow-Origin", "*");
        response.set_content_provider (static_cast<std::size_t> (size), contentTypeFor (file),
                                       [stream] (std::size_t offset, std::size_t length, httplib::DataSink& sink)
                                       {
                                           char buffer[65536];
                                           stream->clear();
                                           stream->seekg (static_cast<std::streamoff> (offset));
                                           const auto take = std::min (length, sizeof (buffer));
                                           stream->read (buffer, static_cast<std::streamsize> (take));
                                           const auto got = static_cast<std::size_t> (stream->gcount());
                                           return got > 0 && sink.write (buffer, got);
                                       });
    }
} // namespace

CdnHost::CdnHost (HttpListener& listener, fs::path dataDir, const StateStore& store, const UrlSigner& signer,
                  std::function<std::int64_t()> epochNow)
    : listener_ (listener)
    , dataDir_ (std::move (dataDir))
    , store_ (store)
    , signer_ (signer)
    , epochNow_ (std::move (epochNow))
{
    registerRoutes (listener);
}

std::string CdnHost::signedPlaylistUrl (const TrackRecord& track, Rendition rendition, std::int64_t expiresAt) const
{
    const auto folder = "/media/" + track.mediaKey + "/" + hlsFolderName (rendition) + "/";
    return listener_.baseUrl() + folder + playlistFileName + "?" + signer_.sign (folder + "*", expiresAt);
}

std::string CdnHost::signedPreviewUrl (const TrackRecord& track, std::int64_t expiresAt) const
{
    const auto path = "/preview/0/30/" + track.mediaKey + ".128.mp3";
    return listener_.baseUrl() + path + "?" + signer_.sign (path, expiresAt);
}

std::string CdnHost::signedOriginalUrl (const TrackRecord& track, std::int64_t expiresAt) const
{
    const auto path = "/originals/" + track.mediaKey + "/original." + track.originalFormat;
    return listener_.baseUrl() + path + "?" + signer_.sign (path, expiresAt);
}

std::string CdnHost::baseUrl() const { return listener_.baseUrl(); }

void CdnHost::registerRoutes (HttpListener& listener)
{
    // Artwork is public on the live CDN (i1.sndcdn.com): no signature, but still no Authorization header.
    listener.route (
        "GET", R"(/artworks-([A-Za-z0-9_-]+)-(large|t500x500|t300x300|crop|small|badge|tiny|mini|original)\.(jpg|png))",
        [this] (const httplib::Request& request, httplib::Response& response, RequestBody&)
        {
            if (request.has_header ("Authorization"))
            {
                sendXmlError (response, 403, "AccessDenied",
                              "Requests with an Authorization header are not accepted by the CDN.");
                return;
            }
            const auto key = request.matches[1].str();
            const auto extension = "." + request.matches[3].str();
            const auto artwork = store_.read (
                [&] (const State& state)
                {
                    for (const auto& track : state.tracks)
                        if (track.mediaKey == key && !track.artworkFile.empty()
                            && std::filesystem::path (track.artworkFile).extension() == extension)
                            return track.artworkFile;
                    return std::string{};
                });
            if (artwork.empty())
                return sendXmlError (response, 404, "NoSuchKey", "The specified key does not exist.");
            serveFile (response, dataDir_ / artwork);
        });

    // Every CDN request goes through the same gate: no Authorization header, a valid unexpired signature.
    const auto admitted = [this] (const httplib::Request& request, httplib::Response& response)
    {
        if (request.has_header ("Authorization"))
        {
            sendXmlError (response, 403, "AccessDenied",
                          "Requests with an Authorization header are not accepted by the CDN.");
            return false;
        }
        const auto verdict = signer_.verify (request.path, request.params, epochNow_());
        switch (verdict)
        {
            case UrlSigner::Verdict::valid: return true;
            case UrlSigner::Verdict::missing:
                sendXmlError (response, 403, "MissingKey", "Missing Key-Pair-Id query parameter or cookie value");
                return false;
            case UrlSigner::Verdict::expired:
                sendXmlError (response, 403, "AccessDenied", "Access denied (the signed URL has expired)");
                return false;
            default: sendXmlError (response, 403, "AccessDenied", "Access denied"); return false;
        }
    };

    listener.route ("GET", R"(/media/([A-Za-z0-9_-]+)/(aac_160k|aac_96k)/([A-Za-z0-9_-]+\.(m3u8|ts|m4s|mp4)))",
                    [this, admitted] (const httplib::Request& request, httplib::Response& response, RequestBody&)
                    {
                        if (!admitted (request, response))
                            return;
                        const auto file = dataDir_ / "media" / request.matches[1].str() / request.matches[2].str()
                                          / request.matches[3].str();
                        if (file.extension() != ".m3u8")
                        {
                            serveFile (response, file);
                            return;
                        }
                        const auto playlist = readWholeFile (file);
                        if (!playlist)
                        {
                            sendXmlError (response, 404, "NoSuchKey", "The specified key does not exist.");
                            return;
                        }
                        response.status = 200;
                        response.set_header ("Cache-Control", "max-age=300");
                        response.set_header ("Access-Control-Allow-Origin", "*");
                        response.set_content (signPlaylist (*playlist, queryOf (request)),
                                              "application/vnd.apple.mpegurl");
                    });

    listener.route ("GET", R"(/preview/0/30/([A-Za-z0-9_-]+)\.128\.mp3)",
                    [this, admitted] (const httplib::Request& request, httplib::Response& response, RequestBody&)
                    {
                        if (admitted (request, response))
                            serveFile (response, dataDir_ / "media" / request.matches[1].str() / previewFileName);
                    });

    listener.route ("GET", R"(/originals/([A-Za-z0-9_-]+)/original\.([a-z0-9]+))",
                    [this, admitted] (const httplib::Request& request, httplib::Response& response, RequestBody&)
                    {
                        if (!admitted (request, response))
                            return;
                        const auto key = request.matches[1].str();
                        const auto asset = store_.read (
                            [&] (const State& state)
                            {
                                const auto it =
                                    std::find_if (state.tracks.begin(), state.tracks.end(),
                                                  [&] (const auto& track) { return track.mediaKey == key; });
                                return it == state.tracks.end() ? std::string{} : it->assetFile;
                            });
                        if (asset.empty())
                        {
                            sendXmlError (response, 404, "NoSuchKey", "The specified key does not exist.");
                            return;
                        }
                        serveFile (response, dataDir_ / asset);
                    });

    listener.setNotFoundHandler (
        [] (const httplib::Request&, httplib::Response& response, RequestBody& body)
        {
            body.discard();
            sendXmlError (response, 403, "AccessDenied", "Access denied");
        });
}
} // namespace wavelift::sandbox
