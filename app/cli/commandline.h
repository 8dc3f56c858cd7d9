#pragma once

// The command line of SPEC §11, parsed into a value. Parsing never exits or prints:
// a usage error comes back as a value naming the offending argument, and the caller
// maps it to exit code 2.

#include <QString>
#include <QStringList>

#include <expected>

namespace Autopack::Cli {

enum class Verb {
    Start, // the control center (window, or engine + listener with --headless)
    Help,
    Version,
    TokenCreate,
    TokenList,
    TokenRevoke,
    ProjectAdd,
    ProjectList,
    Agent, // autopack agent: the agent runner (SPEC §12)
};

// `autopack agent` as given; defaults from the environment are applied by the runner's
// command (AgentCommand), which also reads --token-file.
struct AgentArguments {
    QString role; // builder | auditor
    QString adapter;
    QString command; // one string, split like a shell would (quotes, no expansion)
    QString url;
    QString token;
    QString tokenFile;
    int parallel = 1;
    bool once = false;
    QString workdir;
    int timeoutMinutes = 60;
    int stallTimeoutSeconds = 600;
};

struct Options {
    Verb verb = Verb::Start;
    QString dbPath; // empty: the default file in the user's data directory
    QString projectPath; // --project PATH
    QString listen = QStringLiteral("127.0.0.1:8765");
    bool headless = false;
    bool demo = false;
    bool insecure = false;
    // verb arguments
    QString role; // token create --role
    QString name; // token create --name, token revoke NAME, project add --name
    QString base; // project add --base
    QString path; // project add PATH
    AgentArguments agent;
};

struct UsageError {
    QString message; // one line naming what was wrong
};

// `arguments` as QCoreApplication::arguments() gives them (program name first).
std::expected<Options, UsageError> parseCommandLine(const QStringList &arguments);

// The text printed by --help.
QString helpText();

} // namespace Autopack::Cli
