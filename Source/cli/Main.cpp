#include "cli/CommandLine.h"

#include <iostream>

int main (int argc, char** argv)
{
    const std::vector<std::string> arguments (argv, argv + argc);
    return wavelift::cli::CommandLine (wavelift::cli::builtInCommands()).run (arguments, std::cout, std::cerr);
}
