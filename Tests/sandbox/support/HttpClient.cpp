#include "support/HttpClient.h"

#include <algorithm>
#include <cctype>
#include <memory>

namespace wavelift::sandbox::test
{
namespace
{
    struct CurlGlobal
    {
        CurlGlobal() { curl_global_init (CURL_GLOBAL_DEFAULT); }
        ~CurlGlobal() { curl_global_cleanup(); }
    };

    void ensureCurlInitialised() { static CurlGlobal global; }

    struct GeneratorState
    {
        const FormPart* part = nullptr;
        std::uint64_t offset = 0;
    };

    std::size_t readGenerated (char* buffer, std::size_t size, std::size_t count, void* argument)
    {
        auto& state = *static_cast<GeneratorState*> (argument);
        const auto capacity =
            static_cast<std::size_t> (std::min<std::uint64_t> (size * count, state.part->size - state.offset));
        if (capacity == 0)
            return 0;
        const auto produced = state.part->generator (buffer, capacity, state.offset);
        state.offset += produced;
        return produced;
    }

    std::size_t collectBody (char* data, std::size_t size, std::size_t count, void* argument)
    {
        static_cast<std::string*> (argument)->append (data, size * count);
        return size * count;
    }

    std::size_t collectHeader (char* data, std::size_t size, std::size_t count, void* argument)
    {
        auto& headers = *static_cast<std::multimap<std::string, std::string>*> (argument);
        std::string line (data, size * count);
        if (line.starts_with ("HTTP/"))
            headers.clear(); // a new response (after 100 Continue or a redirect)
        const auto colon = line.find (':');
        if (colon != std::string::npos)
        {
            auto name = line.substr (0, colon);
            std::transform (name.begin(), name.end(), name.begin(),
                            [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
            auto value = line.substr (colon + 1);
            value.erase (0, value.find_first_not_of (" \t"));
            while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
                value.pop_back();
            headers.emplace (name, value);
        }
        return size * count;
    }
} // namespace

FormPart FormPart::text (std::string name, std::string value)
{
    FormPart part;
    part.name = std::move (name);
    part.data = std::move (value);
    return part;
}

FormPart FormPart::fromFile (std::string name, std::filesystem::path file, std::string contentType)
{
    FormPart part;
    part.name = std::move (name);
    part.filename = file.filename().string();
    part.file = std::move (file);
    part.contentType = std::move (contentType);
    return part;
}

std::string HttpResponse::header (const std::string& lowerCaseName) const
{
    const auto it = headers.find (lowerCaseName);
    return it == headers.end() ? std::string{} : it->second;
}

nlohmann::json HttpResponse::json() const { return nlohmann::json::parse (body, nullptr, false); }

HttpResponse perform (const HttpRequest& request)
{
    ensureCurlInitialised();
    HttpResponse response;
    std::unique_ptr<CURL, decltype (&curl_easy_cleanup)> curl (curl_easy_init(), &curl_easy_cleanup);
    std::unique_ptr<curl_slist, decltype (&curl_slist_free_all)> headers (nullptr, &curl_slist_free_all);
    std::unique_ptr<curl_mime, decltype (&curl_mime_free)> mime (nullptr, &curl_mime_free);
    std::vector<std::unique_ptr<GeneratorState>> generators;

    for (const auto& header : request.headers)
        headers.reset (curl_slist_append (headers.release(), header.c_str()));

    auto* handle = curl.get();
    curl_easy_setopt (handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt (handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds);
    curl_easy_setopt (handle, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1L : 0L);
    curl_easy_setopt (handle, CURLOPT_WRITEFUNCTION, collectBody);
    curl_easy_setopt (handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt (handle, CURLOPT_HEADERFUNCTION, collectHeader);
    curl_easy_setopt (handle, CURLOPT_HEADERDATA, &response.headers);
    if (request.headOnly)
        curl_easy_setopt (handle, CURLOPT_NOBODY, 1L);

    if (!request.form.empty())
    {
        mime.reset (curl_mime_init (handle));
        for (const auto& part : request.form)
        {
            auto* field = curl_mime_addpart (mime.get());
            curl_mime_name (field, part.name.c_str());
            if (part.generator)
            {
                generators.push_back (std::make_unique<GeneratorState> (GeneratorState{ &part, 0 }));
                curl_mime_data_cb (field, static_cast<curl_off_t> (part.size), readGenerated, nullptr, nullptr,
                                   generators.back().get());
            }
            else if (!part.file.empty())
            {
                curl_mime_filedata (field, part.file.c_str());
            }
            else
            {
                curl_mime_data (field, part.data.data(), part.data.size());
            }
            if (!part.filename.empty())
                curl_mime_filename (field, part.filename.c_str());
            if (!part.contentType.empty())
                curl_mime_type (field, part.contentType.c_str());
        }
        curl_easy_setopt (handle, CURLOPT_MIMEPOST, mime.get());
    }
    else if (request.body)
    {
        curl_easy_setopt (handle, CURLOPT_POSTFIELDS, request.body->data());
        curl_easy_setopt (handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t> (request.body->size()));
    }
    if (request.method != "GET" && request.method != "POST" && !request.headOnly)
        curl_easy_setopt (handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    else if (request.method == "POST" && request.form.empty() && !request.body)
    {
        curl_easy_setopt (handle, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt (handle, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl_easy_setopt (handle, CURLOPT_HTTPHEADER, headers.get());

    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt (handle, CURLOPT_ERRORBUFFER, errorBuffer);
    response.curlCode = curl_easy_perform (handle);
    response.curlError = errorBuffer;
    curl_easy_getinfo (handle, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    curl_easy_getinfo (handle, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr)
        response.effectiveUrl = effective;
    return response;
}

std::string authorizationHeader (const std::string& token) { return "Authorization: OAuth " + token; }

HttpResponse get (const std::string& url, const std::string& token)
{
    HttpRequest request;
    request.url = url;
    if (!token.empty())
        request.headers.push_back (authorizationHeader (token));
    return perform (request);
}

std::string urlEncode (const std::string& text)
{
    std::string out;
    constexpr const char* hex = "0123456789ABCDEF";
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char> (c);
        if (std::isalnum (byte) || c == '-' || c == '_' || c == '.' || c == '~')
            out += c;
        else
            out += std::string ("%") + hex[byte >> 4] + hex[byte & 15];
    }
    return out;
}

HttpResponse postForm (const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
                       std::vector<std::string> headers)
{
    std::string body;
    for (const auto& [key, value] : fields)
        body += (body.empty() ? "" : "&") + urlEncode (key) + "=" + urlEncode (value);
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.body = body;
    request.headers = std::move (headers);
    request.headers.push_back ("Content-Type: application/x-www-form-urlencoded");
    return perform (request);
}

std::map<std::string, std::string> queryOf (const std::string& url)
{
    std::map<std::string, std::string> query;
    const auto question = url.find ('?');
    if (question == std::string::npos)
        return query;
    auto rest = url.substr (question + 1);
    rest = rest.substr (0, rest.find ('#'));
    std::size_t start = 0;
    while (start <= rest.size())
    {
        const auto end = rest.find ('&', start);
        const auto pair = rest.substr (start, end == std::string::npos ? std::string::npos : end - start);
        const auto equals = pair.find ('=');
        int decodedLength = 0;
        const auto decode = [&decodedLength] (std::string text)
        {
            std::replace (text.begin(), text.end(), '+', ' ');
            char* raw = curl_easy_unescape (nullptr, text.c_str(), static_cast<int> (text.size()), &decodedLength);
            std::string decoded (raw, static_cast<std::size_t> (decodedLength));
            curl_free (raw);
            return decoded;
        };
        if (!pair.empty())
            query[decode (pair.substr (0, equals))] =
                equals == std::string::npos ? std::string{} : decode (pair.substr (equals + 1));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return query;
}
} // namespace wavelift::sandbox::test
