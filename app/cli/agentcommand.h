#pragma once

// `autopack agent` (SPEC §11, §12): turns the parsed arguments and the environment
// (AUTOPACK_URL, AUTOPACK_TOKEN) into the runner's options, runs the runner on its own
// thread while this one waits for SIGTERM/SIGINT, and answers the exit code.

#include "commandline.h"
#include "runneroptions.h"

#include <QProcessEnvironment>
#include <QTextStream>

#include <expected>

namespace Autopack::Cli {

class AgentCommand
{
public:
    // A usage error (exit 2) names what was wrong: no token, a bad URL, an unknown adapter.
    static std::expected<Agent::RunnerOptions, UsageError> options(
        const AgentArguments &arguments, const QProcessEnvironment &environment);
    // Needs a QCoreApplication. Returns the process exit code.
    static int run(const AgentArguments &arguments, QTextStream &err);
};

} // namespace Autopack::Cli
