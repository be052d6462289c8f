#include "sandbox/RateLimiter.h"

#include <algorithm>

namespace wavelift::sandbox
{
namespace
{
    std::int64_t bucketWidth (const RateLimit& limit) { return std::max<std::int64_t> (1, limit.windowSeconds / 1440); }

    void dropExpired (std::vector<RateBucket>& buckets, const RateLimit& limit, std::int64_t now)
    {
        const auto width = bucketWidth (limit);
        std::erase_if (buckets,
                       [&] (const RateBucket& bucket) { return bucket.start + width + limit.windowSeconds <= now; });
    }
} // namespace

int countInWindow (const std::vector<RateBucket>& buckets, const RateLimit& limit, std::int64_t now)
{
    const auto width = bucketWidth (limit);
    int count = 0;
    for (const auto& bucket : buckets)
        if (bucket.start + width + limit.windowSeconds > now)
            count += bucket.count;
    return count;
}

RateDecision tryConsume (std::vector<RateBucket>& buckets, const RateLimit& limit, std::int64_t now)
{
    dropExpired (buckets, limit, now);
    const auto width = bucketWidth (limit);
    const auto used = countInWindow (buckets, limit, now);
    RateDecision decision;
    if (used >= limit.maxRequests)
    {
        decision.allowed = false;
        decision.remaining = 0;
        decision.resetTime = buckets.empty() ? now : buckets.front().start + width + limit.windowSeconds;
        return decision;
    }
    const auto start = now - now % width;
    if (buckets.empty() || buckets.back().start != start)
        buckets.push_back ({ start, 0 });
    ++buckets.back().count;
    decision.remaining = limit.maxRequests - used - 1;
    decision.resetTime = buckets.front().start + width + limit.windowSeconds;
    return decision;
}
} // namespace wavelift::sandbox
