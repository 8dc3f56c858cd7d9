#include "opencodeadapter.h"

#include "adaptertext.h"

#include <QRegularExpression>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

QStringList OpenCodeAdapter::defaultCommand() const
{
    return { QStringLiteral("opencode"), QStringLiteral("run"), QStringLiteral("--format"), QStringLiteral("json") };
}

std::expected<LaunchSpec, QString> OpenCodeAdapter::launch(const LaunchContext &context) const
{
    // The prompt goes on stdin rather than as the last argument: a long prompt would hit
    // the argument length limit. No token cap: opencode run has no such flag; the runner
    // enforces tokenBudgetLeft from the usage reports.
    return standardLaunch(context, context.promptText);
}

void OpenCodeAdapter::handleEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject part = event.value(QStringLiteral("part")).toObject();
    if (type == QLatin1String("text")) {
        emitMessage(part.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("reasoning")) {
        emitText(Kind::Thinking, part.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("tool_use")) {
        handleTool(part);
    } else if (type == QLatin1String("step_finish")) {
        QString session = event.value(QStringLiteral("sessionID")).toString();
        if (session.isEmpty())
            session = part.value(QStringLiteral("sessionID")).toString();
        handleStepFinish(session.isEmpty() ? name() : session, part);
    } else if (type == QLatin1String("error")) {
        handleError(event.value(QStringLiteral("error")).toObject());
    }
    // step_start and done carry nothing to show.
}

void OpenCodeAdapter::handleTool(const QJsonObject &part)
{
    const QString tool = part.value(QStringLiteral("tool")).toString();
    const QJsonObject state = part.value(QStringLiteral("state")).toObject();
    const QJsonObject input = state.value(QStringLiteral("input")).toObject();
    emitText(Kind::ToolCall, AdapterText::toolInputSummary(input), tool);

    const bool failed = state.value(QStringLiteral("status")).toString() == QLatin1String("error");
    if (failed)
        emitText(Kind::ToolResult, QStringLiteral("error: ") + state.value(QStringLiteral("error")).toString(), tool);
    else
        emitText(Kind::ToolResult, AdapterText::contentText(state.value(QStringLiteral("output"))), tool);
    if (failed)
        return;

    if (tool == QLatin1String("edit") || tool == QLatin1String("write") || tool == QLatin1String("multiedit")) {
        const QString path = input.value(QStringLiteral("filePath")).toString();
        if (!path.isEmpty())
            emitText(Kind::FileChange,
                tool == QLatin1String("write") ? QStringLiteral("write") : QStringLiteral("edit"), tool, path);
    } else if (tool == QLatin1String("apply_patch") || tool == QLatin1String("patch")) {
        // The patch names its files in its own headers ("*** Update File: path").
        static const QRegularExpression header(
            QStringLiteral("^\\*\\*\\* (Add|Update|Delete) File: (.+)$"), QRegularExpression::MultilineOption);
        const QString patch = input.value(QStringLiteral("patchText")).toString();
        auto it = header.globalMatch(patch);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            emitText(Kind::FileChange, m.captured(1).toLower(), tool, m.captured(2).trimmed());
        }
    }
}

void OpenCodeAdapter::handleStepFinish(const QString &sessionId, const QJsonObject &part)
{
    SessionSum &sum = m_sessions[sessionId];
    const QString id = part.value(QStringLiteral("id")).toString();
    if (!id.isEmpty()) {
        if (sum.steps.contains(id))
            return;
        sum.steps.insert(id);
    }
    const QJsonObject tokens = part.value(QStringLiteral("tokens")).toObject();
    const QJsonObject cache = tokens.value(QStringLiteral("cache")).toObject();
    sum.usage.inputTokens += AdapterText::integer(tokens.value(QStringLiteral("input")))
        + AdapterText::integer(cache.value(QStringLiteral("read")))
        + AdapterText::integer(cache.value(QStringLiteral("write")));
    sum.usage.outputTokens += AdapterText::integer(tokens.value(QStringLiteral("output")))
        + AdapterText::integer(tokens.value(QStringLiteral("reasoning")));
    if (part.value(QStringLiteral("cost")).isDouble())
        sum.usage.costUsd = sum.usage.costUsd.value_or(0.0) + part.value(QStringLiteral("cost")).toDouble();
    reportUsage(sessionId, sum.usage);
    m_failure.clear();
}

void OpenCodeAdapter::handleError(const QJsonObject &error)
{
    const QString errorName = error.value(QStringLiteral("name")).toString();
    const QJsonObject data = error.value(QStringLiteral("data")).toObject();
    QString text = data.value(QStringLiteral("message")).toString();
    if (text.isEmpty())
        text = errorName.isEmpty() ? QStringLiteral("opencode reported an error") : errorName;
    else if (!errorName.isEmpty())
        text = errorName + QStringLiteral(": ") + text;
    m_failure.error = AdapterText::shorten(text, MaxEventText);
    emitText(Kind::Error, text);
    if (data.value(QStringLiteral("statusCode")).toInt() == 429 || AdapterText::looksRateLimited(text))
        m_failure.rateLimit = m_failure.error;
}

} // namespace Autopack::Agent
