#include "cli/Arguments.h"

namespace wavelift::cli
{
Arguments::Arguments (std::vector<std::string> arguments)
    : items (std::move (arguments))
    , used (items.size(), false)
{
}

std::vector<std::string> Arguments::options (const std::string& name)
{
    std::vector<std::string> values;
    const auto prefix = "--" + name;
    for (size_t i = 0; i < items.size(); ++i)
    {
        if (used[i])
            continue;
        if (items[i] == prefix)
        {
            if (i + 1 >= items.size())
                throw UsageError (prefix + " needs a value");
            used[i] = used[i + 1] = true;
            values.push_back (items[++i]);
        }
        else if (items[i].rfind (prefix + "=", 0) == 0)
        {
            used[i] = true;
            values.push_back (items[i].substr (prefix.size() + 1));
        }
    }
    return values;
}

std::optional<std::string> Arguments::option (const std::string& name)
{
    auto values = options (name);
    return values.empty() ? std::nullopt : std::optional<std::string> (values.back());
}

bool Arguments::flag (const std::string& name)
{
    bool found = false;
    for (size_t i = 0; i < items.size(); ++i)
        if (!used[i] && items[i] == "--" + name)
            used[i] = found = true;
    return found;
}

std::optional<long long> Arguments::integer (const std::string& name, long long low, long long high)
{
    const auto text = option (name);
    if (!text)
        return std::nullopt;
    size_t end = 0;
    long long value = 0;
    try
    {
        value = std::stoll (*text, &end);
    }
    catch (const std::exception&)
    {
        end = 0;
    }
    if (end != text->size() || value < low || value > high)
        throw UsageError ("--" + name + " takes a whole number from " + std::to_string (low) + " to "
                          + std::to_string (high));
    return value;
}

std::optional<double> Arguments::number (const std::string& name, double low, double high)
{
    const auto text = option (name);
    if (!text)
        return std::nullopt;
    size_t end = 0;
    double value = 0;
    try
    {
        value = std::stod (*text, &end);
    }
    catch (const std::exception&)
    {
        end = 0;
    }
    if (end != text->size() || value < low || value > high)
        throw UsageError ("--" + name + " takes a number from " + std::to_string (low) + " to "
                          + std::to_string (high));
    return value;
}

std::string Arguments::positional (const std::string& what)
{
    for (size_t i = 0; i < items.size(); ++i)
        if (!used[i] && (items[i].empty() || items[i][0] != '-' || items[i] == "-"))
        {
            used[i] = true;
            return items[i];
        }
    throw UsageError ("missing " + what);
}

void Arguments::finish() const
{
    for (size_t i = 0; i < items.size(); ++i)
        if (!used[i])
            throw UsageError ("unexpected argument '" + items[i] + "'");
}
} // namespace wavelift::cli
