#pragma once

#include "sandbox/Model.h"

#include <filesystem>
#include <mutex>
#include <shared_mutex>
#include <type_traits>

namespace wavelift::sandbox
{
/** Owns the persistent State: readers share a lock, each writer's change is saved to state.json atomically
    before the lock is released, so what a client was told is on disk. */
class StateStore
{
public:
    explicit StateStore (std::filesystem::path file);

    /** Loads state.json; returns false when there is none yet. Throws on a corrupt file. */
    bool load();
    /** Replaces the whole state and saves it (first start). */
    void reset (State state);

    template <typename Function>
    auto read (Function&& function) const
    {
        std::shared_lock lock (mutex_);
        return function (static_cast<const State&> (state_));
    }

    template <typename Function>
    auto write (Function&& function)
    {
        std::unique_lock lock (mutex_);
        if constexpr (std::is_void_v<std::invoke_result_t<Function, State&>>)
        {
            function (state_);
            save();
        }
        else
        {
            auto result = function (state_);
            save();
            return result;
        }
    }

private:
    void save() const;

    const std::filesystem::path file_;
    mutable std::shared_mutex mutex_;
    State state_;
};
} // namespace wavelift::sandbox
