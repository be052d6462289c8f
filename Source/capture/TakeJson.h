#pragma once

#include "capture/TakeRecord.h"

#include <nlohmann/json.hpp>

namespace wavelift::capture
{
/** The JSON form of a take, as stored in the library index and the crash journal. */
nlohmann::json toJson (const TakeRecord&);

/** Throws nlohmann::json::exception or std::runtime_error on a malformed record. */
TakeRecord takeFromJson (const nlohmann::json&);

/** Writes the JSON to a temporary sibling and renames it over the file, so a reader never sees half of it. */
void writeJsonAtomically (const std::filesystem::path& file, const nlohmann::json&);
} // namespace wavelift::capture
