#pragma once

#include "sandbox/Model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
/** A limit of `maxRequests` in any window of `windowSeconds` (ISO 8601 name for the 429 body, e.g. "PT24H"). */
struct RateLimit
{
    int maxRequests = 0;
    std::int64_t windowSeconds = 0;
    std::string isoWindow;
};

struct RateDecision
{
    bool allowed = true;
    int remaining = 0;
    /** When the oldest counted request leaves the window (epoch seconds). */
    std::int64_t resetTime = 0;
};

/** Sliding-window counter kept as time buckets (1/1440 of the window), so it stays small enough to persist
    with the rest of the state. Consumes one request when allowed. */
RateDecision tryConsume (std::vector<RateBucket>& buckets, const RateLimit& limit, std::int64_t now);

/** Requests counted in the window ending now, without consuming. */
int countInWindow (const std::vector<RateBucket>& buckets, const RateLimit& limit, std::int64_t now);
} // namespace wavelift::sandbox
