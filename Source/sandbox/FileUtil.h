#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace wavelift::sandbox
{
/** Writes a temporary file beside `target`, fsyncs it and renames it over `target`,
    so a crash leaves either the old or the new content, never a torn file. */
void writeFileAtomically (const std::filesystem::path& target, std::string_view content);

std::optional<std::string> readWholeFile (const std::filesystem::path& file);

/** Removes a file or folder tree, ignoring errors (clean-up paths must not throw). */
void removeQuietly (const std::filesystem::path& path) noexcept;
} // namespace wavelift::sandbox
