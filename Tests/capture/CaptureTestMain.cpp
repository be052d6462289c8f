// The capture runner needs no message loop: the engine, the writer and the library are plain threads and files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
