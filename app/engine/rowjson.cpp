#include "rowjson.h"

#include <QJsonArray>

namespace Autopack::Engine {

QJsonObject issueFields(const Issue &i)
{
    return QJsonObject {
        { "tier_id", i.tierId },
        { "phase_id", i.phaseId },
        { "issue_key", i.issueKey },
        { "severity", toString(i.severity) },
        { "effective_severity", toString(i.effectiveSeverity) },
        { "source", i.source },
        { "category", i.category },
        { "task_category", i.taskCategory },
        { "complexity", i.complexity },
        { "expected_fail", i.expectedFail },
        { "occurrence_count", i.occurrenceCount },
        { "first_seen_run", i.firstSeenRun },
        { "last_seen_run", i.lastSeenRun },
        { "evidence_refs", QJsonArray::fromStringList(i.evidenceRefs) },
        { "description", i.description },
    };
}

QJsonObject runIssueFields(const RunIssue &i)
{
    return QJsonObject {
        { "issue_key", i.issueKey },
        { "category", i.category },
        { "severity", toString(i.severity) },
        { "effective_severity", toString(i.effectiveSeverity) },
        { "first_phase_index", i.firstPhaseIndex },
        { "last_phase_index", i.lastPhaseIndex },
        { "occurrence_count", i.occurrenceCount },
        { "tiers_seen", QJsonArray::fromStringList(i.tiersSeen) },
        { "phases_seen", QJsonArray::fromStringList(i.phasesSeen) },
    };
}

QJsonObject backlogIssueFields(const BacklogIssue &i)
{
    return QJsonObject {
        { "issue_key", i.issueKey },
        { "category", i.category },
        { "base_severity", toString(i.baseSeverity) },
        { "effective_severity", toString(i.effectiveSeverity) },
        { "age_in_runs", i.ageInRuns },
        { "age_in_tiers", i.ageInTiers },
        { "first_run", i.firstRun },
        { "last_run", i.lastRun },
        { "status", i.status },
    };
}

QJsonObject ciAttemptFields(const CiAttempt &a)
{
    return QJsonObject {
        { "attempt", a.attempt },
        { "command", a.command },
        { "candidate_commit", a.candidateCommit },
        { "exit_code", a.exitCode ? QJsonValue(*a.exitCode) : QJsonValue(QJsonValue::Null) },
        { "status", a.status },
        { "output", a.output },
    };
}

} // namespace Autopack::Engine
