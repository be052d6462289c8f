#pragma once

#include <string>
#include <vector>

namespace wavelift::sandbox::test
{
struct SchemaCheck
{
    bool valid = false;
    std::string report;
};

enum class Strictness
{
    /** Only what the schema says (unknown properties allowed, as OpenAPI allows them). */
    asSpecified,
    /** Also rejects properties the schema doesn't name, except the live API's numeric "id". */
    noUnknownProperties
};

/** Validates a JSON text against a schema of the OpenAPI spec with python3-jsonschema
    (Tests/sandbox/validate_openapi.py). `schema` is a components.schemas name or "example:ExpiringToken". */
SchemaCheck validateAgainstSpec (const std::string& schema, const std::string& json,
                                 Strictness strictness = Strictness::asSpecified,
                                 const std::vector<std::string>& alsoAllowed = {});

/** The spec path: $WAVELIFT_OPENAPI_SPEC, else the shared/reference copy beside the clone. */
std::string openApiSpecPath();
} // namespace wavelift::sandbox::test
