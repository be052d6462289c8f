#pragma once

#include <juce_core/juce_core.h>

#include <set>
#include <string>

namespace wavelift::soundcloud
{
/** Decides whether to follow a page's `next_href`. The API's cursors are opaque URLs, and the live service has been
    seen returning the same `next_href` forever and pointing it at internal hosts: a walk stops on a missing, repeated
    or foreign-host `next_href`, or after a page cap. */
class PageWalker
{
public:
    enum class Stop
    {
        none,
        noNextPage,
        repeatedNextPage,
        foreignHost,
        pageCap
    };

    PageWalker (juce::URL apiBase, int maximumPages);

    /** Call with each page's next_href (empty when absent) after that page was read. Returns the URL of the next page
        to fetch, or an empty URL when the walk stops (stopReason() says why). */
    juce::URL next (const std::string& nextHref);

    Stop stopReason() const noexcept { return stop; }
    int pagesRead() const noexcept { return pages; }

private:
    juce::URL apiBase;
    int maximumPages;
    int pages = 0;
    Stop stop = Stop::none;
    std::set<std::string> seen;
};

const char* toString (PageWalker::Stop);

/** scheme://host[:port] of a URL, lowercase, with the default port made explicit, for same-origin checks. */
std::string originOf (const juce::URL& url);
} // namespace wavelift::soundcloud
