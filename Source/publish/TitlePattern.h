#pragma once

#include "capture/TakeRecord.h"

#include <string>

namespace wavelift::publish
{
/** The take-naming pattern's default: the take's own name. */
inline constexpr const char* defaultTitlePattern = "{take}";

/** A track title from the producer's take-naming pattern: {take} is the take's name (its file name without the
    extension), {track}, {project} and {host} come from the host when it told us, {date} is the take's start date
    (yyyy-mm-dd) and {time} its start time (hh:mm). Unknown tokens stay as typed; runs of white space left by empty
    tokens collapse; a pattern that comes out empty gives the take's name. */
std::string titleFromPattern (const std::string& pattern, const capture::TakeRecord& take);
} // namespace wavelift::publish
