#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace wavelift::capture
{
/** Incremental MD5 (RFC 1321). FLAC's STREAMINFO carries the MD5 of the raw samples; computing it here, on the
    writer thread, takes that work off the encoding thread. */
class Md5
{
public:
    Md5() noexcept;

    void update (const void* data, size_t size) noexcept;
    std::array<std::uint8_t, 16> finish() noexcept;

private:
    void processBlock (const std::uint8_t* block) noexcept;

    std::array<std::uint32_t, 4> state;
    std::array<std::uint8_t, 64> buffer{};
    std::uint64_t length = 0; // bytes so far
};
} // namespace wavelift::capture
