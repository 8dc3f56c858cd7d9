#pragma once

// OpenCode, `opencode run --format json`, prompt on stdin (run reads piped stdin and
// appends it to the message words, packages/opencode/src/cli/cmd/run.ts). Follows the
// JSON events of opencode 1.18: {type, timestamp, sessionID, part|error} with type
// step_start, text, reasoning, tool_use (one per finished tool call, state.input and
// state.output|error), step_finish (part.tokens, part.cost), error, done.
//
// step_finish reports one step (one model call), not the session: the session's usage
// is the sum over its distinct step-finish parts (by part id, so a repeated line never
// counts twice), reported to the ledger as the session's running total.
// tokens.input leaves out cache reads and writes; reasoning is billed as output.

#include "jsonlineadapter.h"

#include <QHash>
#include <QSet>

namespace Autopack::Agent {

class OpenCodeAdapter final : public JsonLineAdapter
{
public:
    QString name() const override { return QStringLiteral("opencode"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;

protected:
    void handleEvent(const QJsonObject &event) override;

private:
    void handleTool(const QJsonObject &part);
    void handleStepFinish(const QString &sessionId, const QJsonObject &part);
    void handleError(const QJsonObject &error);

    struct SessionSum {
        Usage usage;
        QSet<QString> steps; // step-finish part ids already counted
    };
    QHash<QString, SessionSum> m_sessions;
};

} // namespace Autopack::Agent
