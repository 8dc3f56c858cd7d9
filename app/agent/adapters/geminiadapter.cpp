#include "geminiadapter.h"

#include "adaptertext.h"

#include <algorithm>
#include <utility>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

QStringList GeminiAdapter::defaultCommand() const
{
    // -p's value is appended to what stdin holds (gemini --help), so "-" only adds a
    // dash line after the prompt read from stdin; it keeps the CLI in headless mode.
    return { QStringLiteral("gemini"), QStringLiteral("-p"), QStringLiteral("-"), QStringLiteral("--output-format"),
        QStringLiteral("stream-json") };
}

std::expected<LaunchSpec, QString> GeminiAdapter::launch(const LaunchContext &context) const
{
    // No token cap: the Gemini CLI has no flag limiting a session's tokens; the runner
    // enforces tokenBudgetLeft from the usage reports.
    return standardLaunch(context, context.promptText);
}

void GeminiAdapter::appendAssistantText(const QString &text)
{
    const qsizetype room = MaxFinalMessage - m_pendingText.size();
    if (room >= text.size()) {
        m_pendingText += text;
        return;
    }
    m_pendingText += text.left(std::max<qsizetype>(room, 0));
    m_pendingDropped += text.size() - std::max<qsizetype>(room, 0);
}

void GeminiAdapter::flushAssistantText()
{
    if (m_pendingText.trimmed().isEmpty() && m_pendingDropped == 0) {
        m_pendingText.clear();
        return;
    }
    QString text = std::exchange(m_pendingText, {});
    if (m_pendingDropped > 0)
        text += QStringLiteral("… [%1 more characters]").arg(std::exchange(m_pendingDropped, 0));
    m_lastMessage = text;
    emitText(Kind::Message, text);
}

void GeminiAdapter::handleEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("message")) {
        if (event.value(QStringLiteral("role")).toString() != QLatin1String("assistant"))
            return; // the prompt echoed back
        const QString content = event.value(QStringLiteral("content")).toString();
        if (event.value(QStringLiteral("delta")).toBool()) {
            appendAssistantText(content);
        } else {
            flushAssistantText();
            appendAssistantText(content);
            flushAssistantText();
        }
        return;
    }
    flushAssistantText();

    if (type == QLatin1String("init")) {
        m_sessionId = event.value(QStringLiteral("session_id")).toString();
        emitText(Kind::Notice,
            QStringLiteral("session %1 started, model %2")
                .arg(m_sessionId, event.value(QStringLiteral("model")).toString()));
    } else if (type == QLatin1String("tool_use")) {
        const QString tool = event.value(QStringLiteral("tool_name")).toString();
        const QJsonObject parameters = event.value(QStringLiteral("parameters")).toObject();
        m_toolNames.insert(event.value(QStringLiteral("tool_id")).toString(), tool);
        emitText(Kind::ToolCall, AdapterText::toolInputSummary(parameters), tool);
        static const QStringList editingTools { QStringLiteral("write_file"), QStringLiteral("replace"),
            QStringLiteral("edit") };
        if (editingTools.contains(tool)) {
            QString path = parameters.value(QStringLiteral("file_path")).toString();
            if (path.isEmpty())
                path = parameters.value(QStringLiteral("absolute_path")).toString();
            if (!path.isEmpty())
                emitText(Kind::FileChange,
                    tool == QLatin1String("write_file") ? QStringLiteral("write") : QStringLiteral("edit"), tool, path);
        }
    } else if (type == QLatin1String("tool_result")) {
        const QString tool = m_toolNames.value(event.value(QStringLiteral("tool_id")).toString());
        if (event.value(QStringLiteral("status")).toString() == QLatin1String("error")) {
            const QJsonObject error = event.value(QStringLiteral("error")).toObject();
            emitText(
                Kind::ToolResult, QStringLiteral("error: ") + error.value(QStringLiteral("message")).toString(), tool);
        } else {
            emitText(Kind::ToolResult, event.value(QStringLiteral("output")).toString(), tool);
        }
    } else if (type == QLatin1String("error")) {
        const QString message = event.value(QStringLiteral("message")).toString();
        const bool warning = event.value(QStringLiteral("severity")).toString() == QLatin1String("warning");
        emitText(warning ? Kind::Notice : Kind::Error, message);
        if (!warning)
            m_failure.error = AdapterText::shorten(message, MaxEventText);
        if (AdapterText::looksRateLimited(message))
            m_failure.rateLimit = AdapterText::shorten(message, MaxEventText);
    } else if (type == QLatin1String("result")) {
        handleResult(event);
    }
}

void GeminiAdapter::handleResult(const QJsonObject &event)
{
    const QJsonObject stats = event.value(QStringLiteral("stats")).toObject();
    if (!stats.isEmpty()) {
        Usage cumulative;
        cumulative.inputTokens = AdapterText::integer(stats.value(QStringLiteral("input_tokens")));
        cumulative.outputTokens = std::max(AdapterText::integer(stats.value(QStringLiteral("output_tokens"))),
            AdapterText::integer(stats.value(QStringLiteral("total_tokens"))) - cumulative.inputTokens);
        reportUsage(sessionKey(), cumulative);
    }
    if (event.value(QStringLiteral("status")).toString() != QLatin1String("error")) {
        // Errors before a successful end were non-fatal.
        m_failure.clear();
        return;
    }
    const QJsonObject error = event.value(QStringLiteral("error")).toObject();
    QString text = error.value(QStringLiteral("message")).toString();
    if (text.isEmpty())
        text = QStringLiteral("gemini ended with an error (%1)").arg(error.value(QStringLiteral("type")).toString());
    m_failure.error = AdapterText::shorten(text, MaxEventText);
    emitText(Kind::Error, text);
    if (AdapterText::looksRateLimited(text)
        || AdapterText::looksRateLimited(error.value(QStringLiteral("type")).toString()))
        m_failure.rateLimit = m_failure.error;
}

} // namespace Autopack::Agent
