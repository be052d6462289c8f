#pragma once

#include "capture/TakeRecord.h"

#include <mutex>

namespace wavelift::capture
{
/** Host, project and track names as the host reveals them (message thread), read when a take starts (writer
    thread). Never touched by the audio thread. */
class SharedMetadata
{
public:
    void setHostName (std::string name)
    {
        update ([&] (TakeMetadata& m) { m.hostName = std::move (name); });
    }
    void setProjectName (std::string name)
    {
        update ([&] (TakeMetadata& m) { m.projectName = std::move (name); });
    }
    void setTrackName (std::string name)
    {
        update ([&] (TakeMetadata& m) { m.trackName = std::move (name); });
    }

    TakeMetadata get() const
    {
        const std::lock_guard lock (mutex);
        return metadata;
    }

private:
    template <typename Change>
    void update (Change&& change)
    {
        const std::lock_guard lock (mutex);
        change (metadata);
    }

    mutable std::mutex mutex;
    TakeMetadata metadata;
};
} // namespace wavelift::capture
