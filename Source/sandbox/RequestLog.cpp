#include "sandbox/RequestLog.h"

#include <algorithm>

namespace wavelift::sandbox
{
nlohmann::json RecordedRequest::toJson() const
{
    return { { "sequence", sequence },
             { "host", host },
             { "method", method },
             { "path", path },
             { "query", query },
             { "had_authorization", hadAuthorization },
             { "authorization_scheme", authorizationScheme },
             { "status", status },
             { "fault", fault } };
}

std::uint64_t RequestLog::recordArrival (RecordedRequest request)
{
    std::lock_guard lock (mutex_);
    request.sequence = nextSequence_++;
    ++totals_[request.host];
    entries_.push_back (std::move (request));
    if (entries_.size() > capacity)
        entries_.pop_front();
    return entries_.back().sequence;
}

RecordedRequest* RequestLog::find (std::uint64_t sequence)
{
    const auto it = std::find_if (entries_.rbegin(), entries_.rend(),
                                  [sequence] (const auto& entry) { return entry.sequence == sequence; });
    return it == entries_.rend() ? nullptr : &*it;
}

void RequestLog::recordStatus (std::uint64_t sequence, int status)
{
    std::lock_guard lock (mutex_);
    if (auto* entry = find (sequence))
    {
        entry->status = status;
        entry->statusFinal = true;
    }
}

void RequestLog::recordWrittenStatus (std::uint64_t sequence, int status)
{
    std::lock_guard lock (mutex_);
    if (auto* entry = find (sequence); entry != nullptr && !entry->statusFinal)
        entry->status = status;
}

void RequestLog::recordFault (std::uint64_t sequence, const std::string& fault)
{
    std::lock_guard lock (mutex_);
    if (auto* entry = find (sequence))
        entry->fault = fault;
}

std::vector<RecordedRequest> RequestLog::snapshot() const
{
    std::lock_guard lock (mutex_);
    return { entries_.begin(), entries_.end() };
}

void RequestLog::clear()
{
    std::lock_guard lock (mutex_);
    entries_.clear();
}

std::int64_t RequestLog::countFor (const std::string& host) const
{
    std::lock_guard lock (mutex_);
    const auto it = totals_.find (host);
    return it == totals_.end() ? 0 : it->second;
}
} // namespace wavelift::sandbox
