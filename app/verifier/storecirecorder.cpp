#include "storecirecorder.h"

#include "store.h"
#include "verifierlog.h"

namespace Autopack::Ci {

namespace {

QString storeStatus(AttemptOutcome o)
{
    switch (o) {
    case AttemptOutcome::Passed:
        return QStringLiteral("green");
    case AttemptOutcome::Failed:
        return QStringLiteral("red");
    case AttemptOutcome::TimedOut:
        return QStringLiteral("timeout");
    case AttemptOutcome::Environment:
        return QStringLiteral("environment");
    case AttemptOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace

StoreCiRecorder::StoreCiRecorder(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(200);
    connect(&m_flush, &QTimer::timeout, this, &StoreCiRecorder::flushAll);
}

StoreCiRecorder::~StoreCiRecorder() { flushAll(); }

void StoreCiRecorder::failed(const QString &what, const QString &why)
{
    const QString message = QStringLiteral("CI record: %1: %2").arg(what, why);
    qCWarning(lcVerifier).noquote() << message;
    Q_EMIT storeFailed(message);
}

void StoreCiRecorder::attemptStarted(const CiRequest &request, int attempt)
{
    // Attempts are numbered within the phase, across every CI run it had. The store is
    // asked once per phase (its rows carry up to 4 MB of output each), then we count.
    const std::pair<QString, QString> phaseKey { request.runId, request.phaseId };
    auto known = m_phaseAttempts.find(phaseKey);
    if (known == m_phaseAttempts.end()) {
        auto previous = m_store->ciAttempts(request.runId, request.phaseId);
        known = m_phaseAttempts.emplace(phaseKey, previous ? int(previous->size()) : attempt - 1).first;
    }
    const int number = known->second + 1;

    Autopack::CiAttempt row;
    row.runId = request.runId;
    row.phaseId = request.phaseId;
    row.attempt = number;
    row.profile = toString(request.profile);
    QStringList commands;
    for (const CiCommand &c : request.config.commandsFor(request.profile))
        commands << c.commandLine();
    row.command = commands.join(u'\n');
    row.candidateCommit = request.candidateCommit;
    row.startedAt = QDateTime::currentDateTimeUtc();
    auto stored = m_store->startCiAttempt(row);
    if (!stored) {
        failed(QStringLiteral("start attempt %1 of phase %2 in run %3").arg(number).arg(request.phaseId, request.runId),
            stored.error().toString());
        return;
    }
    known->second = number;
    auto open = std::make_unique<Open>();
    open->rowId = stored->id;
    m_open[{ request.id, attempt }] = std::move(open);
    m_lastRow[request.id] = stored->id;
}

void StoreCiRecorder::outputAppended(const CiRequest &request, int attempt, const QByteArray &chunk)
{
    auto it = m_open.find({ request.id, attempt });
    if (it == m_open.end())
        return;
    Open &open = *it->second;
    open.pending += open.decoder.decode(chunk);
    if (open.pending.size() >= m_flushBytes)
        flush(open);
    else if (!open.pending.isEmpty() && !m_flush.isActive())
        m_flush.start();
}

void StoreCiRecorder::flush(Open &open)
{
    if (open.pending.isEmpty())
        return;
    const QString chunk = std::exchange(open.pending, QString());
    if (auto r = m_store->appendCiOutput(open.rowId, chunk); !r)
        failed(QStringLiteral("append output to CI attempt %1").arg(open.rowId), r.error().toString());
}

void StoreCiRecorder::flushAll()
{
    for (auto &[key, open] : m_open)
        flush(*open);
}

void StoreCiRecorder::attemptFinished(const CiRequest &request, const CiAttempt &attempt)
{
    auto it = m_open.find({ request.id, attempt.number });
    if (it == m_open.end())
        return;
    Open &open = *it->second;
    flush(open);
    std::optional<int> exitCode;
    if (attempt.exitCode >= 0)
        exitCode = attempt.exitCode;
    if (auto r = m_store->finishCiAttempt(
            open.rowId, storeStatus(attempt.outcome), exitCode, attempt.durationMs, attempt.cutBytes > 0);
        !r)
        failed(QStringLiteral("finish CI attempt %1").arg(open.rowId), r.error().toString());
    m_open.erase(it);
}

void StoreCiRecorder::issueRecorded(const CiRequest &request, const CiIssue &issue)
{
    Autopack::Issue row;
    row.runId = request.runId;
    row.tierId = request.tierId;
    row.phaseId = request.phaseId;
    row.issueKey = issue.issueKey;
    row.severity = issue.severity == QLatin1String("major") ? Severity::Major : Severity::Minor;
    row.effectiveSeverity = row.severity;
    row.source = QStringLiteral("ci");
    row.category = toString(issue.kind);
    // The full output stays in the attempt's row; the issue points at it and carries the tail.
    if (auto last = m_lastRow.find(request.id); last != m_lastRow.end())
        row.evidenceRefs << QStringLiteral("ci_attempt:%1").arg(last->second);
    row.description = issue.evidence.isEmpty() || issue.evidence == issue.description
        ? issue.description
        : issue.description + QStringLiteral("\n\n--- output tail ---\n") + issue.evidence;
    if (auto r = m_store->recordIssue(row); !r)
        failed(
            QStringLiteral("record issue %1 of phase %2 in run %3").arg(issue.issueKey, request.phaseId, request.runId),
            r.error().toString());
}

void StoreCiRecorder::runFinished(const CiRequest &request, const CiResult &result)
{
    // A notice (no CI command configured) has no attempt row to show it: it goes into
    // the phase's event log, where the UI and the API show it.
    if (!result.notice.isEmpty()) {
        if (auto r = m_store->recordEvent(request.runId, EntityKind::Phase, request.phaseId, Actor::Verifier,
                QStringLiteral("verifier"), result.notice);
            !r)
            failed(QStringLiteral("record the CI notice of phase %1 in run %2").arg(request.phaseId, request.runId),
                r.error().toString());
    }
    // Attempts are all finished by now; forget the request.
    for (auto it = m_open.begin(); it != m_open.end();) {
        if (it->first.first == request.id) {
            flush(*it->second);
            it = m_open.erase(it);
        } else {
            ++it;
        }
    }
    m_lastRow.erase(request.id);
}

std::optional<qint64> StoreCiRecorder::attemptRowId(RequestId id, int attempt) const
{
    auto it = m_open.find({ id, attempt });
    if (it == m_open.end())
        return std::nullopt;
    return it->second->rowId;
}

} // namespace Autopack::Ci
