// The HTTP layer needs no JUCE message loop: a plain Catch2 main.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
