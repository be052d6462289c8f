#pragma once

#include <string>
#include <vector>

namespace wavelift::soundcloud
{
/** SoundCloud's `tag_list`: tags separated by spaces, a multi-word tag in double quotes. Double quotes inside a tag
    cannot be expressed, so they are removed; runs of white space collapse to one space; empty and duplicate tags are
    dropped (first spelling wins, compared case-insensitively). */
std::string buildTagList (const std::vector<std::string>& tags);

/** The tags in a `tag_list` string. */
std::vector<std::string> parseTagList (const std::string& tagList);
} // namespace wavelift::soundcloud
