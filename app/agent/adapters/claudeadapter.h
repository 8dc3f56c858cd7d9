#pragma once

// Claude Code in print mode, `claude -p --verbose --output-format stream-json`, prompt
// on stdin. Follows the stream-json message types of Claude Code 2.1 (the Agent SDK's
// SDKMessage union): system (init, api_retry, ...), assistant and user messages with
// content blocks, rate_limit_event, and one final result.
//
// Usage comes from the result event only (usage + total_cost_usd): every assistant
// event of one message repeats the message's usage once per content block, so summing
// them would count each message several times.

#include "lineadapter.h"

#include <QHash>

namespace Autopack::Agent {

class ClaudeAdapter final : public LineAdapter
{
public:
    QString name() const override { return QStringLiteral("claude"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;
    AgentOutcome finish(int exitCode, const QString &stderrTail, const QString &resultFile) override;

protected:
    void handleLine(QByteArrayView line) override;

private:
    void handleSystem(const QJsonObject &event);
    void handleAssistant(const QJsonObject &event);
    void handleUser(const QJsonObject &event);
    void handleRateLimitEvent(const QJsonObject &event);
    void handleResult(const QJsonObject &event);
    QString sessionOf(const QJsonObject &event) const;

    QString m_sessionId;
    QHash<QString, QString> m_toolNames; // tool_use id -> tool name, to name the results
    QString m_lastText; // the last assistant text: the final message when no result came
    std::optional<QString> m_resultText;
    QString m_error;
    // The latest rate-limit signal not yet followed by work or a successful result.
    std::optional<QString> m_rateLimit;
};

} // namespace Autopack::Agent
