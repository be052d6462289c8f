// Every JSON body the sandbox sends on the documented paths validates against the OpenAPI spec's schemas, checked
// by python3-jsonschema (validate_openapi.py maps OpenAPI's nullable and refs). Success bodies are checked strictly:
// no property the schema doesn't name, except the numeric "id" the live API still sends.

#include "support/SchemaValidator.h"
#include "support/TestSandbox.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace wavelift::sandbox;
using namespace wavelift::sandbox::test;

namespace
{
void requireValid (const std::string& schema, const HttpResponse& response,
                   Strictness strictness = Strictness::noUnknownProperties,
                   const std::vector<std::string>& alsoAllowed = {})
{
    INFO (schema << " <- " << response.body.substr (0, 2000));
    const auto check = validateAgainstSpec (schema, response.body, strictness, alsoAllowed);
    INFO (check.report);
    CHECK (check.valid);
}

HttpResponse performWith (const std::string& method, const std::string& url, const std::string& token,
                          std::optional<std::string> jsonBody = {})
{
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = { authorizationHeader (token) };
    if (jsonBody)
    {
        request.headers.push_back ("Content-Type: application/json");
        request.body = jsonBody;
    }
    return perform (request);
}
} // namespace

TEST_CASE ("sandbox schema - the validator itself rejects bodies that break the spec", "[sandbox][schema]")
{
    CHECK (validateAgainstSpec ("Track", R"({"title":"ok","duration":1000,"access":null,"user":null})").valid);
    CHECK_FALSE (validateAgainstSpec ("Track", R"({"title":"ok","duration":"long"})").valid);
    CHECK_FALSE (validateAgainstSpec ("Track", R"({"access":"everyone"})").valid);
    CHECK_FALSE (validateAgainstSpec ("Me", R"({"quota":{"upload_seconds_left":"many"}})").valid);
    CHECK_FALSE (validateAgainstSpec ("Track", R"({"titel":"typo"})", Strictness::noUnknownProperties).valid);
    CHECK_FALSE (
        validateAgainstSpec ("example:ExpiringToken", R"({"access_token":"a"})", Strictness::noUnknownProperties)
            .valid);
    CHECK_FALSE (validateAgainstSpec ("Tracks", "[not json").valid);
}

TEST_CASE ("sandbox schema - user - track and list bodies validate", "[sandbox][schema]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;

    requireValid ("Me", get (sandbox.api ("/me"), token));
    requireValid ("User", get (sandbox.api ("/users/soundcloud:users:100000002"), token));
    requireValid ("Track", get (sandbox.api ("/tracks/soundcloud:tracks:2147483640"), token));
    requireValid ("Track", get (sandbox.api ("/tracks/soundcloud:tracks:2147483654"), token)); // private: secret_uri
    requireValid ("Track", get (sandbox.api ("/tracks/soundcloud:tracks:2147483648"), token)); // blocked
    requireValid ("Tracks", get (sandbox.api ("/tracks?q=amen&limit=1&linked_partitioning=true"), token));
    requireValid ("TracksList", get (sandbox.api ("/tracks?genres=electronic"), token));
    requireValid ("Tracks", get (sandbox.api ("/me/tracks?linked_partitioning=true&limit=2"), token));
    requireValid ("TracksList", get (sandbox.api ("/me/tracks"), token));
    requireValid ("Tracks",
                  get (sandbox.api ("/users/soundcloud:users:100000003/tracks?linked_partitioning=1"), token));

    const auto uploaded = uploadTrack (sandbox.server(), token, sample ("ambi_choir"),
                                       { { "track[title]", "Schema" }, { "track[release_date]", "2024-01-02" } });
    REQUIRE (uploaded.status == 201);
    requireValid ("Track", uploaded);
    const auto urn = field (uploaded, "urn").get<std::string>();
    requireValid ("Track", performWith ("PUT", sandbox.api ("/tracks/" + urn), token, R"({"track":{"bpm":"120"}})"));
}

