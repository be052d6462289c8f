#include "net/Redaction.h"

#include "net/FormEncoding.h"

#include <nlohmann/json.hpp>

#include <array>

namespace wavelift::net
{
namespace
{
    void redactJsonValue (nlohmann::json& value)
    {
        if (value.is_object())
        {
            for (auto& [key, member] : value.items())
                if (isSensitiveName (key) && member.is_string())
                    member = redactedText;
                else
                    redactJsonValue (member);
        }
        else if (value.is_array())
            for (auto& element : value)
                redactJsonValue (element);
    }

    bool looksLikeJson (std::string_view type, std::string_view body)
    {
        if (type.find ("json") != std::string_view::npos)
            return true;
        const auto first = body.find_first_not_of (" \t\r\n");
        return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
    }

    bool isPrintable (std::string_view text)
    {
        for (const char c : text)
            if (static_cast<unsigned char> (c) < 0x20 && c != '\n' && c != '\r' && c != '\t')
                return false;
        return true;
    }

    std::string describeBody (std::string_view type, std::string_view body)
    {
        if (body.empty())
            return "(no body)";
        if (type.find ("x-www-form-urlencoded") != std::string_view::npos)
            return redactForm (body);
        if (looksLikeJson (type, body))
            return redactJson (body);
        if (isPrintable (body))
        {
            // Plain text and HTML can still carry a token ("?code=..." in a link): redact query-like fragments.
            const auto shown = body.substr (0, 2048);
            std::string out (shown);
            for (const char* name : { "code=", "access_token=", "refresh_token=", "client_secret=", "code_verifier=" })
                for (auto at = out.find (name); at != std::string::npos; at = out.find (name, at + 1))
                {
                    const auto start = at + std::string_view (name).size();
                    auto end = out.find_first_of ("&\"' <>\r\n", start);
                    if (end == std::string::npos)
                        end = out.size();
                    out.replace (start, end - start, redactedText);
                }
            return shown.size() < body.size() ? out + "... (" + std::to_string (body.size()) + " bytes)" : out;
        }
        return "(" + std::to_string (body.size()) + " bytes)";
    }
} // namespace

bool isSensitiveName (std::string_view name) noexcept
{
    static constexpr std::array<std::string_view, 12> names{ "authorization", "proxy-authorization",
                                                             "cookie",        "set-cookie",
                                                             "client_secret", "refresh_token",
                                                             "access_token",  "code",
                                                             "code_verifier", "password",
                                                             "state",         "id_token" };
    for (const auto candidate : names)
        if (HttpHeaders::namesEqual (candidate, name))
            return true;
    return false;
}

std::string redactForm (std::string_view encoded)
{
    std::string out;
    while (!encoded.empty())
    {
        const auto amp = encoded.find ('&');
        const auto pair = encoded.substr (0, amp);
        const auto equals = pair.find ('=');
        if (!out.empty())
            out += '&';
        if (equals != std::string_view::npos && isSensitiveName (percentDecode (pair.substr (0, equals))))
        {
            out += pair.substr (0, equals + 1);
            out += redactedText;
        }
        else
            out += pair;
        if (amp == std::string_view::npos)
            break;
        encoded.remove_prefix (amp + 1);
    }
    return out;
}

std::string redactJson (std::string_view json)
{
    auto parsed = nlohmann::json::parse (json, nullptr, false);
    if (parsed.is_discarded())
        return "(" + std::to_string (json.size()) + " bytes, not JSON)";
    redactJsonValue (parsed);
    return parsed.dump();
}

std::string redactUrl (const std::string& url)
{
    auto result = url;
    const auto schemeEnd = result.find ("://");
    if (schemeEnd != std::string::npos)
    {
        const auto authorityStart = schemeEnd + 3;
        const auto authorityEnd = result.find_first_of ("/?#", authorityStart);
        const auto at = result.find ('@', authorityStart);
        if (at != std::string::npos && (authorityEnd == std::string::npos || at < authorityEnd))
            result.erase (authorityStart, at + 1 - authorityStart);
    }
    const auto hash = result.find ('#');
    if (hash != std::string::npos)
        result.erase (hash);
    const auto question = result.find ('?');
    if (question == std::string::npos)
        return result;
    return result.substr (0, question + 1) + redactForm (std::string_view (result).substr (question + 1));
}

std::string describeRequest (const Request& request)
{
    std::string out = request.method + " " + redactUrl (request.url.toString (true).toStdString()) + "\n";
    for (const auto& field : request.headers)
        out += field.name + ": " + (isSensitiveName (field.name) ? std::string (redactedText) : field.value) + "\n";
    if (request.body == nullptr)
        return out + "(no body)\n";

    const auto type = request.body->contentType();
    out += "Content-Type: " + type + "\nContent-Length: " + std::to_string (request.body->size()) + "\n";
    const bool smallTextual =
        request.body->size() <= 64 * 1024
        && (type.find ("x-www-form-urlencoded") != std::string::npos || type.find ("json") != std::string::npos);
    if (!smallTextual)
        return out + "(" + std::to_string (request.body->size()) + " bytes)\n";

    std::string error, bytes (static_cast<std::size_t> (request.body->size()), '\0');
    auto reader = request.body->open (error);
    if (reader == nullptr || reader->read (bytes.data(), bytes.size()) != bytes.size())
        return out + "(unreadable body)\n";
    return out + describeBody (type, bytes) + "\n";
}

std::string describeResponse (const Response& response)
{
    std::string out = std::to_string (response.status) + " " + response.reason + "\n";
    for (const auto& field : response.headers)
        out += field.name + ": " + (isSensitiveName (field.name) ? std::string (redactedText) : field.value) + "\n";
    if (response.bodyStreamed)
        return out + "(body streamed to its sink)\n";
    return out + describeBody (response.headers.get ("Content-Type").value_or (""), response.body) + "\n";
}

std::string describeOutcomeForLog (const std::string& method, const std::string& url, const HttpResult& result)
{
    const auto prefix = method + " " + redactUrl (url) + " -> ";
    if (!result.ok())
        return prefix + result.failure().describe();
    const auto& response = result.response();
    return prefix + std::to_string (response.status)
           + (response.bodyStreamed ? std::string (" (body streamed)")
                                    : " (" + std::to_string (response.body.size()) + " bytes)");
}
} // namespace wavelift::net
