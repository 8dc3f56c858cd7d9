#pragma once

// The store: every persistent fact of Autopack, over Qt SQL (SQLite by default).
//
// Contracts:
// - Every write method is one transaction: it either commits completely or leaves the
//   database exactly as it was, and returns the error.
// - States change only through transitionRun/Tier/Phase, which check the transition
//   table (statemachine.h) against the state read inside the write transaction and, in
//   the same transaction, update the row and append one event.
// - After a commit, the StoreNotifier (notifier()) emits the changed rows as stored.
//   Signals are emitted from the writing thread; receivers elsewhere get them queued.
// - A Store may be used from any thread at once: each thread gets its own connection.
// - Values are identified by their plan ids (run_id, tier_id, phase_id), rows carry
//   their database ids too.

#include "domain.h"
#include "statemachine.h"
#include "storeerror.h"
#include "storenotifier.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <variant>

namespace Autopack {

class StoreDatabase;

// Fields a caller may set on an existing row besides its state (absolute values; an
// unset optional leaves the column as it is).
struct RunUpdate {
    std::optional<qint64> tokenCap;
    std::optional<int> maxPhases;
    std::optional<int> maxDurationMinutes;
    std::optional<int> maxMinorIssuesTotal;
    std::optional<qint64> tokensUsed;
    std::optional<int> ciRunsUsed;
    std::optional<int> minorIssues;
    std::optional<int> majorIssues;
    std::optional<bool> promotionEligible;
    std::optional<QString> debtStatus;
    std::optional<QString> failureReason;
    std::optional<QString> strategyJson;
    std::optional<QString> integrationBranch;
    std::optional<QString> baseCommit;
};

struct TierUpdate {
    std::optional<Cleanliness> cleanliness;
    std::optional<qint64> tokenCap;
    std::optional<qint64> tokensUsed;
    std::optional<int> ciRunCap;
    std::optional<int> ciRunsUsed;
    std::optional<int> maxMinorIssuesTolerated;
    std::optional<int> maxMajorIssuesTolerated;
    std::optional<int> minorIssues;
    std::optional<int> majorIssues;
};

struct PhaseUpdate {
    std::optional<int> builderAttempts;
    std::optional<int> maxBuilderAttempts;
    std::optional<int> auditorAttempts;
    std::optional<int> maxAuditorAttempts;
    std::optional<qint64> tokensUsed;
    std::optional<qint64> incidentTokenCap;
    std::optional<int> minorIssues;
    std::optional<int> majorIssues;
    std::optional<QString> issueState;
    std::optional<QString> baseCommit;
    std::optional<QString> candidateCommit;
    std::optional<bool> awaitingReviewer;
    std::optional<bool> auditRequested;
    std::optional<QString> auditFocus;
};

// One state change of a batch (Store::transitionAll). The kind of entity follows from
// `to`; entityId names the tier or phase (unused for the run). Only the update
// matching the kind applies.
struct TransitionRequest {
    QString runId;
    QString entityId;
    std::variant<RunState, TierState, PhaseState> to = RunState::RunCreated;
    Actor actor = Actor::Supervisor;
    QString reason;
    TransitionContext context;
    QString actorName;
    RunUpdate runUpdate;
    TierUpdate tierUpdate;
    PhaseUpdate phaseUpdate;
};

// The rows a batch changed, as stored, each list in request order.
struct TransitionBatch {
    QList<Run> runs;
    QList<Tier> tiers;
    QList<Phase> phases;
};

// A run as created: the stored rows with their database ids.
struct CreatedRun {
    Run run;
    QList<Tier> tiers;
    QList<Phase> phases;
};

// The answer to a POST that carried an Idempotency-Key, as it was sent.
struct IdempotencyRecord {
    QByteArray scope; // who asked (a hash of the token)
    QString key;
    QByteArray fingerprint; // what was asked (method, target, body)
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QDateTime createdAt; // UTC; set by the store
};

// The plain token is returned exactly once, here; only its hash is stored.
struct CreatedToken {
    AgentToken token;
    QString plainToken;
};

// What recording one issue changed, as stored.
struct RecordedIssue {
    Issue issue;
    RunIssue runIssue;
    BacklogIssue backlogIssue;
    Phase phase;
    Tier tier;
    Run run;
};

struct StoreOptions {
    // SQLite's synchronous setting. Default (false): NORMAL in WAL mode, where a commit
    // survives an application crash and a power cut can lose the last commits but never
    // corrupts the file. true: FULL, every commit is fsynced before the call returns
    // (survives power loss) at the price of one fdatasync per write.
    bool fullSync = false;
};

class Store
{
public:
    // Opens (creating if needed) the database at `path`, checks its schema version and
    // migrates it. A database newer than this build is refused with SchemaTooNew and
    // not modified. The returned Store owns its notifier.
    static StoreResult<std::unique_ptr<Store>> open(const QString &path);
    static StoreResult<std::unique_ptr<Store>> open(const QString &path, const StoreOptions &options);
    static QString defaultPath(); // QStandardPaths::AppDataLocation/autopack.db

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    QString path() const;
    StoreNotifier *notifier() const { return m_notifier.get(); }
    int schemaVersion() const { return m_schemaVersion; }

