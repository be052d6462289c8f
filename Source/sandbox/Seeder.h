#pragma once

#include "sandbox/Model.h"
#include "sandbox/SandboxOptions.h"

#include <cstdint>
#include <filesystem>

namespace wavelift::sandbox
{
/** The seeded user people and tests sign in as. */
inline constexpr const char* seededUsername = "sandbox_user";
inline constexpr const char* seededPassword = "sandbox-password";

/** Fills a new state with the deterministic catalogue: five users and sixteen tracks made from Sonic Pi's CC0
    samples (copied into the data folder), among them one preview-only, one blocked and one private track.
    Track ids straddle 2^31 on purpose: the live ids are leaving the 32-bit range. */
void seedCatalogue (State& state, const std::filesystem::path& dataDir, const Options& options);

/** A fresh user record for the sign-in user, with the fixed password. */
UserRecord makeSignInUser (std::int64_t id, std::int64_t uploadQuotaSeconds);
} // namespace wavelift::sandbox
