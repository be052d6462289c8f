// wavelift-sandbox: the SoundCloud-compatible sandbox server as a program (see --help).

#include "sandbox/CommandLine.h"
#include "sandbox/SandboxServer.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>

int main (int argc, char** argv)
{
    using namespace wavelift::sandbox;

    std::string error;
    const auto commandLine = parseCommandLine ({ argv + 1, argv + argc }, error);
    if (!commandLine)
    {
        std::cerr << "wavelift-sandbox: " << error << "\n";
        return 2;
    }
    if (commandLine->showHelp)
    {
        std::cout << helpText();
        return 0;
    }

    // Block the shutdown signals before any thread starts, so all threads inherit the mask and sigwait gets them.
    sigset_t shutdownSignals;
    sigemptyset (&shutdownSignals);
    sigaddset (&shutdownSignals, SIGINT);
    sigaddset (&shutdownSignals, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &shutdownSignals, nullptr);

    try
    {
        SandboxServer server (commandLine->options);
        server.start();
        std::cout << server.startupJson() << std::endl; // one line, flushed: scripts read it
        int received = 0;
        sigwait (&shutdownSignals, &received);
        std::cerr << "wavelift-sandbox: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down\n";
        server.stop();
    }
    catch (const std::exception& exception)
    {
        std::cerr << "wavelift-sandbox: " << exception.what() << "\n";
        return 1;
    }
    return 0;
}
