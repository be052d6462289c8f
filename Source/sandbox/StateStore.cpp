#include "sandbox/StateStore.h"

#include "sandbox/FileUtil.h"

#include <stdexcept>

namespace wavelift::sandbox
{
StateStore::StateStore (std::filesystem::path file)
    : file_ (std::move (file))
{
}

bool StateStore::load()
{
    const auto content = readWholeFile (file_);
    if (!content)
        return false;
    std::unique_lock lock (mutex_);
    try
    {
        state_ = stateFromJson (nlohmann::json::parse (*content));
    }
    catch (const std::exception& error)
    {
        throw std::runtime_error ("corrupt sandbox state " + file_.string() + ": " + error.what());
    }
    return true;
}

void StateStore::reset (State state)
{
    std::unique_lock lock (mutex_);
    state_ = std::move (state);
    save();
}

void StateStore::save() const { writeFileAtomically (file_, toJson (state_).dump (1)); }
} // namespace wavelift::sandbox
