#include "core/Paths.h"

#include <cstdlib>

namespace wavelift
{
EnvironmentLookup systemEnvironment()
{
    return [] (const char* name) -> std::optional<std::string>
    {
        if (const char* value = std::getenv (name); value != nullptr && *value != '\0')
            return std::string (value);
        return std::nullopt;
    };
}

namespace
{
    std::filesystem::path homeDirectory (const EnvironmentLookup& env)
    {
#if defined(_WIN32)
        if (auto profile = env ("USERPROFILE"))
            return *profile;
#else
        if (auto home = env ("HOME"))
            return *home;
#endif
        return std::filesystem::current_path();
    }

    std::filesystem::path userFolder (const EnvironmentLookup& env, const char* xdgVariable, const char* xdgDefault)
    {
#if defined(__APPLE__)
        (void) xdgVariable;
        (void) xdgDefault;
        return homeDirectory (env) / "Library" / "Application Support" / "Wavelift";
#elif defined(_WIN32)
        (void) xdgVariable;
        (void) xdgDefault;
        if (auto appData = env ("APPDATA"))
            return std::filesystem::path (*appData) / "Wavelift";
        return homeDirectory (env) / "AppData" / "Roaming" / "Wavelift";
#else
        if (auto xdg = env (xdgVariable))
            return std::filesystem::path (*xdg) / "wavelift";
        return homeDirectory (env) / xdgDefault / "wavelift";
#endif
    }
} // namespace

std::filesystem::path configDirectory (const EnvironmentLookup& env)
{
    if (auto overridden = env ("WAVELIFT_CONFIG_DIR"))
        return *overridden;
    return userFolder (env, "XDG_CONFIG_HOME", ".config");
}

std::filesystem::path dataDirectory (const EnvironmentLookup& env)
{
    if (auto overridden = env ("WAVELIFT_DATA_DIR"))
        return *overridden;
    return userFolder (env, "XDG_DATA_HOME", ".local/share");
}
} // namespace wavelift
