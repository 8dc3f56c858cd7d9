#include "claudeadapter.h"

#include "adaptertext.h"

#include <QDateTime>
#include <QJsonArray>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

QStringList ClaudeAdapter::defaultCommand() const
{
    return { QStringLiteral("claude"), QStringLiteral("-p"), QStringLiteral("--verbose"),
        QStringLiteral("--output-format"), QStringLiteral("stream-json") };
}

std::expected<LaunchSpec, QString> ClaudeAdapter::launch(const LaunchContext &context) const
{
    // No token cap: claude -p offers --max-turns and --max-budget-usd, none for tokens,
    // so tokenBudgetLeft is enforced by the runner from the usage reports.
    return standardLaunch(context, context.promptText);
}

QString ClaudeAdapter::sessionOf(const QJsonObject &event) const
{
    const QString id = event.value(QStringLiteral("session_id")).toString();
    if (!id.isEmpty())
        return id;
    return sessionKey();
}

void ClaudeAdapter::handleEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("system"))
        handleSystem(event);
    else if (type == QLatin1String("assistant"))
        handleAssistant(event);
    else if (type == QLatin1String("user"))
        handleUser(event);
    else if (type == QLatin1String("rate_limit_event"))
        handleRateLimitEvent(event);
    else if (type == QLatin1String("result"))
        handleResult(event);
    // stream_event (partial messages, not requested), control_* and future types: nothing to show.
}

void ClaudeAdapter::handleSystem(const QJsonObject &event)
{
    const QString subtype = event.value(QStringLiteral("subtype")).toString();
    if (subtype == QLatin1String("init")) {
        m_sessionId = event.value(QStringLiteral("session_id")).toString();
        QString text = QStringLiteral("session %1 started, model %2")
                           .arg(m_sessionId, event.value(QStringLiteral("model")).toString());
        const QString version = event.value(QStringLiteral("claude_code_version")).toString();
        if (!version.isEmpty())
            text += QStringLiteral(", Claude Code ") + version;
        emitText(Kind::Notice, text);
    } else if (subtype == QLatin1String("api_retry")) {
        const int status = event.value(QStringLiteral("error_status")).toInt();
        const QString error = event.value(QStringLiteral("error")).toString();
        const QString text = QStringLiteral("API request failed (%1 %2), retry %3 of %4")
                                 .arg(status)
                                 .arg(error)
                                 .arg(event.value(QStringLiteral("attempt")).toInt())
                                 .arg(event.value(QStringLiteral("max_retries")).toInt());
        emitText(Kind::Notice, text);
        // Retries that end the run count as a rate limit; later work clears it.
        if (status == 429 || error == QLatin1String("rate_limit"))
            m_failure.rateLimit = text;
    }
}

void ClaudeAdapter::handleAssistant(const QJsonObject &event)
{
    const QJsonObject message = event.value(QStringLiteral("message")).toObject();
    const QJsonArray content = message.value(QStringLiteral("content")).toArray();

    // The CLI's own API failures come as synthetic assistant messages with `error` set.
    const QString apiError = event.value(QStringLiteral("error")).toString();
    if (!apiError.isEmpty()) {
        QString text = AdapterText::contentText(content);
        if (text.isEmpty())
            text = apiError;
        m_failure.error = AdapterText::shorten(text, MaxEventText);
        emitText(Kind::Error, text);
        if (apiError == QLatin1String("rate_limit") || AdapterText::looksRateLimited(text))
            m_failure.rateLimit = m_failure.error;
        return;
    }
    m_failure.rateLimit.reset();

    for (const QJsonValue &v : content) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text")) {
            emitMessage(block.value(QStringLiteral("text")).toString());
        } else if (type == QLatin1String("thinking")) {
            const QString text = block.value(QStringLiteral("thinking")).toString();
            if (!text.trimmed().isEmpty())
                emitText(Kind::Thinking, text);
        } else if (type == QLatin1String("tool_use")) {
            const QString tool = block.value(QStringLiteral("name")).toString();
            const QJsonObject input = block.value(QStringLiteral("input")).toObject();
            m_toolNames.insert(block.value(QStringLiteral("id")).toString(), tool);
            emitText(Kind::ToolCall, AdapterText::toolInputSummary(input), tool);
            static const QStringList editingTools { QStringLiteral("Write"), QStringLiteral("Edit"),
                QStringLiteral("MultiEdit"), QStringLiteral("NotebookEdit") };
            if (editingTools.contains(tool)) {
                QString path = input.value(QStringLiteral("file_path")).toString();
                if (path.isEmpty())
                    path = input.value(QStringLiteral("notebook_path")).toString();
                if (!path.isEmpty())
                    emitText(Kind::FileChange,
                        tool == QLatin1String("Write") ? QStringLiteral("write") : QStringLiteral("edit"), tool, path);
            }
        }
    }
}

