#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace wavelift::sandbox
{
struct RecordedRequest
{
    std::uint64_t sequence = 0;
    /** api | auth | cdn */
    std::string host;
    std::string method;
    std::string path;
    std::string query;
    bool hadAuthorization = false;
    /** "OAuth", "Bearer", "Basic"... empty without the header. */
    std::string authorizationScheme;
    /** The status sent; 0 when the connection was cut before a response. */
    int status = 0;
    /** The fault applied to this request, if any. */
    std::string fault;
    bool statusFinal = false;

    nlohmann::json toJson() const;
};

/** What arrived on the three listeners, newest last (bounded), so tests can check e.g. that the CDN never
    received an Authorization header. */
class RequestLog
{
public:
    std::uint64_t recordArrival (RecordedRequest request);
    /** Sets the status the handler answered with (0 when a fault cut the connection). Final. */
    void recordStatus (std::uint64_t sequence, int status);
    /** Sets the status httplib wrote, unless the handler's status was recorded already. */
    void recordWrittenStatus (std::uint64_t sequence, int status);
    void recordFault (std::uint64_t sequence, const std::string& fault);
    std::vector<RecordedRequest> snapshot() const;
    void clear();
    std::int64_t countFor (const std::string& host) const;

private:
    static constexpr std::size_t capacity = 10000;
    RecordedRequest* find (std::uint64_t sequence);

    mutable std::mutex mutex_;
    std::deque<RecordedRequest> entries_;
    std::uint64_t nextSequence_ = 1;
    std::map<std::string, std::int64_t> totals_;
};
} // namespace wavelift::sandbox
