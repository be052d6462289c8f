#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace wavelift::net
{
/** Bytes from the operating system's secure random source (getrandom(2), else /dev/urandom). Throws
    std::runtime_error when neither works: never falls back to a weaker generator (juce::Random is an LCG). */
std::vector<unsigned char> secureRandomBytes (std::size_t count);

/** `byteCount` secure random bytes as lowercase hex (2 digits per byte). */
std::string randomHex (std::size_t byteCount);
} // namespace wavelift::net