TEST_CASE ("sandbox schema - streams - resolve and redirector bodies validate", "[sandbox][schema]")
{
    TestSandbox sandbox;
    const auto token = userTokens (sandbox.server()).accessToken;
    const auto streams = get (sandbox.api ("/tracks/soundcloud:tracks:2147483640/streams"), token);
    // hls_aac_96_url comes from the 2025 streaming blog post, which the spec doesn't list yet.
    requireValid ("Streams", streams, Strictness::noUnknownProperties, { "hls_aac_96_url" });
    requireValid ("Streams", get (sandbox.api ("/tracks/soundcloud:tracks:2147483648/streams"), token));

    requireValid ("Found",
                  get (sandbox.api ("/resolve?url=" + urlEncode ("https://soundcloud.com/garzul-loops/mika")), token));
    requireValid ("Found", get (streams.json()["hls_aac_160_url"].get<std::string>(), token));
}

TEST_CASE ("sandbox schema - error bodies validate against Error and TooManyRequests", "[sandbox][schema]")
{
    TestSandbox sandbox ([] (Options& options) { options.playLimitPer24h = 1; });
    const auto token = userTokens (sandbox.server()).accessToken;
    TempDir folder;
    const auto notAudio = folder.path() / "notes.txt";
    std::ofstream (notAudio) << "not audio\n";

    const auto asSpecified = Strictness::asSpecified;
    requireValid ("Error", get (sandbox.api ("/tracks/soundcloud:tracks:1"), token), asSpecified);
    requireValid ("Error", get (sandbox.api ("/tracks?limit=many"), token), asSpecified);
    requireValid ("Error", uploadTrack (sandbox.server(), token, notAudio, { { "track[title]", "x" } }), asSpecified);
    requireValid ("Error", uploadTrack (sandbox.server(), token, {}, { { "track[title]", "x" } }), asSpecified);
    requireValid ("Error",
                  performWith ("PUT", sandbox.api ("/tracks/soundcloud:tracks:2147483640"), token,
                               R"({"track":{"title":"not mine"}})"),
                  asSpecified);
    const auto tabla = get (sandbox.api ("/tracks/soundcloud:tracks:2147483647/streams"), token).json();
    requireValid ("Error", get (tabla["hls_aac_160_url"].get<std::string>(), token), asSpecified); // 403

    const auto preview = tabla["preview_mp3_128_url"].get<std::string>();
    REQUIRE (get (preview, token).status == 302);
    const auto limited = get (preview, token);
    REQUIRE (limited.status == 429);
    requireValid ("TooManyRequests", limited, asSpecified);
}

TEST_CASE ("sandbox schema - token bodies match the spec's ExpiringToken - errors the Error shape", "[sandbox][schema]")
{
    TestSandbox sandbox;
    auto& server = sandbox.server();
    const auto pkce = Pkce::generate();
    const auto exchanged = exchangeCode (server, signInForCode (server, pkce), pkce.verifier);
    requireValid ("example:ExpiringToken", exchanged);

    const auto refreshed =
        postForm (sandbox.auth ("/oauth/token"), { { "grant_type", "refresh_token" },
                                                   { "client_id", server.clientId() },
                                                   { "client_secret", server.clientSecret() },
                                                   { "refresh_token", field (exchanged, "refresh_token") } });
    requireValid ("example:ExpiringToken", refreshed);
    requireValid ("example:ExpiringToken",
                  postForm (sandbox.auth ("/oauth/token"), { { "grant_type", "client_credentials" } },
                            { basicAuthorization (server.clientId(), server.clientSecret()) }));

    const auto invalidGrant = exchangeCode (server, "used-or-unknown", pkce.verifier);
    CHECK (invalidGrant.status == 400);
    requireValid ("Error", invalidGrant, Strictness::asSpecified);
}
