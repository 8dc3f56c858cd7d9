#pragma once

// Plain value types of the Autopack domain (SPEC §2, §5). No behaviour beyond
// conversion to and from the wire/database names: state changes go through the
// transition tables in statemachine.h, persistence through Store.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Autopack {

enum class RunState {
    PlanBootstrap,
    RunCreated,
    PhaseQueueing,
    PhaseExecution,
    Gate,
    CiRunning,
    SnapshotCreated,
    DoneSuccess,
    DoneFailedBudgetExhausted,
    DoneFailedPolicyViolation,
    DoneFailedRequiresHumanReview,
    DoneFailedEnvironment,
    DoneFailedCancelled,
};
inline constexpr int RunStateCount = 13;

enum class TierState { Pending, InProgress, Complete, Failed, Skipped };
inline constexpr int TierStateCount = 5;

enum class Cleanliness { Clean, NotClean };

enum class PhaseState { Queued, Executing, Gate, CiRunning, Complete, Failed, Skipped };
inline constexpr int PhaseStateCount = 7;

// Who asks for a change. Supervisor is Autopack itself; Reviewer is a human (GUI or
// admin token); Verifier is the CI runner.
enum class Actor { Supervisor, Builder, Auditor, Verifier, Reviewer };
inline constexpr int ActorCount = 5;

enum class EntityKind { Run, Tier, Phase };

enum class Severity { Minor, Major };

// Wire/database names: the SPEC's spellings ("PHASE_EXECUTION", "IN_PROGRESS",
// "not_clean", "builder", ...). fromString returns nullopt for anything else.
QString toString(RunState s);
QString toString(TierState s);
QString toString(Cleanliness c);
QString toString(PhaseState s);
QString toString(Actor a);
QString toString(EntityKind k);
QString toString(Severity s);
std::optional<RunState> runStateFromString(QStringView s);
std::optional<TierState> tierStateFromString(QStringView s);
std::optional<Cleanliness> cleanlinessFromString(QStringView s);
std::optional<PhaseState> phaseStateFromString(QStringView s);
std::optional<Actor> actorFromString(QStringView s);
std::optional<EntityKind> entityKindFromString(QStringView s);
std::optional<Severity> severityFromString(QStringView s);

bool isTerminal(RunState s);
bool isTerminal(TierState s);
bool isTerminal(PhaseState s);

struct Project {
    qint64 id = 0; // database row id
    QString name;
    QString repoPath;
    QString baseBranch;
    QString rulesetJson = QStringLiteral("{}");
    QString ciCommandsJson = QStringLiteral("{}");
    QStringList protectedGlobs;
    QDateTime createdAt; // UTC
};

struct Run {
    qint64 id = 0; // database row id
    QString runId; // the plan's run_id, unique
    qint64 projectId = 0;
    RunState state = RunState::RunCreated;
    QString safetyProfile = QStringLiteral("normal"); // normal | safety_critical
    QString runScope = QStringLiteral("multi_tier"); // multi_tier | single_tier
    qint64 tokenCap = 5'000'000;
    int maxPhases = 25;
    int maxDurationMinutes = 120;
    int maxMinorIssuesTotal = 0;
    qint64 tokensUsed = 0;
    double costUsd = 0; // as the agents reported it; 0 when none did
    int ciRunsUsed = 0;
    int minorIssues = 0;
    int majorIssues = 0;
    bool promotionEligible = false;
    QString debtStatus;
    QString failureReason;
    QString strategyJson; // frozen compiled strategy
    QString integrationBranch;
    QString baseCommit; // base branch tip the integration branch was made from
    QDateTime createdAt; // all times UTC
    QDateTime startedAt;
    QDateTime completedAt;
    QDateTime updatedAt;
};

struct Tier {
    qint64 id = 0; // database row id
    qint64 runRowId = 0;
    QString runId;
    QString tierId; // unique within its run
    int tierIndex = 0;
    QString name;
    QString description;
    TierState state = TierState::Pending;
    Cleanliness cleanliness = Cleanliness::Clean;
    qint64 tokenCap = 0;
    qint64 tokensUsed = 0;
    double costUsd = 0;
    int ciRunCap = 0;
    int ciRunsUsed = 0;
    int maxMinorIssuesTolerated = 0;
    int maxMajorIssuesTolerated = 0;
    int minorIssues = 0;
    int majorIssues = 0;
    QDateTime updatedAt;
};

struct Phase {
    qint64 id = 0; // database row id
    qint64 runRowId = 0;
    qint64 tierRowId = 0;
    QString runId;
    QString tierId;
    QString phaseId; // unique within its run
    int phaseIndex = 0;
    QString name;
    QString description;
    QString taskCategory;
    QString complexity;
    QString builderMode;
    PhaseState state = PhaseState::Queued;
    int builderAttempts = 0;
    int maxBuilderAttempts = 0;
    int auditorAttempts = 0;
    int maxAuditorAttempts = 0;
    qint64 tokensUsed = 0;
    double costUsd = 0;
    qint64 incidentTokenCap = 0;
    int minorIssues = 0;
    int majorIssues = 0;
    QString issueState = QStringLiteral("no_issues"); // no_issues | has_minor_issues | has_major_issues
    QString baseCommit;
    QString candidateCommit;
    bool awaitingReviewer = false; // in GATE, waiting for a human decision
    bool auditRequested = false; // auditor_request or Request audit: auditor work until a result
    QString auditFocus; // what the audit was asked to look at
    QDateTime updatedAt;
};

