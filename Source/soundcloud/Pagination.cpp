#include "soundcloud/Pagination.h"

namespace wavelift::soundcloud
{
std::string originOf (const juce::URL& url)
{
    const auto text = url.toString (false);
    const auto scheme = text.upToFirstOccurrenceOf ("://", false, false).toLowerCase();
    auto hostAndPort = text.fromFirstOccurrenceOf ("://", false, false).upToFirstOccurrenceOf ("/", false, false);
    hostAndPort = hostAndPort.upToFirstOccurrenceOf ("?", false, false).fromLastOccurrenceOf ("@", false, false);
    hostAndPort = hostAndPort.toLowerCase();
    if (!hostAndPort.containsChar (':') || hostAndPort.endsWithChar (']'))
        hostAndPort << ':' << (scheme == "https" ? "443" : "80");
    return (scheme + "://" + hostAndPort).toStdString();
}

PageWalker::PageWalker (juce::URL base, int maximum)
    : apiBase (std::move (base))
    , maximumPages (maximum)
{
}

juce::URL PageWalker::next (const std::string& nextHref)
{
    ++pages;
    if (nextHref.empty())
        stop = Stop::noNextPage;
    else if (!seen.insert (nextHref).second)
        stop = Stop::repeatedNextPage;
    else if (originOf (juce::URL (juce::String (nextHref))) != originOf (apiBase))
        stop = Stop::foreignHost; // never send the token to a host we were not configured with
    else if (pages >= maximumPages)
        stop = Stop::pageCap;

    return stop == Stop::none ? juce::URL (juce::String (nextHref)) : juce::URL();
}

const char* toString (PageWalker::Stop stop)
{
    switch (stop)
    {
        case PageWalker::Stop::none: return "none";
        case PageWalker::Stop::noNextPage: return "no next page";
        case PageWalker::Stop::repeatedNextPage: return "repeated next_href";
        case PageWalker::Stop::foreignHost: return "next_href on a foreign host";
        case PageWalker::Stop::pageCap: return "page cap reached";
    }
    return "?";
}
} // namespace wavelift::soundcloud
