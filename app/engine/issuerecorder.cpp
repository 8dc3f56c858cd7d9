#include "issuerecorder.h"

#include "enginelog.h"

#include <QCoreApplication>
#include <QHash>

#include <tuple>

namespace Autopack::Engine {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}
} // namespace

IssueRecorder::IssueRecorder(Store &store)
    : m_store(store)
{
}

StoreResult<IssueRecord> IssueRecorder::record(const Strategy &strategy, IssueReport report)
{
    if (report.runId.isEmpty())
        report.runId = strategy.runId;
    if (report.runId != strategy.runId)
        return std::unexpected(StoreError::invalid(
            QStringLiteral("run_id"),
            tr("the issue names run %1 but the strategy is run %2's").arg(report.runId, strategy.runId)));
    const QString key = report.issueKey.trimmed();
    if (key.isEmpty())
        return std::unexpected(StoreError::invalid(QStringLiteral("issue_key"), tr("issue_key is required")));
    const PhaseStrategy *phase = strategy.phase(report.phaseId);
    if (!phase)
        return std::unexpected(StoreError::make(StoreError::Kind::NotFound,
                                                tr("unknown phase %1 in run %2").arg(report.phaseId, report.runId)));

    Issue issue;
    issue.runId = report.runId;
    issue.tierId = phase->tierId;
    issue.phaseId = phase->phaseId;
    issue.issueKey = key;
    issue.severity = report.severity.value_or(phase->highRisk ? Severity::Major : Severity::Minor);
    issue.effectiveSeverity = strategy.isEscalated(key) ? Severity::Major : issue.severity;
    issue.source = report.source;
    issue.category = report.category;
    issue.taskCategory = phase->category;
    issue.complexity = toString(phase->complexity);
    issue.expectedFail = report.expectedFail;
    issue.evidenceRefs = report.evidenceRefs;
    issue.description = report.description;

    auto stored = m_store.recordIssue(issue);
    if (!stored)
        return std::unexpected(stored.error());

    IssueRecord result { *stored, false };
    BacklogEntry entry = BacklogEntry::fromStored(stored->backlogIssue);
    if (entry.status == BacklogStatus::Open && entry.isAged(strategy.aging)) {
        auto marked = m_store.updateBacklogIssue(stored->run.projectId, key, toString(BacklogStatus::NeedsCleanup),
                                                 Severity::Major);
        if (!marked) {
            qCWarning(lcEngine) << "issue" << key << "recorded but not marked needs_cleanup:" << marked.error().message;
            return result;
        }
        result.stored.backlogIssue = *marked;
        result.becameNeedsCleanup = true;
        qCInfo(lcEngine) << "backlog issue" << key << "needs cleanup: seen in" << marked->ageInRuns << "runs and"
                         << marked->ageInTiers << "run tiers";
    }
    return result;
}

StoreResult<QList<BacklogEntry>> IssueRecorder::backlog(qint64 projectId) const
{
    auto rows = m_store.backlog(projectId);
    if (!rows)
        return std::unexpected(rows.error());
    // The backlog row does not say where the issue was last seen; its last run's index
    // does (last tier seen, the task category of its phase). The compiler places debt
    // cleanup by these, so read them once per run.
    QHash<QString, QHash<QString, std::pair<QString, QString>>> lastSeenByRun; // run → key → (tier, task category)
    auto lastSeen = [&](const QString &runId) -> StoreResult<QHash<QString, std::pair<QString, QString>>> {
        if (const auto it = lastSeenByRun.constFind(runId); it != lastSeenByRun.constEnd())
            return it.value();
        auto index = m_store.runIssueIndex(runId);
        if (!index)
            return std::unexpected(index.error());
        auto issues = m_store.runIssues(runId);
        if (!issues)
            return std::unexpected(issues.error());
        QHash<QString, std::pair<QString, QString>> seen;
        for (const RunIssue &entry : *index)
            seen[entry.issueKey].first = entry.tiersSeen.isEmpty() ? QString() : entry.tiersSeen.last();
        for (const Issue &issue : *issues) {
            if (seen.value(issue.issueKey).first == issue.tierId)
                seen[issue.issueKey].second = issue.taskCategory;
        }
        lastSeenByRun.insert(runId, seen);
        return seen;
    };
    QList<BacklogEntry> entries;
    for (const BacklogIssue &row : *rows) {
        BacklogEntry entry = BacklogEntry::fromStored(row);
        if (!entry.lastRun.isEmpty()) {
            auto seen = lastSeen(entry.lastRun);
            if (!seen)
                return std::unexpected(seen.error());
            std::tie(entry.lastTierId, entry.taskCategory) = seen->value(entry.issueKey);
        }
        entries.append(entry);
    }
    return entries;
}

} // namespace Autopack::Engine