// One step of an agent's attempt as the agent runner reported it (SPEC §12): the
// transcript a reviewer reads live and afterwards. Bounded per attempt by the store.
struct TranscriptEvent {
    qint64 id = 0;
    QString runId;
    QString phaseId;
    int attempt = 0; // the builder attempt (or auditor attempt) it belongs to
    QString role; // builder | auditor
    QString agent; // token name of the runner
    QDateTime time; // UTC
    QString kind; // message | thinking | tool_call | tool_result | file_change | usage | error | rate_limit | notice
    QString text;
    QString tool;
    QString path;
};

// One accepted transition (or other recorded fact) in the append-only event log.
struct Event {
    qint64 id = 0;
    QDateTime time; // UTC
    EntityKind entityKind = EntityKind::Run;
    qint64 entityRowId = 0;
    QString runId;
    QString entityId; // run_id, tier_id or phase_id
    QString fromState;
    QString toState;
    Actor actor = Actor::Supervisor;
    QString actorName; // OS user, token name, ...
    QString reason;
};

// A phase-level issue (SPEC §5). One row per (phase, issue_key); a repeat of the key in
// the same phase raises occurrenceCount.
struct Issue {
    qint64 id = 0; // database row id
    QString runId;
    QString tierId;
    QString phaseId;
    QString issueKey;
    Severity severity = Severity::Minor;
    Severity effectiveSeverity = Severity::Minor; // after aging (SPEC §5)
    QString source; // test, probe, ci, static_check, auditor, cursor_self_doubt, ...
    QString category;
    QString taskCategory;
    QString complexity;
    bool expectedFail = false;
    int occurrenceCount = 1;
    QString firstSeenRun;
    QString lastSeenRun;
    QStringList evidenceRefs; // e.g. "path/to/file.py:42" or a test id
    QString description;
    QDateTime createdAt; // UTC
    QDateTime updatedAt;
};

// One entry of a run's issue index, by issue_key.
struct RunIssue {
    QString runId;
    QString issueKey;
    QString category;
    Severity severity = Severity::Minor;
    Severity effectiveSeverity = Severity::Minor;
    int firstPhaseIndex = 0;
    int lastPhaseIndex = 0;
    int occurrenceCount = 0;
    QStringList tiersSeen; // tier_ids, in first-seen order
    QStringList phasesSeen; // phase_ids, in first-seen order
    QDateTime updatedAt;
};

// One entry of a project's issue backlog, by issue_key.
struct BacklogIssue {
    qint64 projectId = 0;
    QString issueKey;
    QString category;
    Severity baseSeverity = Severity::Minor;
    Severity effectiveSeverity = Severity::Minor;
    int ageInRuns = 0; // distinct runs it was seen in
    int ageInTiers = 0; // distinct (run, tier) pairs it was seen in
    QString firstRun;
    QString lastRun;
    QDateTime lastSeen; // UTC
    QString status = QStringLiteral("open"); // open | needs_cleanup | resolved
};

// An agent token as stored: never the plain token, only its SHA-256.
struct AgentToken {
    qint64 id = 0;
    QString name; // unique
    QString role; // builder | auditor | observer | admin
    QDateTime createdAt; // UTC
    QDateTime revokedAt; // null while valid
    QDateTime lastUsedAt; // null until first use
    bool isRevoked() const { return revokedAt.isValid(); }
};

struct ReviewComment {
    QString path;
    int line = 0;
    QString text;
};

// A decision on a phase's candidate commit by a reviewer (human or admin token) or the
// auditor.
struct Review {
    qint64 id = 0;
    QString runId;
    QString phaseId;
    QString candidateCommit;
    QString decision; // approve | reject | revise | escalate | comment
    QString reason;
    QString reviewer; // who: OS user, token name, "auditor"
    QDateTime time; // UTC
    QList<ReviewComment> comments;
};

// One CI attempt on a candidate commit (SPEC §7).
struct CiAttempt {
    qint64 id = 0;
    QString runId;
    QString phaseId;
    int attempt = 1; // 1-based within the phase
    QString profile = QStringLiteral("normal"); // normal | strict
    QString command;
    QString candidateCommit;
    std::optional<int> exitCode; // none while running, or when the command could not start
    qint64 durationMs = 0;
    QString output; // stdout+stderr merged, as kept by the verifier
    bool truncated = false; // the verifier cut part of the output
    QString status = QStringLiteral("running"); // running | green | red | timeout | environment | cancelled
    QDateTime startedAt; // UTC
    QDateTime finishedAt;
};

// A time-limited claim on a phase by one agent (SPEC §8 "work claiming with leases").
// Active while not released and not expired.
struct Lease {
    qint64 id = 0;
    QString runId;
    QString phaseId;
    QString role; // builder | auditor
    QString holder; // token name of the agent
    QDateTime acquiredAt; // UTC
    QDateTime heartbeatAt;
    QDateTime expiresAt;
    QDateTime releasedAt; // null while held
    QString releaseReason; // released, expired, phase finished, ...
    bool isActive(const QDateTime &now) const { return !releasedAt.isValid() && expiresAt > now; }
};

} // namespace Autopack

Q_DECLARE_METATYPE(Autopack::Run)
Q_DECLARE_METATYPE(Autopack::Tier)
Q_DECLARE_METATYPE(Autopack::Phase)
Q_DECLARE_METATYPE(Autopack::Project)
Q_DECLARE_METATYPE(Autopack::Event)
Q_DECLARE_METATYPE(Autopack::Issue)
Q_DECLARE_METATYPE(Autopack::RunIssue)
Q_DECLARE_METATYPE(Autopack::BacklogIssue)
Q_DECLARE_METATYPE(Autopack::AgentToken)
Q_DECLARE_METATYPE(Autopack::Review)
Q_DECLARE_METATYPE(Autopack::CiAttempt)
Q_DECLARE_METATYPE(Autopack::Lease)
Q_DECLARE_METATYPE(Autopack::TranscriptEvent)
