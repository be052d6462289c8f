#pragma once

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
/** One part of a multipart/form-data body: inline data, a file, or a generator for huge streamed bodies. */
struct FormPart
{
    std::string name;
    std::string data;
    std::filesystem::path file;
    std::string filename;
    std::string contentType;
    /** Streams `size` bytes: fill `buffer` with up to `capacity` bytes starting at `offset`, return the count. */
    std::function<std::size_t (char* buffer, std::size_t capacity, std::uint64_t offset)> generator;
    std::uint64_t size = 0;

    static FormPart text (std::string name, std::string value);
    static FormPart fromFile (std::string name, std::filesystem::path file, std::string contentType = {});
};

struct HttpRequest
{
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::optional<std::string> body;
    std::vector<FormPart> form;
    bool followRedirects = false;
    /** Sends HEAD (no body read). */
    bool headOnly = false;
    long timeoutMilliseconds = 120000;
};

struct HttpResponse
{
    CURLcode curlCode = CURLE_OK;
    std::string curlError;
    long status = 0;
    /** Lower-case header names. */
    std::multimap<std::string, std::string> headers;
    std::string body;
    std::string effectiveUrl;

    bool completed() const { return curlCode == CURLE_OK; }
    std::string header (const std::string& lowerCaseName) const;
    nlohmann::json json() const;
};

/** Performs one HTTP exchange with libcurl on a fresh connection. */
HttpResponse perform (const HttpRequest& request);

HttpResponse get (const std::string& url, const std::string& token = {});
HttpResponse postForm (const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
                       std::vector<std::string> headers = {});
std::string authorizationHeader (const std::string& token);
std::string urlEncode (const std::string& text);
/** Query parameters of a URL, decoded. */
std::map<std::string, std::string> queryOf (const std::string& url);
} // namespace wavelift::sandbox::test