    // --- projects ---------------------------------------------------------------------
    // name and repoPath are required; repoPath and name are unique.
    StoreResult<Project> addProject(const Project &project);
    StoreResult<Project> updateProject(const Project &project); // by id
    StoreResult<QList<Project>> projects() const;
    StoreResult<Project> project(qint64 id) const;
    StoreResult<Project> projectByName(const QString &name) const;
    StoreResult<Project> projectByPath(const QString &repoPath) const;

    // --- runs, tiers, phases ----------------------------------------------------------
    // Inserts the run with its tiers and phases in one transaction and emits runInserted.
    // Initial states only: run PLAN_BOOTSTRAP or RUN_CREATED, tiers PENDING, phases
    // QUEUED. Refuses a duplicate run_id ("Run X already exists"), duplicate tier/phase
    // ids, and a phase naming an unknown tier, naming the offending field. Appends the
    // run's creation event (from "" to its initial state).
    StoreResult<CreatedRun> createRun(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases,
        Actor actor = Actor::Supervisor, const QString &actorName = {});

    StoreResult<Run> run(const QString &runId) const;
    StoreResult<QList<Run>> runs(std::optional<qint64> projectId = std::nullopt) const;
    // The run_id of every run past PLAN_BOOTSTRAP and not yet in a terminal state, in id order.
    StoreResult<QStringList> activeRunIds() const;
    StoreResult<Tier> tier(const QString &runId, const QString &tierId) const;
    StoreResult<QList<Tier>> tiers(const QString &runId) const; // tier_index order
    StoreResult<Phase> phase(const QString &runId, const QString &phaseId) const;
    StoreResult<QList<Phase>> phases(const QString &runId) const; // tier_index, phase_index order
    // The run with its tiers and phases (orders as above), read in one transaction.
    StoreResult<CreatedRun> runTree(const QString &runId) const;

    // All projects, runs, tiers and phases, read in one consistent read transaction.
    StoreResult<StoreSnapshot> snapshot() const;

    // --- state changes: the only way a state changes ----------------------------------
    // Checks the table with `context` (its reason defaults to `reason`), then updates the
    // row (plus `alsoSet`), appends the event, commits, emits the row and the event.
    // Run: sets startedAt on the first PHASE_EXECUTION, completedAt on a terminal state,
    // failureReason = reason on DONE_FAILED_*.
    StoreResult<Run> transitionRun(const QString &runId, RunState to, Actor actor, const QString &reason,
        const TransitionContext &context = {}, const QString &actorName = {}, const RunUpdate &alsoSet = {});
    StoreResult<Tier> transitionTier(const QString &runId, const QString &tierId, TierState to, Actor actor,
        const QString &reason, const TransitionContext &context = {}, const QString &actorName = {},
        const TierUpdate &alsoSet = {});
    StoreResult<Phase> transitionPhase(const QString &runId, const QString &phaseId, PhaseState to, Actor actor,
        const QString &reason, const TransitionContext &context = {}, const QString &actorName = {},
        const PhaseUpdate &alsoSet = {});

    // Several state changes as one transaction, e.g. a phase and the run that mirrors it,
    // or a cancel with the skipping of its queued phases: each is checked against the
    // table in order (seeing the states the earlier ones wrote) and appends its event;
    // the first refusal ("step i of n: ...") leaves everything as it was. Signals follow
    // the commit in request order.
    StoreResult<TransitionBatch> transitionAll(const QList<TransitionRequest> &requests);

    // --- usage and other fields (never the state) --------------------------------------
    StoreResult<Run> updateRun(const QString &runId, const RunUpdate &update);
    StoreResult<Tier> updateTier(const QString &runId, const QString &tierId, const TierUpdate &update);
    StoreResult<Phase> updatePhase(const QString &runId, const QString &phaseId, const PhaseUpdate &update);
    // Adds `tokens` (and `costUsd`, dollars as agents report them) to the phase, its tier
    // and its run at once (emits all three).
    StoreResult<Phase> addTokens(const QString &runId, const QString &phaseId, qint64 tokens, double costUsd = 0);

    // --- transcripts (agent runner) ------------------------------------------------------
    // Appends an attempt's events; each text is cut to kTranscriptTextLimit bytes and an
    // attempt keeps its first kTranscriptEventLimit events (the runner already leaves out
    // an agent's chatter past that). Returns how many were stored.
    static constexpr int kTranscriptEventLimit = 5000;
    static constexpr int kTranscriptTextLimit = 8192;
    StoreResult<int> appendTranscript(const QList<TranscriptEvent> &events);
    // The phase's transcript, oldest first, events with id > afterId, at most `limit`.
    StoreResult<QList<TranscriptEvent>> transcript(
        const QString &runId, const QString &phaseId, qint64 afterId = 0, int limit = kTranscriptEventLimit) const;

