#include "codexadapter.h"

#include "adaptertext.h"

#include <QJsonArray>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

QStringList CodexAdapter::defaultCommand() const
{
    return { QStringLiteral("codex"), QStringLiteral("exec"), QStringLiteral("--json"), QStringLiteral("--sandbox"),
        QStringLiteral("workspace-write"), QStringLiteral("-") };
}

std::expected<LaunchSpec, QString> CodexAdapter::launch(const LaunchContext &context) const
{
    // No token cap: codex exec has no flag limiting a run's tokens; the runner enforces
    // tokenBudgetLeft from the usage reports.
    return standardLaunch(context, context.promptText);
}

void CodexAdapter::handleEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("thread.started")) {
        m_sessionId = event.value(QStringLiteral("thread_id")).toString();
        emitText(Kind::Notice, QStringLiteral("thread %1 started").arg(m_sessionId));
    } else if (type == QLatin1String("item.started")) {
        handleItem(event.value(QStringLiteral("item")).toObject(), false);
    } else if (type == QLatin1String("item.completed")) {
        handleItem(event.value(QStringLiteral("item")).toObject(), true);
    } else if (type == QLatin1String("turn.completed")) {
        const QJsonObject usage = event.value(QStringLiteral("usage")).toObject();
        Usage cumulative;
        cumulative.inputTokens = AdapterText::integer(usage.value(QStringLiteral("input_tokens")));
        cumulative.outputTokens = AdapterText::integer(usage.value(QStringLiteral("output_tokens")));
        reportUsage(sessionKey(), cumulative);
        // Errors before a completed turn were retried past (reconnects) or non-fatal.
        m_failure.clear();
    } else if (type == QLatin1String("turn.failed")) {
        handleFailure(event.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString());
    } else if (type == QLatin1String("error")) {
        handleFailure(event.value(QStringLiteral("message")).toString());
    }
    // turn.started, item.updated (in-flight snapshots), item.plan.delta: nothing new to show.
}

void CodexAdapter::handleFailure(const QString &message)
{
    const QString text = message.isEmpty() ? QStringLiteral("codex reported an error") : message;
    // codex exec repeats a fatal error as `error` and then `turn.failed`; one line is enough.
    const QString shortened = AdapterText::shorten(text, MaxEventText);
    if (shortened != m_failure.error)
        emitText(Kind::Error, text);
    m_failure.error = shortened;
    if (AdapterText::looksRateLimited(text))
        m_failure.rateLimit = m_failure.error;
}

void CodexAdapter::handleItem(const QJsonObject &item, bool completed)
{
    const QString id = item.value(QStringLiteral("id")).toString();
    const QString type = item.value(QStringLiteral("type")).toString();
    // Whether item.started already showed it; a started item is shown now.
    bool announced = false;
    if (completed)
        announced = m_startedItems.remove(id);
    else
        m_startedItems.insert(id);

    if (type == QLatin1String("agent_message")) {
        if (completed)
            emitMessage(item.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("reasoning")) {
        if (completed)
            emitText(Kind::Thinking, item.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("command_execution")) {
        const QString command = item.value(QStringLiteral("command")).toString();
        if (!announced)
            emitText(Kind::ToolCall, command, QStringLiteral("shell"));
        if (!completed)
            return;
        const QString status = item.value(QStringLiteral("status")).toString();
        const QJsonValue exitCode = item.value(QStringLiteral("exit_code"));
        QString head = status;
        if (exitCode.isDouble())
            head += QStringLiteral(", exit code %1").arg(exitCode.toInt());
        const QString output = item.value(QStringLiteral("aggregated_output")).toString();
        emitText(
            Kind::ToolResult, output.isEmpty() ? head : head + QLatin1Char('\n') + output, QStringLiteral("shell"));
    } else if (type == QLatin1String("file_change")) {
        if (!completed)
            return;
        const bool applied = item.value(QStringLiteral("status")).toString() == QLatin1String("completed");
        for (const QJsonValue &v : item.value(QStringLiteral("changes")).toArray()) {
            const QJsonObject change = v.toObject();
            const QString path = change.value(QStringLiteral("path")).toString();
            const QString kind = change.value(QStringLiteral("kind")).toString();
            if (applied)
                emitText(Kind::FileChange, kind, QStringLiteral("apply_patch"), path);
            else
                emitText(Kind::ToolResult, QStringLiteral("patch failed: %1 %2").arg(kind, path),
                    QStringLiteral("apply_patch"));
        }
    } else if (type == QLatin1String("mcp_tool_call")) {
        const QString tool = item.value(QStringLiteral("server")).toString() + QLatin1Char('.')
            + item.value(QStringLiteral("tool")).toString();
        if (!announced)
            emitText(Kind::ToolCall, AdapterText::toolInputSummary(item.value(QStringLiteral("arguments")).toObject()),
                tool);
        if (!completed)
            return;
        const QJsonObject error = item.value(QStringLiteral("error")).toObject();
        if (!error.isEmpty()) {
            emitText(
                Kind::ToolResult, QStringLiteral("error: ") + error.value(QStringLiteral("message")).toString(), tool);
        } else {
            const QJsonValue content = item.value(QStringLiteral("result")).toObject().value(QStringLiteral("content"));
            emitText(Kind::ToolResult, AdapterText::contentText(content), tool);
        }
    } else if (type == QLatin1String("web_search")) {
        if (!announced)
            emitText(Kind::ToolCall, item.value(QStringLiteral("query")).toString(), QStringLiteral("web_search"));
    } else if (type == QLatin1String("todo_list")) {
        QStringList lines;
        for (const QJsonValue &v : item.value(QStringLiteral("items")).toArray()) {
            const QJsonObject todo = v.toObject();
            lines.append(
                (todo.value(QStringLiteral("completed")).toBool() ? QStringLiteral("[x] ") : QStringLiteral("[ ] "))
                + todo.value(QStringLiteral("text")).toString());
        }
        emitText(Kind::Notice, QStringLiteral("plan:\n") + lines.join(QLatin1Char('\n')));
    } else if (type == QLatin1String("error")) {
        // A non-fatal error surfaced as an item: shown, the turn goes on.
        if (completed)
            emitText(Kind::Error, item.value(QStringLiteral("message")).toString());
    }
}

} // namespace Autopack::Agent
