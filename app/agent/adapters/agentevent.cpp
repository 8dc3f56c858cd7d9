#include "agentevent.h"

#include <algorithm>

namespace Autopack::Agent {

QJsonObject Usage::toJson() const
{
    QJsonObject o {
        { QStringLiteral("input_tokens"), inputTokens },
        { QStringLiteral("output_tokens"), outputTokens },
        { QStringLiteral("total_tokens"), total() },
    };
    if (costUsd)
        o.insert(QStringLiteral("cost_usd"), *costUsd);
    return o;
}

QString AgentEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Message:
        return QStringLiteral("message");
    case Kind::Thinking:
        return QStringLiteral("thinking");
    case Kind::ToolCall:
        return QStringLiteral("tool_call");
    case Kind::ToolResult:
        return QStringLiteral("tool_result");
    case Kind::FileChange:
        return QStringLiteral("file_change");
    case Kind::Usage:
        return QStringLiteral("usage");
    case Kind::Error:
        return QStringLiteral("error");
    case Kind::RateLimit:
        return QStringLiteral("rate_limit");
    case Kind::Notice:
        return QStringLiteral("notice");
    }
    return QStringLiteral("notice");
}

QJsonObject AgentEvent::toJson() const
{
    QJsonObject o { { QStringLiteral("kind"), kindName(kind) }, { QStringLiteral("text"), text } };
    if (!tool.isEmpty())
        o.insert(QStringLiteral("tool"), tool);
    if (!path.isEmpty())
        o.insert(QStringLiteral("path"), path);
    if (!sessionId.isEmpty())
        o.insert(QStringLiteral("session_id"), sessionId);
    if (usage)
        o.insert(QStringLiteral("usage"), usage->toJson());
    return o;
}

bool UsageLedger::report(const QString &sessionId, const Usage &cumulative)
{
    const auto it
        = std::find_if(m_sessions.begin(), m_sessions.end(), [&](const Entry &e) { return e.sessionId == sessionId; });
    if (it == m_sessions.end()) {
        m_sessions.append({ sessionId, cumulative });
        return true;
    }
    Usage &high = it->high;
    bool rose = false;
    if (cumulative.inputTokens > high.inputTokens) {
        high.inputTokens = cumulative.inputTokens;
        rose = true;
    }
    if (cumulative.outputTokens > high.outputTokens) {
        high.outputTokens = cumulative.outputTokens;
        rose = true;
    }
    if (cumulative.costUsd && (!high.costUsd || *cumulative.costUsd > *high.costUsd)) {
        high.costUsd = cumulative.costUsd;
        rose = true;
    }
    return rose;
}

Usage UsageLedger::total() const
{
    Usage sum;
    for (const Entry &e : m_sessions) {
        sum.inputTokens += e.high.inputTokens;
        sum.outputTokens += e.high.outputTokens;
        if (e.high.costUsd)
            sum.costUsd = sum.costUsd.value_or(0.0) + *e.high.costUsd;
    }
    return sum;
}

std::optional<Usage> UsageLedger::session(const QString &sessionId) const
{
    for (const Entry &e : m_sessions) {
        if (e.sessionId == sessionId)
            return e.high;
    }
    return std::nullopt;
}

} // namespace Autopack::Agent
