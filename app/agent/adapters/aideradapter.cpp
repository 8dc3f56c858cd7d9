#include "aideradapter.h"

#include "adaptertext.h"

#include <QRegularExpression>

#include <algorithm>
#include <utility>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

QStringList AiderAdapter::defaultCommand() const
{
    // The message file is added by launch(): it is the prompt file of each attempt.
    return { QStringLiteral("aider"), QStringLiteral("--yes-always"), QStringLiteral("--no-auto-commits") };
}

std::expected<LaunchSpec, QString> AiderAdapter::launch(const LaunchContext &context) const
{
    if (context.promptFile.isEmpty())
        return std::unexpected(QStringLiteral("aider: no prompt file for --message-file"));
    // No token cap: aider has no flag limiting a run's tokens (--max-chat-history-tokens
    // bounds the history it resends, not the spend); the runner enforces tokenBudgetLeft.
    // stdin stays closed: aider reads the prompt from the file.
    auto spec = standardLaunch(context, std::nullopt);
    if (spec)
        spec->arguments << QStringLiteral("--message-file") << context.promptFile;
    return spec;
}

qint64 AiderAdapter::parseCount(const QString &text)
{
    QString t = text.trimmed();
    t.remove(QLatin1Char(','));
    double factor = 1;
    if (t.endsWith(QLatin1Char('k'), Qt::CaseInsensitive)) {
        factor = 1000;
        t.chop(1);
    } else if (t.endsWith(QLatin1Char('M'))) {
        factor = 1000 * 1000;
        t.chop(1);
    }
    bool ok = false;
    const double value = t.toDouble(&ok);
    if (!ok || value < 0)
        return -1;
    return qint64(value * factor + 0.5);
}

bool AiderAdapter::handleUsageReport(const QString &line)
{
    static const QRegularExpression sent(QStringLiteral("^Tokens: ([0-9.,]+[kM]?) sent"));
    static const QRegularExpression received(QStringLiteral("([0-9.,]+[kM]?) received\\."));
    static const QRegularExpression cost(QStringLiteral("Cost: \\$([0-9.]+) message, \\$([0-9.]+) session\\."));
    const QRegularExpressionMatch s = sent.match(line);
    const QRegularExpressionMatch r = received.match(line);
    if (!s.hasMatch() || !r.hasMatch())
        return false;
    const qint64 in = parseCount(s.captured(1));
    const qint64 out = parseCount(r.captured(1));
    if (in < 0 || out < 0)
        return false;

    m_lastReply = flushBlock();
    m_session.inputTokens += in;
    m_session.outputTokens += out;
    const QRegularExpressionMatch c = cost.match(line);
    if (c.hasMatch())
        m_session.costUsd = std::max(m_session.costUsd.value_or(0.0), c.captured(2).toDouble());
    reportUsage(name(), m_session);
    m_failure.clear();
    return true;
}

void AiderAdapter::appendToBlock(const QString &line)
{
    if (m_block.size() + line.size() + 1 > MaxFinalMessage) {
        m_blockDropped += line.size() + 1;
        return;
    }
    if (!m_block.isEmpty())
        m_block += QLatin1Char('\n');
    m_block += line;
}

QString AiderAdapter::flushBlock()
{
    QString text = std::exchange(m_block, {}).trimmed();
    if (m_blockDropped > 0)
        text += QStringLiteral("\n… [%1 more characters]").arg(std::exchange(m_blockDropped, 0));
    if (text.isEmpty())
        return {};
    m_lastBlock = text;
    emitText(Kind::Message, text);
    return text;
}

void AiderAdapter::handleLine(QByteArrayView bytes)
{
    QString line = QString::fromUtf8(bytes);
    while (!line.isEmpty() && line.back().isSpace())
        line.chop(1);

    if (handleUsageReport(line))
        return;

    static const QRegularExpression applied(QStringLiteral("^Applied edit to (.+)$"));
    static const QRegularExpression error(QStringLiteral("^(?:litellm\\.)?[A-Za-z]*Error: "));
    static const QStringList noticePrefixes {
        QStringLiteral("Aider v"),
        QStringLiteral("Main model:"),
        QStringLiteral("Model:"),
        QStringLiteral("Weak model:"),
        QStringLiteral("Editor model:"),
        QStringLiteral("Git repo:"),
        QStringLiteral("Repo-map:"),
        QStringLiteral("Added "),
        QStringLiteral("Warning:"),
        QStringLiteral("Retrying in "),
        QStringLiteral("https://aider.chat/"),
        QStringLiteral("The API provider "),
    };

    if (const QRegularExpressionMatch m = applied.match(line); m.hasMatch()) {
        flushBlock();
        emitText(Kind::FileChange, QStringLiteral("edit"), QString(), m.captured(1).trimmed());
    } else if (error.match(line).hasMatch()) {
        flushBlock();
        m_failure.error = AdapterText::shorten(line, MaxEventText);
        emitText(Kind::Error, line);
        if (AdapterText::looksRateLimited(line))
            m_failure.rateLimit = m_failure.error;
    } else if (std::any_of(noticePrefixes.cbegin(), noticePrefixes.cend(),
                   [&](const QString &p) { return line.startsWith(p); })) {
        flushBlock();
        emitText(Kind::Notice, line);
    } else {
        appendToBlock(line);
    }
}

AgentOutcome AiderAdapter::finish(int exitCode, const QString &stderrTail, const QString &)
{
    finishLines();
    flushBlock();
    AgentOutcome outcome;
    outcome.finalMessage = m_lastReply.isEmpty() ? m_lastBlock : m_lastReply;
    m_failure.fillIn(outcome);
    conclude(outcome, exitCode, stderrTail);
    return outcome;
}

} // namespace Autopack::Agent
