#include "commandadapter.h"

#include "adaptertext.h"
#include "agentlog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <utility>

namespace Autopack::Agent {

using Kind = AgentEvent::Kind;

namespace {

const QStringList &verdictFields()
{
    static const QStringList fields { QStringLiteral("recommendation"), QStringLiteral("confidence"),
        QStringLiteral("review_notes"), QStringLiteral("issues_found"), QStringLiteral("suggested_patches") };
    return fields;
}

// The first field whose type is wrong, as "field: expected ...".
QString fieldProblem(const QJsonObject &o)
{
    for (const char *key : { "tokens_used", "input_tokens", "output_tokens", "cost_usd" }) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull() && (!v.isDouble() || v.toDouble() < 0))
            return QStringLiteral("%1: expected a non-negative number").arg(QLatin1String(key));
    }
    for (const char *key : { "notes", "rate_limit_detail" }) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull() && !v.isString())
            return QStringLiteral("%1: expected a string").arg(QLatin1String(key));
    }
    const QJsonValue limited = o.value(QStringLiteral("rate_limited"));
    if (!limited.isUndefined() && !limited.isNull() && !limited.isBool())
        return QStringLiteral("rate_limited: expected true or false");
    return {};
}

} // namespace

std::expected<LaunchSpec, QString> CommandAdapter::launch(const LaunchContext &context) const
{
    if (context.commandOverride.isEmpty())
        return std::unexpected(QStringLiteral("the command agent needs --command: the program to run as the agent"));
    auto spec = standardLaunch(context, context.promptText);
    if (!spec)
        return spec;
    spec->environment.insert(QStringLiteral("AUTOPACK_ROLE"), context.role);
    // Our own protocol, so the budget is passed on; the program decides what to do with it.
    if (context.tokenBudgetLeft)
        spec->environment.insert(
            QStringLiteral("AUTOPACK_TOKEN_BUDGET_LEFT"), QString::number(*context.tokenBudgetLeft));
    return spec;
}

void CommandAdapter::handleLine(QByteArrayView bytes)
{
    QString line = QString::fromUtf8(bytes);
    while (!line.isEmpty() && line.back().isSpace())
        line.chop(1);
    if (line.trimmed().isEmpty()) {
        if (!m_block.isEmpty())
            m_lastBlock = std::exchange(m_block, {});
        return;
    }
    emitText(Kind::Message, line);
    if (!m_block.isEmpty())
        m_block += QLatin1Char('\n');
    m_block += line;
    // Keep only the tail, trimming in steps so a stream without blank lines stays linear.
    if (m_block.size() > 2 * MaxFinalMessage)
        m_block = m_block.right(MaxFinalMessage);
}

std::expected<std::optional<QJsonObject>, QString> CommandAdapter::readResultFile(const QString &path)
{
    if (path.isEmpty() || !QFile::exists(path))
        return std::optional<QJsonObject>();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("result file %1: cannot read it: %2").arg(path, file.errorString()));
    if (file.size() > MaxResultFileBytes)
        return std::unexpected(QStringLiteral("result file %1: %2 bytes, more than the %3 MiB allowed")
                                   .arg(path)
                                   .arg(file.size())
                                   .arg(MaxResultFileBytes / (1024 * 1024)));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return std::unexpected(QStringLiteral("result file %1: not valid JSON: %2 at offset %3")
                                   .arg(path, error.errorString())
                                   .arg(error.offset));
    if (!doc.isObject())
        return std::unexpected(QStringLiteral("result file %1: expected a JSON object").arg(path));
    const QString problem = fieldProblem(doc.object());
    if (!problem.isEmpty())
        return std::unexpected(QStringLiteral("result file %1: %2").arg(path, problem));
    return std::optional<QJsonObject>(doc.object());
}

void CommandAdapter::applyResult(const QJsonObject &result, AgentOutcome &outcome)
{
    outcome.resultObject = result;
    outcome.notes = result.value(QStringLiteral("notes")).toString();

    Usage usage;
    usage.inputTokens = AdapterText::integer(result.value(QStringLiteral("input_tokens")));
    usage.outputTokens = AdapterText::integer(result.value(QStringLiteral("output_tokens")));
    // tokens_used has no split; what it has beyond the split fields counts as input.
    const qint64 used = AdapterText::integer(result.value(QStringLiteral("tokens_used")));
    if (used > usage.total())
        usage.inputTokens += used - usage.total();
    if (result.value(QStringLiteral("cost_usd")).isDouble())
        usage.costUsd = result.value(QStringLiteral("cost_usd")).toDouble();
    if (usage.total() > 0 || usage.costUsd)
        reportUsage(name(), usage);

    if (result.value(QStringLiteral("rate_limited")).toBool()) {
        outcome.rateLimited = true;
        const QString detail = result.value(QStringLiteral("rate_limit_detail")).toString();
        outcome.rateLimitDetail = detail.isEmpty() ? QStringLiteral("the result file says rate_limited") : detail;
    }

    QJsonObject verdict;
    for (const QString &field : verdictFields()) {
        if (result.contains(field))
            verdict.insert(field, result.value(field));
    }
    if (verdict.contains(QStringLiteral("recommendation")))
        outcome.finalMessage = QString::fromUtf8(QJsonDocument(verdict).toJson(QJsonDocument::Compact));
}

AgentOutcome CommandAdapter::finish(int exitCode, const QString &stderrTail, const QString &resultFile)
{
    finishLines();
    AgentOutcome outcome;
    outcome.finalMessage = (m_block.isEmpty() ? m_lastBlock : m_block).right(MaxFinalMessage);

    const auto result = readResultFile(resultFile);
    if (!result) {
        outcome.error = result.error();
        qCWarning(lcAgent).noquote() << result.error();
        emitText(Kind::Error, result.error());
    } else if (*result) {
        applyResult(**result, outcome);
    }

    if (exitCode == RateLimitedExitCode && !outcome.rateLimited) {
        outcome.rateLimited = true;
        outcome.rateLimitDetail = QStringLiteral("exit code 75 (EX_TEMPFAIL)");
    }
    conclude(outcome, exitCode, stderrTail);
    return outcome;
}

} // namespace Autopack::Agent
