#pragma once

// Claude Code in print mode, `claude -p --verbose --output-format stream-json`, prompt
// on stdin. Follows the stream-json message types of Claude Code 2.1 (the Agent SDK's
// SDKMessage union): system (init, api_retry, ...), assistant and user messages with
// content blocks, rate_limit_event, and one final result.
//
// Usage comes from the result event only (usage + total_cost_usd): every assistant
// event of one message repeats the message's usage once per content block, so summing
// them would count each message several times.

#include "jsonlineadapter.h"

#include <QHash>

namespace Autopack::Agent {

class ClaudeAdapter final : public JsonLineAdapter
{
public:
    QString name() const override { return QStringLiteral("claude"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;

protected:
    void handleEvent(const QJsonObject &event) override;
    // The result's text; the last assistant text when no successful result came.
    QString finalMessage() const override { return m_resultText.value_or(m_lastMessage); }

private:
    void handleSystem(const QJsonObject &event);
    void handleAssistant(const QJsonObject &event);
    void handleUser(const QJsonObject &event);
    void handleRateLimitEvent(const QJsonObject &event);
    void handleResult(const QJsonObject &event);
    QString sessionOf(const QJsonObject &event) const;

    QHash<QString, QString> m_toolNames; // tool_use id -> tool name, to name the results
    std::optional<QString> m_resultText;
};

} // namespace Autopack::Agent
