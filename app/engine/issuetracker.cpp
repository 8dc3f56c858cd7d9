#include "issuetracker.h"

#include "enginelog.h"
#include "jsonreader.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

Severity higher(Severity a, Severity b)
{
    return (a == Severity::Major || b == Severity::Major) ? Severity::Major : Severity::Minor;
}

void appendDistinct(QStringList &list, const QStringList &items)
{
    for (const QString &item : items) {
        if (!list.contains(item))
            list << item;
    }
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

void count(IssueCounts &counts, Severity effective)
{
    if (effective == Severity::Major)
        ++counts.major;
    else
        ++counts.minor;
}

} // namespace

QString toString(BacklogStatus status)
{
    switch (status) {
    case BacklogStatus::Open:
        return QStringLiteral("open");
    case BacklogStatus::NeedsCleanup:
        return QStringLiteral("needs_cleanup");
    case BacklogStatus::Resolved:
        return QStringLiteral("resolved");
    }
    return {};
}

std::optional<BacklogStatus> backlogStatusFromString(QStringView s)
{
    for (BacklogStatus b : { BacklogStatus::Open, BacklogStatus::NeedsCleanup, BacklogStatus::Resolved }) {
        if (s == toString(b))
            return b;
    }
    return std::nullopt;
}

QString issueStateName(int minorCount, int majorCount)
{
    if (majorCount > 0)
        return QStringLiteral("has_major_issues");
    if (minorCount > 0)
        return QStringLiteral("has_minor_issues");
    return QStringLiteral("no_issues");
}

FieldResult<IssueReport> IssueReport::fromJson(const QJsonObject &object)
{
    IssueReport report;
    JsonReader r(object, QStringLiteral("$"), JsonReader::UnknownKeys::Ignore);
    r.string("issue_key", report.issueKey, JsonReader::Presence::Required);
    r.enumeration("severity", report.severity, QStringList { QStringLiteral("minor"), QStringLiteral("major") },
                  [](const QString &s) { return *severityFromString(s); });
    r.string("source", report.source, JsonReader::Presence::Optional, true);
    r.string("category", report.category, JsonReader::Presence::Optional, true);
    r.boolean("expected_fail", report.expectedFail);
    r.string("description", report.description, JsonReader::Presence::Optional, true);
    // Some agents send a single reference as a plain string.
    if (const QJsonValue refs = object.value(QStringLiteral("evidence_refs")); refs.isString()) {
        if (!refs.toString().trimmed().isEmpty())
            report.evidenceRefs << refs.toString();
    } else {
        r.stringList("evidence_refs", report.evidenceRefs);
    }
    r.finish();
    if (!r.ok())
        return std::unexpected(*r.error());
    return report;
}

BacklogEntry BacklogEntry::fromStored(const BacklogIssue &stored)
{
    BacklogEntry e;
    e.issueKey = stored.issueKey;
    e.category = stored.category;
    e.baseSeverity = stored.baseSeverity;
    e.ageInRuns = stored.ageInRuns;
    e.ageInTiers = stored.ageInTiers;
    e.firstRun = stored.firstRun;
    e.lastRun = stored.lastRun;
    e.lastSeen = stored.lastSeen;
    e.status = backlogStatusFromString(stored.status).value_or(BacklogStatus::Open);
    return e;
}

IssueTracker::IssueTracker(const QList<BacklogEntry> &backlog)
{
    for (const BacklogEntry &e : backlog) {
        m_backlog.insert(e.issueKey, e);
        if (!e.lastRun.isEmpty())
            m_seenRuns[e.issueKey].insert(e.lastRun);
        if (!e.lastRun.isEmpty() && !e.lastTierId.isEmpty())
            m_seenRunTiers[e.issueKey].insert(e.lastRun + u'\n' + e.lastTierId);
    }
}

FieldResult<void> IssueTracker::startRun(const Strategy &strategy)
{
    if (strategy.runId.isEmpty())
        return std::unexpected(FieldError { QStringLiteral("$.run_id"), tr("required field is missing") });
    if (m_runs.contains(strategy.runId))
        return std::unexpected(
            FieldError { QStringLiteral("$.run_id"), tr("run %1 is already tracked").arg(strategy.runId) });
    RunIssues run;
    run.aging = strategy.aging;
    for (const EscalatedIssue &e : strategy.escalatedIssues)
        run.escalated.insert(e.issueKey);
    for (const TierStrategy &t : strategy.tiers) {
        for (const PhaseStrategy &p : t.phases)
            run.phases.insert(p.phaseId,
                              PhaseInfo { t.tierId, p.phaseIndex, p.category, toString(p.complexity), p.highRisk });
    }
    m_runs.insert(strategy.runId, run);
    return {};
}