    // --- events (append-only) ----------------------------------------------------------
    // Events with id > afterId, oldest first, at most `limit`.
    StoreResult<QList<Event>> events(qint64 afterId = 0, int limit = 1000) const;
    StoreResult<QList<Event>> runEvents(const QString &runId, qint64 afterId = 0, int limit = 1000) const;
    // A fact that is not a state change (e.g. a promotion): stored with from == to == the
    // entity's current state. entityId empty means the run itself.
    StoreResult<Event> recordEvent(const QString &runId, EntityKind kind, const QString &entityId, Actor actor,
        const QString &actorName, const QString &reason);

    // --- issues at three levels (SPEC §5) ----------------------------------------------
    // Records one issue of a phase: upserts the phase issue (a repeated key raises its
    // occurrence count), the run index entry and the project backlog entry, and recounts
    // the phase/tier/run distinct minor/major counts and the phase's issue_state, all in
    // one transaction. issue.runId/phaseId name the phase; tierId is filled in.
    StoreResult<RecordedIssue> recordIssue(const Issue &issue);
    StoreResult<QList<Issue>> phaseIssues(const QString &runId, const QString &phaseId) const;
    StoreResult<QList<Issue>> runIssues(const QString &runId) const; // all phase issues of the run
    StoreResult<QList<RunIssue>> runIssueIndex(const QString &runId) const;
    StoreResult<QList<BacklogIssue>> backlog(qint64 projectId) const;
    // status: open | needs_cleanup | resolved; the engine decides aging.
    StoreResult<BacklogIssue> updateBacklogIssue(qint64 projectId, const QString &issueKey, const QString &status,
        std::optional<Severity> effectiveSeverity = std::nullopt);

    // --- agent tokens ------------------------------------------------------------------
    // role: builder | auditor | observer | admin. The plain token (32 random bytes,
    // base64url) is returned once; the store keeps its SHA-256.
    StoreResult<CreatedToken> createToken(const QString &name, const QString &role);
    StoreResult<QList<AgentToken>> tokens() const;
    StoreResult<AgentToken> revokeToken(const QString &name);
    // The token's row (role) for a valid, unrevoked token; records last use.
    StoreResult<AgentToken> verifyToken(const QString &plainToken);

    // --- reviews -----------------------------------------------------------------------
    StoreResult<Review> addReview(const Review &review);
    StoreResult<QList<Review>> reviews(const QString &runId, const QString &phaseId) const;

    // --- CI attempts -------------------------------------------------------------------
    // Inserts a running attempt and charges one CI run to the phase's tier and its run
    // (tier/run ci_runs_used, emitted).
    StoreResult<CiAttempt> startCiAttempt(const CiAttempt &attempt);
    StoreResult<> appendCiOutput(qint64 attemptId, const QString &chunk);
    StoreResult<CiAttempt> finishCiAttempt(
        qint64 attemptId, const QString &status, std::optional<int> exitCode, qint64 durationMs, bool truncated);
    StoreResult<CiAttempt> ciAttempt(qint64 attemptId) const;
    StoreResult<QList<CiAttempt>> ciAttempts(const QString &runId, const QString &phaseId) const;

    // --- leases ------------------------------------------------------------------------
    // role: builder | auditor. One active lease per (phase, role): a second holder is
    // refused with Conflict naming the holder and expiry; the same holder renews its own.
    // ttlMs > 0.
    StoreResult<Lease> acquireLease(
        const QString &runId, const QString &phaseId, const QString &role, const QString &holder, qint64 ttlMs);
    // Extends an active lease by ttlMs from now; refused when released, expired or held
    // by someone else.
    StoreResult<Lease> heartbeatLease(qint64 leaseId, const QString &holder, qint64 ttlMs);
    StoreResult<Lease> releaseLease(qint64 leaseId, const QString &holder, const QString &reason);
    // Marks every lease past its expiry as released ("expired") and returns them, so the
    // engine can take the work back.
    StoreResult<QList<Lease>> expireLeases();
    StoreResult<QList<Lease>> activeLeases(const QString &runId = {}) const;
    StoreResult<QList<Lease>> leases(const QString &runId, const QString &phaseId) const; // all, oldest first

    // --- idempotency keys -------------------------------------------------------------
    // The answer kept for (scope, key), or nullopt.
    StoreResult<std::optional<IdempotencyRecord>> idempotencyRecord(const QByteArray &scope, const QString &key) const;
    // Keeps an answer; a second one for the same (scope, key) replaces the first.
    StoreResult<> saveIdempotencyRecord(const IdempotencyRecord &record);
    // Forgets the answers kept before `before`; returns how many.
    StoreResult<int> pruneIdempotencyRecords(const QDateTime &before);

private:
    Store(std::unique_ptr<StoreDatabase> database, int schemaVersion);
    struct Impl;
    std::unique_ptr<StoreDatabase> m_database;
    std::unique_ptr<StoreNotifier> m_notifier;
    int m_schemaVersion = 0;
};

} // namespace Autopack