void ClaudeAdapter::handleUser(const QJsonObject &event)
{
    const QJsonValue content = event.value(QStringLiteral("message")).toObject().value(QStringLiteral("content"));
    if (!content.isArray())
        return; // the prompt replayed as text
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject block = v.toObject();
        if (block.value(QStringLiteral("type")).toString() != QLatin1String("tool_result"))
            continue;
        const QString tool = m_toolNames.value(block.value(QStringLiteral("tool_use_id")).toString());
        QString text = AdapterText::contentText(block.value(QStringLiteral("content")));
        if (block.value(QStringLiteral("is_error")).toBool())
            text.prepend(QStringLiteral("error: "));
        emitText(Kind::ToolResult, text, tool);
    }
}

void ClaudeAdapter::handleRateLimitEvent(const QJsonObject &event)
{
    const QJsonObject info = event.value(QStringLiteral("rate_limit_info")).toObject();
    const QString status = info.value(QStringLiteral("status")).toString();
    if (status.isEmpty() || status == QLatin1String("allowed"))
        return; // informational: the request was served
    QString text = QStringLiteral("rate limit %1").arg(status);
    const QString window = info.value(QStringLiteral("rateLimitType")).toString();
    if (!window.isEmpty())
        text += QStringLiteral(" (%1)").arg(window);
    const qint64 resetsAt = AdapterText::integer(info.value(QStringLiteral("resetsAt")));
    if (resetsAt > 0)
        text += QStringLiteral(", resets at ") + QDateTime::fromSecsSinceEpoch(resetsAt, Qt::UTC).toString(Qt::ISODate);
    emitText(Kind::Notice, text);
    if (status == QLatin1String("rejected"))
        m_failure.rateLimit = text;
}

void ClaudeAdapter::handleResult(const QJsonObject &event)
{
    const QString session = sessionOf(event);
    const QJsonObject usage = event.value(QStringLiteral("usage")).toObject();
    Usage cumulative;
    cumulative.inputTokens = AdapterText::integer(usage.value(QStringLiteral("input_tokens")))
        + AdapterText::integer(usage.value(QStringLiteral("cache_creation_input_tokens")))
        + AdapterText::integer(usage.value(QStringLiteral("cache_read_input_tokens")));
    cumulative.outputTokens = AdapterText::integer(usage.value(QStringLiteral("output_tokens")));
    if (event.value(QStringLiteral("total_cost_usd")).isDouble())
        cumulative.costUsd = event.value(QStringLiteral("total_cost_usd")).toDouble();
    reportUsage(session, cumulative);

    const QString subtype = event.value(QStringLiteral("subtype")).toString();
    const QString result = event.value(QStringLiteral("result")).toString();
    const bool isError = event.value(QStringLiteral("is_error")).toBool() || subtype.startsWith(QLatin1String("error"));
    if (!isError) {
        m_resultText = AdapterText::shorten(result, MaxFinalMessage);
        m_failure.clear();
        return;
    }

    QStringList errors;
    for (const QJsonValue &e : event.value(QStringLiteral("errors")).toArray())
        errors.append(AdapterText::contentText(e));
    QString text = !result.isEmpty() ? result : errors.join(QLatin1Char('\n'));
    if (text.isEmpty())
        text = QStringLiteral("claude ended with %1").arg(subtype);
    // The result repeats the synthetic message of an API failure; one line is enough.
    const QString shortened = AdapterText::shorten(text, MaxEventText);
    if (shortened != m_failure.error)
        emitText(Kind::Error, text);
    m_failure.error = shortened;
    if (event.value(QStringLiteral("api_error_status")).toInt() == 429 || AdapterText::looksRateLimited(text))
        m_failure.rateLimit = m_failure.error;
}

} // namespace Autopack::Agent