FieldResult<RecordOutcome> IssueTracker::record(const IssueReport &report)
{
    // Validate everything before the first write, so a refusal changes nothing.
    if (report.issueKey.trimmed().isEmpty())
        return std::unexpected(FieldError { QStringLiteral("$.issue_key"), tr("required field is missing") });
    const auto runIt = m_runs.find(report.runId);
    if (runIt == m_runs.end())
        return std::unexpected(FieldError { QStringLiteral("$.run_id"), tr("unknown run %1").arg(report.runId) });
    RunIssues &run = runIt.value();
    const auto phaseIt = run.phases.constFind(report.phaseId);
    if (phaseIt == run.phases.constEnd())
        return std::unexpected(FieldError { QStringLiteral("$.phase_id"),
                                            tr("unknown phase %1 in run %2").arg(report.phaseId, report.runId) });
    const PhaseInfo &phase = phaseIt.value();

    const QString key = report.issueKey.trimmed();
    const Severity severity
        = report.severity.value_or(phase.highRisk ? Severity::Major : Severity::Minor);
    const Severity effective = run.escalated.contains(key) ? Severity::Major : severity;

    RecordOutcome outcome;

    // Phase level.
    auto &issues = run.phaseIssues[report.phaseId];
    outcome.newInPhase = !issues.contains(key);
    PhaseIssue &pi = issues[key];
    pi.issueKey = key;
    pi.severity = outcome.newInPhase ? severity : higher(pi.severity, severity);
    pi.effectiveSeverity = outcome.newInPhase ? effective : higher(pi.effectiveSeverity, effective);
    if (!report.source.isEmpty())
        pi.source = report.source;
    if (!report.category.isEmpty())
        pi.category = report.category;
    if (!report.description.isEmpty())
        pi.description = report.description;
    appendDistinct(pi.evidenceRefs, report.evidenceRefs);
    ++pi.occurrenceCount;
    outcome.effectiveSeverity = pi.effectiveSeverity;
    outcome.phase = phaseCounts(report.runId, report.phaseId);

    // Run level.
    outcome.newInRun = !run.index.contains(key);
    RunIssueEntry &ri = run.index[key];
    if (outcome.newInRun) {
        ri.issueKey = key;
        ri.taskCategory = phase.category;
        ri.complexity = phase.complexity;
        ri.severity = severity;
        ri.effectiveSeverity = effective;
        ri.firstPhaseIndex = phase.phaseIndex;
        ri.lastPhaseIndex = phase.phaseIndex;
        ri.firstSeen = report.seenAt;
    } else {
        ri.severity = higher(ri.severity, severity);
        ri.effectiveSeverity = higher(ri.effectiveSeverity, effective);
        ri.firstPhaseIndex = std::min(ri.firstPhaseIndex, phase.phaseIndex);
        ri.lastPhaseIndex = std::max(ri.lastPhaseIndex, phase.phaseIndex);
    }
    if (!report.category.isEmpty())
        ri.category = report.category;
    if (!report.source.isEmpty())
        ri.source = report.source;
    if (!report.description.isEmpty())
        ri.description = report.description;
    ri.expectedFail = ri.expectedFail || report.expectedFail;
    ++ri.occurrenceCount;
    appendDistinct(ri.tiersSeen, { phase.tierId });
    appendDistinct(ri.phasesSeen, { report.phaseId });
    appendDistinct(ri.evidenceRefs, report.evidenceRefs);
    ri.lastSeen = report.seenAt;

    // Project backlog.
    outcome.newInBacklog = !m_backlog.contains(key);
    BacklogEntry &be = m_backlog[key];
    const BacklogStatus before = outcome.newInBacklog ? BacklogStatus::Open : be.status;
    if (outcome.newInBacklog) {
        be.issueKey = key;
        be.baseSeverity = severity;
        be.firstRun = report.runId;
    } else {
        be.baseSeverity = higher(be.baseSeverity, severity);
    }
    if (!report.category.isEmpty())
        be.category = report.category;
    be.taskCategory = phase.category;
    QSet<QString> &runs = m_seenRuns[key];
    if (!runs.contains(report.runId)) {
        runs.insert(report.runId);
        ++be.ageInRuns;
    }
    QSet<QString> &runTiers = m_seenRunTiers[key];
    if (const QString pair = report.runId + u'\n' + phase.tierId; !runTiers.contains(pair)) {
        runTiers.insert(pair);
        ++be.ageInTiers;
    }
    be.lastRun = report.runId;
    be.lastTierId = phase.tierId;
    if (report.seenAt.isValid())
        be.lastSeen = report.seenAt;
    if (before == BacklogStatus::Resolved) {
        // A resolved issue that comes back is open again; its history still counts.
        outcome.reopened = true;
        be.status = BacklogStatus::Open;
        be.resolvedBy.clear();
        be.resolution.clear();
    }
    if (be.status == BacklogStatus::Open && be.isAged(run.aging))
        be.status = BacklogStatus::NeedsCleanup;
    outcome.backlogStatus = be.status;
    outcome.becameNeedsCleanup = be.status == BacklogStatus::NeedsCleanup && before != BacklogStatus::NeedsCleanup;
    if (outcome.becameNeedsCleanup)
        qCInfo(lcEngine) << "backlog issue" << key << "needs cleanup: seen in" << be.ageInRuns << "runs and"
                         << be.ageInTiers << "tiers";
    return outcome;
}

