#pragma once

// Issues at three levels (SPEC §5) as pure logic over value types:
//  - phase: issues of one phase, deduplicated by issue_key; counts and issue_state;
//  - run: an index by issue_key with occurrence counts, first/last phase index, tiers
//    and phases seen in; a repeat raises occurrence_count, never the distinct counts;
//  - project backlog: by issue_key, aged in distinct runs and distinct run+tier pairs,
//    open → needs_cleanup (aged minor issue) → resolved (by a reviewer).
// Severities: an issue without one takes its phase's default (major in high-risk
// categories); its effective severity is major when it is major or when the run's
// strategy escalated it from the backlog. Phase, tier and run counts use the effective
// severity, the backlog keeps the base one. The tracker is deterministic: the same
// reports in the same order give the same state, whatever the clock.

#include "fielderror.h"
#include "strategy.h"

#include "domain.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Autopack::Engine {

enum class BacklogStatus { Open, NeedsCleanup, Resolved };
QString toString(BacklogStatus status); // open | needs_cleanup | resolved
std::optional<BacklogStatus> backlogStatusFromString(QStringView s);

// No issues, only minor ones, or at least one major (by effective severity).
QString issueStateName(int minorCount, int majorCount); // no_issues | has_minor_issues | has_major_issues

// One issue as an agent, the verifier or the supervisor reports it for a phase.
struct IssueReport {
    QString runId;
    QString phaseId;
    QString issueKey;
    std::optional<Severity> severity; // unset: the phase's default
    QString source; // test, probe, ci, static_check, auditor, cursor_self_doubt, ...
    QString category;
    bool expectedFail = false;
    QStringList evidenceRefs; // "path/to/file.py:42", a test id, ...
    QString description;
    QDateTime seenAt; // UTC; the caller's clock

    // The API's record_issue body (SPEC §5 fields): unknown keys are ignored,
    // evidence_refs may be one string or an array; runId/phaseId come from the URL.
    static FieldResult<IssueReport> fromJson(const QJsonObject &object);
};

// An issue in one phase, deduplicated by key.
struct PhaseIssue {
    QString issueKey;
    Severity severity = Severity::Minor; // the highest reported
    Severity effectiveSeverity = Severity::Minor;
    QString source;
    QString category;
    QString description; // the latest
    QStringList evidenceRefs; // union, in first-seen order
    int occurrenceCount = 0;
    bool operator==(const PhaseIssue &) const = default;
};

struct IssueCounts {
    int minor = 0; // distinct keys
    int major = 0;
    QString issueState() const { return issueStateName(minor, major); }
    bool operator==(const IssueCounts &) const = default;
};

struct RunIssueEntry {
    QString issueKey;
    QString category;
    QString taskCategory; // canonical category of the phase it was first seen in
    QString complexity;
    Severity severity = Severity::Minor;
    Severity effectiveSeverity = Severity::Minor;
    QString source;
    bool expectedFail = false;
    int firstPhaseIndex = 0;
    int lastPhaseIndex = 0;
    int occurrenceCount = 0;
    QStringList tiersSeen; // in first-seen order
    QStringList phasesSeen;
    QStringList evidenceRefs;
    QString description;
    QDateTime firstSeen;
    QDateTime lastSeen;
    bool operator==(const RunIssueEntry &) const = default;
};

// A project backlog entry, as the tracker keeps it and as the compiler reads it. It maps
// one to one onto the store's BacklogIssue (fromStored), plus where it was last seen.
struct BacklogEntry {
    QString issueKey;
    QString category;
    QString taskCategory; // canonical, of the phase it was last seen in; may be empty
    Severity baseSeverity = Severity::Minor;
    int ageInRuns = 0; // distinct runs it was seen in
    int ageInTiers = 0; // distinct run+tier pairs
    QString firstRun;
    QString lastRun;
    QString lastTierId; // may be empty (the store does not keep it)
    QDateTime lastSeen;
    BacklogStatus status = BacklogStatus::Open;
    QString resolvedBy;
    QString resolution;

    // Minor and at or past either threshold.
    bool isAged(const AgingThresholds &t) const
    {
        return baseSeverity == Severity::Minor && (ageInRuns >= t.runs || ageInTiers >= t.tiers);
    }
    bool operator==(const BacklogEntry &) const = default;

    // The store's row; an unknown status reads as open.
    static BacklogEntry fromStored(const BacklogIssue &stored);
};

// What one record() changed, for the caller's event log and budget check.
struct RecordOutcome {
    Severity effectiveSeverity = Severity::Minor;
    bool newInPhase = false; // a new distinct key for the phase
    bool newInRun = false;
    bool newInBacklog = false;
    IssueCounts phase; // the phase's counts after recording
    BacklogStatus backlogStatus = BacklogStatus::Open;
    bool becameNeedsCleanup = false;
    bool reopened = false; // was resolved, seen again
};

class IssueTracker
{
public:
    IssueTracker() = default;
    // A project's backlog as stored; runs are added with startRun(). Only counts are
    // stored, so each entry's last run and last run+tier are taken as already counted:
    // right for the run that was in progress, which is the only one that can see the
    // issue again without adding a new run.
    explicit IssueTracker(const QList<BacklogEntry> &backlog);

    // Registers a run by its frozen strategy. Refused if the run is already known.
    FieldResult<void> startRun(const Strategy &strategy);
    bool hasRun(const QString &runId) const { return m_runs.contains(runId); }

    // Records one occurrence at all three levels. Refused, changing nothing, when the
    // key is empty or the run or phase is unknown.
    FieldResult<RecordOutcome> record(const IssueReport &report);

    QList<PhaseIssue> phaseIssues(const QString &runId, const QString &phaseId) const; // by key
    IssueCounts phaseCounts(const QString &runId, const QString &phaseId) const;
    IssueCounts tierCounts(const QString &runId, const QString &tierId) const;
    IssueCounts runCounts(const QString &runId) const;
    // By first phase index, then key.
    QList<RunIssueEntry> runIndex(const QString &runId) const;
    // By key.
    QList<BacklogEntry> backlog() const;
    std::optional<BacklogEntry> backlogEntry(const QString &issueKey) const;

    // A reviewer closes a backlog issue; refused for an unknown key or an empty reason.
    FieldResult<BacklogEntry> resolve(const QString &issueKey, const QString &by, const QString &reason);

    // The artefacts run_issue_index.json and project_issue_backlog.json (SPEC §9).
    QJsonObject runIndexJson(const QString &runId) const;
    QJsonObject backlogJson() const;

private:
    struct PhaseInfo {
        QString tierId;
        int phaseIndex = 0;
        QString category;
        QString complexity;
        bool highRisk = false;
    };
    struct RunIssues {
        AgingThresholds aging;
        QSet<QString> escalated;
        QHash<QString, PhaseInfo> phases;
        QMap<QString, RunIssueEntry> index; // by key
        QHash<QString, QMap<QString, PhaseIssue>> phaseIssues; // phase id → key → issue
    };

    QHash<QString, RunIssues> m_runs;
    QMap<QString, BacklogEntry> m_backlog; // by key
    // What the ages count, per key: runs, and "run\ntier" pairs.
    QHash<QString, QSet<QString>> m_seenRuns;
    QHash<QString, QSet<QString>> m_seenRunTiers;
};

} // namespace Autopack::Engine
