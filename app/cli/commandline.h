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
};

struct UsageError {
    QString message; // one line naming what was wrong
};

// `arguments` as QCoreApplication::arguments() gives them (program name first).
std::expected<Options, UsageError> parseCommandLine(const QStringList &arguments);

// The text printed by --help.
QString helpText();

} // namespace Autopack::Cli
