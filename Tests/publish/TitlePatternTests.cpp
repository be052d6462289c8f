// The take-naming pattern that prefills a track's title.
#include "publish/TitlePattern.h"

#include <catch2/catch.hpp>

using wavelift::publish::titleFromPattern;

namespace
{
wavelift::capture::TakeRecord sampleTake()
{
    wavelift::capture::TakeRecord take;
    take.file = "/takes/Wavelift 2026-12-03 19-40-12.flac";
    take.startedAt = "2026-12-03T19:40:12.000+01:00";
    take.metadata.trackName = "Lead Vox";
    take.metadata.hostName = "REAPER";
    return take;
}
} // namespace

TEST_CASE ("publish: a title pattern fills in the take's name, track, host, date and time", "[publish][title]")
{
    const auto take = sampleTake();
    CHECK (titleFromPattern ("{take}", take) == "Wavelift 2026-12-03 19-40-12");
    CHECK (titleFromPattern ("{track} mix {date} {time}", take) == "Lead Vox mix 2026-12-03 19:40");
    CHECK (titleFromPattern ("{host}: {track}", take) == "REAPER: Lead Vox");
    // Unknown tokens and lone braces stay as typed.
    CHECK (titleFromPattern ("{nope} {track} {", take) == "{nope} Lead Vox {");
}

TEST_CASE ("publish: empty tokens leave no double spaces and an empty title falls back to the take", "[publish][title]")
{
    auto take = sampleTake();
    take.metadata.trackName.clear();
    CHECK (titleFromPattern ("  {project}  {track} demo  ", take) == "demo");
    CHECK (titleFromPattern ("{project}{track}", take) == "Wavelift 2026-12-03 19-40-12");
    CHECK (titleFromPattern ("", take) == "Wavelift 2026-12-03 19-40-12");
}
