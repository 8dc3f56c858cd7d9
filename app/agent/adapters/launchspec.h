#pragma once

// How an agent CLI is started: the adapter says, AgentProcess does it. Header only, so
// the process library needs nothing of the adapters but this.

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Autopack::Agent {

// How to start it. The runner adds NO_COLOR=1 and its environment allow-list.
struct LaunchSpec {
    QString program;
    QStringList arguments;
    std::optional<QByteArray> stdinData; // nullopt: stdin closed at once
    QHash<QString, QString> environment; // extra variables (AUTOPACK_PROMPT_FILE, ...)
};

} // namespace Autopack::Agent