QList<PhaseIssue> IssueTracker::phaseIssues(const QString &runId, const QString &phaseId) const
{
    const auto run = m_runs.constFind(runId);
    if (run == m_runs.constEnd())
        return {};
    return run->phaseIssues.value(phaseId).values();
}

IssueCounts IssueTracker::phaseCounts(const QString &runId, const QString &phaseId) const
{
    IssueCounts counts;
    for (const PhaseIssue &i : phaseIssues(runId, phaseId))
        count(counts, i.effectiveSeverity);
    return counts;
}

IssueCounts IssueTracker::tierCounts(const QString &runId, const QString &tierId) const
{
    const auto run = m_runs.constFind(runId);
    if (run == m_runs.constEnd())
        return {};
    // Distinct keys over the tier's phases, each at its highest effective severity.
    QMap<QString, Severity> keys;
    for (auto it = run->phaseIssues.constBegin(); it != run->phaseIssues.constEnd(); ++it) {
        if (run->phases.value(it.key()).tierId != tierId)
            continue;
        for (const PhaseIssue &i : it.value())
            keys[i.issueKey] = higher(keys.value(i.issueKey, Severity::Minor), i.effectiveSeverity);
    }
    IssueCounts counts;
    for (Severity s : std::as_const(keys))
        count(counts, s);
    return counts;
}

IssueCounts IssueTracker::runCounts(const QString &runId) const
{
    IssueCounts counts;
    for (const RunIssueEntry &e : runIndex(runId))
        count(counts, e.effectiveSeverity);
    return counts;
}

QList<RunIssueEntry> IssueTracker::runIndex(const QString &runId) const
{
    const auto run = m_runs.constFind(runId);
    if (run == m_runs.constEnd())
        return {};
    QList<RunIssueEntry> entries = run->index.values();
    std::stable_sort(entries.begin(), entries.end(), [](const RunIssueEntry &a, const RunIssueEntry &b) {
        return a.firstPhaseIndex < b.firstPhaseIndex;
    });
    return entries;
}

QList<BacklogEntry> IssueTracker::backlog() const
{
    return m_backlog.values();
}

std::optional<BacklogEntry> IssueTracker::backlogEntry(const QString &issueKey) const
{
    const auto it = m_backlog.constFind(issueKey);
    if (it == m_backlog.constEnd())
        return std::nullopt;
    return it.value();
}

FieldResult<BacklogEntry> IssueTracker::resolve(const QString &issueKey, const QString &by, const QString &reason)
{
    const auto it = m_backlog.find(issueKey);
    if (it == m_backlog.end())
        return std::unexpected(
            FieldError { QStringLiteral("$.issue_key"), tr("no backlog issue with key %1").arg(issueKey) });
    if (reason.trimmed().isEmpty())
        return std::unexpected(FieldError { QStringLiteral("$.reason"), tr("a reason is required to resolve an issue") });
    it->status = BacklogStatus::Resolved;
    it->resolvedBy = by;
    it->resolution = reason;
    return it.value();
}

QJsonObject IssueTracker::runIndexJson(const QString &runId) const
{
    QJsonArray issues;
    for (const RunIssueEntry &e : runIndex(runId)) {
        issues.append(QJsonObject {
            { "issue_key", e.issueKey },
            { "category", e.category },
            { "task_category", e.taskCategory },
            { "complexity", e.complexity },
            { "severity", toString(e.severity) },
            { "effective_severity", toString(e.effectiveSeverity) },
            { "source", e.source },
            { "expected_fail", e.expectedFail },
            { "first_phase_index", e.firstPhaseIndex },
            { "last_phase_index", e.lastPhaseIndex },
            { "occurrence_count", e.occurrenceCount },
            { "tiers_seen", QJsonArray::fromStringList(e.tiersSeen) },
            { "phases_seen", QJsonArray::fromStringList(e.phasesSeen) },
            { "evidence_refs", QJsonArray::fromStringList(e.evidenceRefs) },
            { "description", e.description },
            { "first_seen", isoTime(e.firstSeen) },
            { "last_seen", isoTime(e.lastSeen) },
        });
    }
    const IssueCounts counts = runCounts(runId);
    return QJsonObject {
        { "run_id", runId },
        { "distinct_issues", int(issues.size()) },
        { "minor_issues_count", counts.minor },
        { "major_issues_count", counts.major },
        { "issues", issues },
    };
}

QJsonObject IssueTracker::backlogJson() const
{
    QJsonArray issues;
    for (const BacklogEntry &e : m_backlog) {
        issues.append(QJsonObject {
            { "issue_key", e.issueKey },
            { "category", e.category },
            { "task_category", e.taskCategory },
            { "base_severity", toString(e.baseSeverity) },
            { "age_in_runs", e.ageInRuns },
            { "age_in_tiers", e.ageInTiers },
            { "first_seen_run", e.firstRun },
            { "last_seen_run", e.lastRun },
            { "last_seen_tier", e.lastTierId },
            { "last_seen_at", isoTime(e.lastSeen) },
            { "status", toString(e.status) },
            { "resolved_by", e.resolvedBy },
            { "resolution", e.resolution },
        });
    }
    return QJsonObject { { "issues", issues } };
}

} // namespace Autopack::Engine
