#include "agentadapter.h"

#include "adaptertext.h"
#include "aideradapter.h"
#include "claudeadapter.h"
#include "codexadapter.h"
#include "commandadapter.h"
#include "geminiadapter.h"
#include "opencodeadapter.h"

#include <utility>

namespace Autopack::Agent {

QList<AgentEvent> AgentAdapter::takeEvents() { return std::exchange(m_pending, {}); }

std::unique_ptr<AgentAdapter> AgentAdapter::create(const QString &name)
{
    if (name == QLatin1String("claude"))
        return std::make_unique<ClaudeAdapter>();
    if (name == QLatin1String("codex"))
        return std::make_unique<CodexAdapter>();
    if (name == QLatin1String("gemini"))
        return std::make_unique<GeminiAdapter>();
    if (name == QLatin1String("opencode"))
        return std::make_unique<OpenCodeAdapter>();
    if (name == QLatin1String("aider"))
        return std::make_unique<AiderAdapter>();
    if (name == QLatin1String("command"))
        return std::make_unique<CommandAdapter>();
    return nullptr;
}

QStringList AgentAdapter::names()
{
    return { QStringLiteral("claude"), QStringLiteral("codex"), QStringLiteral("gemini"), QStringLiteral("opencode"),
        QStringLiteral("aider"), QStringLiteral("command") };
}

void AgentAdapter::emitText(AgentEvent::Kind kind, const QString &text, const QString &tool, const QString &path)
{
    AgentEvent event;
    event.kind = kind;
    event.text = AdapterText::shorten(text, MaxEventText);
    event.tool = tool;
    event.path = path;
    emitEvent(std::move(event));
}

void AgentAdapter::reportUsage(const QString &sessionId, const Usage &cumulative)
{
    if (!m_ledger.report(sessionId, cumulative))
        return;
    const Usage high = m_ledger.session(sessionId).value_or(cumulative);
    AgentEvent event;
    event.kind = AgentEvent::Kind::Usage;
    event.sessionId = sessionId;
    event.usage = high;
    event.text = high.costUsd ? QStringLiteral("%1 tokens in, %2 out, $%3")
                                    .arg(high.inputTokens)
                                    .arg(high.outputTokens)
                                    .arg(*high.costUsd, 0, 'f', 4)
                              : QStringLiteral("%1 tokens in, %2 out").arg(high.inputTokens).arg(high.outputTokens);
    emitEvent(std::move(event));
}

std::expected<LaunchSpec, QString> AgentAdapter::standardLaunch(
    const LaunchContext &context, std::optional<QByteArray> stdinData) const
{
    QStringList command = defaultCommand();
    if (!context.commandOverride.isEmpty())
        command = context.commandOverride + command.mid(1);
    if (command.isEmpty() || command.first().trimmed().isEmpty())
        return std::unexpected(QStringLiteral("%1: the command names no program").arg(name()));

    LaunchSpec spec;
    spec.program = command.takeFirst();
    spec.arguments = command;
    spec.stdinData = std::move(stdinData);
    spec.environment.insert(QStringLiteral("AUTOPACK_PROMPT_FILE"), context.promptFile);
    spec.environment.insert(QStringLiteral("AUTOPACK_RESULT_FILE"), context.resultFile);
    return spec;
}

void AgentAdapter::conclude(AgentOutcome &outcome, int exitCode, const QString &stderrTail)
{
    if (exitCode != 0) {
        if (!outcome.rateLimited) {
            const QStringList lines = stderrTail.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
                if (AdapterText::looksRateLimited(*it)) {
                    outcome.rateLimited = true;
                    outcome.rateLimitDetail = AdapterText::shorten(it->trimmed(), MaxEventText);
                    break;
                }
            }
        }
        if (outcome.error.isEmpty()) {
            const QString last = AdapterText::lastLine(stderrTail);
            outcome.error = last.isEmpty()
                ? QStringLiteral("%1 exited with code %2").arg(name()).arg(exitCode)
                : QStringLiteral("%1 exited with code %2: %3").arg(name()).arg(exitCode).arg(last);
            outcome.error = AdapterText::shorten(outcome.error, MaxEventText);
            emitText(AgentEvent::Kind::Error, outcome.error);
        }
    }
    if (outcome.rateLimited) {
        if (outcome.rateLimitDetail.isEmpty())
            outcome.rateLimitDetail = QStringLiteral("%1 reported a rate limit").arg(name());
        emitText(AgentEvent::Kind::RateLimit, outcome.rateLimitDetail);
    }
    outcome.usage = m_ledger.total();
}

} // namespace Autopack::Agent
