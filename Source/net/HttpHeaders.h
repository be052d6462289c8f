#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wavelift::net
{
/** An ordered list of HTTP header fields with case-insensitive name lookup. Keeps every field, duplicates included,
    in the order given or received (JUCE 7.0.5's URL drops the first response header; this class never drops one). */
class HttpHeaders
{
public:
    struct Field
    {
        std::string name;
        std::string value;
    };

    HttpHeaders() = default;
    HttpHeaders (std::initializer_list<Field> fields);

    /** Appends a field, keeping any existing ones of the same name. */
    void add (std::string name, std::string value);
    /** Replaces every field of that name with one field (appended when there was none). */
    void set (std::string name, std::string value);
    /** Removes every field of that name; returns how many were removed. */
    std::size_t remove (std::string_view name);
    void clear() noexcept { fields_.clear(); }

    /** The first field's value. */
    std::optional<std::string> get (std::string_view name) const;
    std::vector<std::string> getAll (std::string_view name) const;
    bool contains (std::string_view name) const { return get (name).has_value(); }

    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    auto begin() const noexcept { return fields_.begin(); }
    auto end() const noexcept { return fields_.end(); }

    /** Parses one received line ("Name: value\r\n"); returns false for lines that are not fields. Folded
        continuation lines (obsolete, RFC 7230 §3.2.4) are joined to the previous field. */
    bool addReceivedLine (std::string_view line);

    static bool namesEqual (std::string_view a, std::string_view b) noexcept;

private:
    std::vector<Field> fields_;
};
} // namespace wavelift::net
