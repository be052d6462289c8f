#include "publish/UploadRequest.h"

#include "soundcloud/TagList.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <stdexcept>

namespace wavelift::publish
{
std::string asciiSafeFileName (const std::filesystem::path& file)
{
    const auto clean = [] (const std::string& text)
    {
        std::string out;
        for (const char c : text)
        {
            const auto u = static_cast<unsigned char> (c);
            const bool keep = u < 0x80 && (std::isalnum (u) != 0 || c == '-' || c == '_');
            if (keep)
                out += c;
            else if (out.empty() || out.back() != '_')
                out += '_';
        }
        while (!out.empty() && out.back() == '_')
            out.pop_back();
        while (!out.empty() && out.front() == '_')
            out.erase (out.begin());
        return out;
    };

    auto stem = clean (file.stem().string());
    auto extension = clean (file.extension().string());
    if (stem.empty())
        stem = "audio";
    return extension.empty() ? stem : stem + "." + extension;
}

std::string audioContentType (const std::filesystem::path& file)
{
    static const std::map<std::string, std::string> types{
        { ".wav", "audio/wav" }, { ".wave", "audio/wav" }, { ".flac", "audio/flac" }, { ".mp3", "audio/mpeg" },
        { ".ogg", "audio/ogg" }, { ".oga", "audio/ogg" },  { ".aif", "audio/aiff" },  { ".aiff", "audio/aiff" },
        { ".aac", "audio/aac" }, { ".m4a", "audio/mp4" },  { ".mp2", "audio/mpeg" },  { ".wma", "audio/x-ms-wma" },
        { ".amr", "audio/amr" },
    };
    auto extension = file.extension().string();
    std::transform (extension.begin(), extension.end(), extension.begin(),
                    [] (unsigned char c) { return (char) std::tolower (c); });
    const auto found = types.find (extension);
    return found != types.end() ? found->second : "application/octet-stream";
}

std::optional<std::string> imageContentType (const std::filesystem::path& file)
{
    std::ifstream in (file, std::ios::binary);
    unsigned char magic[8] = {};
    in.read (reinterpret_cast<char*> (magic), sizeof (magic));
    if (in.gcount() >= 8 && magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G'
        && magic[4] == 0x0d && magic[5] == 0x0a && magic[6] == 0x1a && magic[7] == 0x0a)
        return "image/png";
    if (in.gcount() >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff)
        return "image/jpeg";
    return std::nullopt;
}

std::shared_ptr<net::MultipartBody> buildUploadBody (const UploadRequest& request, const std::string& boundary)
{
    auto body =
        boundary.empty() ? std::make_shared<net::MultipartBody>() : std::make_shared<net::MultipartBody> (boundary);
    const auto& fields = request.fields;

    body->addField ("track[title]", fields.title);
    body->addField ("track[sharing]", fields.sharing.empty() ? "private" : fields.sharing);
    body->addField ("track[downloadable]", fields.downloadable ? "true" : "false");
    if (const auto tagList = soundcloud::buildTagList (fields.tags); !tagList.empty())
        body->addField ("track[tag_list]", tagList);
    if (!fields.description.empty())
        body->addField ("track[description]", fields.description);
    if (!fields.genre.empty())
        body->addField ("track[genre]", fields.genre);
    if (!fields.license.empty())
        body->addField ("track[license]", fields.license);

    body->addFile ("track[asset_data]", request.audioFile, asciiSafeFileName (request.audioFile),
                   audioContentType (request.audioFile));

    if (fields.artwork && !imageContentType (*fields.artwork))
        throw std::runtime_error ("the artwork " + fields.artwork->filename().string()
                                  + " is neither a PNG nor a JPEG image");
    return body;
}

std::shared_ptr<net::MultipartBody> buildArtworkBody (const std::filesystem::path& artwork, const std::string& boundary)
{
    const auto type = imageContentType (artwork);
    if (!type)
        throw std::runtime_error ("the artwork " + artwork.filename().string() + " is neither a PNG nor a JPEG image");
    auto body =
        boundary.empty() ? std::make_shared<net::MultipartBody>() : std::make_shared<net::MultipartBody> (boundary);
    body->addFile ("track[artwork_data]", artwork, asciiSafeFileName (artwork), *type);
    return body;
}
} // namespace wavelift::publish
