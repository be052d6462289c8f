// The MD5 behind FLAC takes' STREAMINFO signature, against RFC 1321's test suite.
#include "capture/Md5.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

namespace
{
std::string hex (const std::array<std::uint8_t, 16>& digest)
{
    std::string text;
    char byte[3];
    for (auto b : digest)
    {
        std::snprintf (byte, sizeof (byte), "%02x", b);
        text += byte;
    }
    return text;
}

std::string md5Of (const std::string& message, size_t pieceSize)
{
    wavelift::capture::Md5 md5;
    for (size_t i = 0; i < message.size(); i += pieceSize) // fed in pieces, as the writer feeds blocks
        md5.update (message.data() + i, std::min (pieceSize, message.size() - i));
    return hex (md5.finish());
}
} // namespace

TEST_CASE ("capture: MD5 matches RFC 1321's test suite, however the input is split", "[capture][md5]")
{
    const size_t piece = GENERATE (1, 3, 63, 64, 65, 1000);
    CHECK (md5Of ("", piece) == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK (md5Of ("a", piece) == "0cc175b9c0f1b6a831c399e269772661");
    CHECK (md5Of ("abc", piece) == "900150983cd24fb0d6963f7d28e17f72");
    CHECK (md5Of ("message digest", piece) == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK (md5Of ("abcdefghijklmnopqrstuvwxyz", piece) == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK (md5Of ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", piece)
           == "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK (md5Of ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", piece)
           == "57edf4a22be3c955ac49da2e2107b67a");
}
