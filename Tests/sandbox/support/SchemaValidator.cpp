#include "support/SchemaValidator.h"

#include "support/TempDir.h"

#include "sandbox/Subprocess.h"

#include <cstdlib>
#include <fstream>

namespace wavelift::sandbox::test
{
std::string openApiSpecPath()
{
    if (const char* fromEnvironment = std::getenv ("WAVELIFT_OPENAPI_SPEC");
        fromEnvironment != nullptr && *fromEnvironment)
        return fromEnvironment;
    return WAVELIFT_OPENAPI_SPEC;
}

SchemaCheck validateAgainstSpec (const std::string& schema, const std::string& json, Strictness strictness,
                                 const std::vector<std::string>& alsoAllowed)
{
    TempDir folder ("wavelift-schema-");
    const auto document = folder.path() / "document.json";
    std::ofstream (document) << json;

    std::vector<std::string> arguments{
        "/usr/bin/python3", std::string (WAVELIFT_SANDBOX_TEST_DIR) + "/validate_openapi.py",
        "--spec",           openApiSpecPath(),
        "--schema",         schema
    };
    if (strictness == Strictness::noUnknownProperties)
    {
        arguments.push_back ("--strict");
        arguments.push_back ("--allow-extra");
        arguments.push_back ("id");
        for (const auto& name : alsoAllowed)
        {
            arguments.push_back ("--allow-extra");
            arguments.push_back (name);
        }
    }
    arguments.push_back (document.string());
    const auto output = runProcess (arguments);
    return { output.succeeded(), output.standardOutput + output.standardError };
}
} // namespace wavelift::sandbox::test
