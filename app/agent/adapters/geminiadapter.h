#pragma once

// Google Gemini CLI in headless mode, `gemini -p - --output-format stream-json`, prompt
// on stdin. Follows the stream-json events of Gemini CLI 0.21 (packages/core/src/output/
// types.ts): init, message (assistant text arrives as deltas), tool_use, tool_result,
// error (severity warning|error), result {status, error?, stats}.
//
// Usage comes from the result's stats, the session's totals: input_tokens includes the
// cached tokens; total_tokens also counts thoughts and tool tokens, which output_tokens
// leaves out, so output is what total_tokens has beyond input.

#include "jsonlineadapter.h"

#include <QHash>

namespace Autopack::Agent {

class GeminiAdapter final : public JsonLineAdapter
{
public:
    QString name() const override { return QStringLiteral("gemini"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;

protected:
    void handleEvent(const QJsonObject &event) override;
    void finishEvents() override { flushAssistantText(); }

private:
    void appendAssistantText(const QString &text);
    void flushAssistantText(); // the deltas so far become one Message
    void handleResult(const QJsonObject &event);

    QHash<QString, QString> m_toolNames; // tool_id -> tool_name
    QString m_pendingText; // assistant deltas of the message being streamed, bounded
    qint64 m_pendingDropped = 0; // characters past MaxFinalMessage
};

} // namespace Autopack::Agent
