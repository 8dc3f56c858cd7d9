#pragma once

// OpenAI Codex CLI, `codex exec --json --sandbox workspace-write -` (prompt on stdin).
// Follows the exec JSONL events of codex-rs/exec/src/exec_events.rs (codex-cli 0.46 and
// later): thread.started, turn.started, item.started/updated/completed (agent_message,
// reasoning, command_execution, file_change, mcp_tool_call, web_search, todo_list,
// error), turn.completed {usage}, turn.failed, error.
//
// turn.completed's usage is the thread's running total, not the turn's: codex exec
// builds it from the last TokenCount's total_token_usage (event_processor_with_jsonl_
// output.rs), so each report is the thread's cumulative usage and goes to the ledger
// as it is, keyed by thread id; adding the reports up would count earlier turns again.
// input_tokens already includes cached_input_tokens (OpenAI's convention).

#include "jsonlineadapter.h"

#include <QSet>

namespace Autopack::Agent {

class CodexAdapter final : public JsonLineAdapter
{
public:
    QString name() const override { return QStringLiteral("codex"); }
    QStringList defaultCommand() const override;
    std::expected<LaunchSpec, QString> launch(const LaunchContext &context) const override;

protected:
    void handleEvent(const QJsonObject &event) override;

private:
    void handleItem(const QJsonObject &item, bool completed);
    void handleFailure(const QString &message);

    QSet<QString> m_startedItems; // in flight, so a completed item is not announced twice
};

} // namespace Autopack::Agent
