#pragma once

// The lifecycle driver (SPEC §2–§9, issue 6): the one place that decides every state
// change of a run, its tiers and its phases, in reaction to agent submissions,
// reviewer actions, CI verdicts and timers.
//
// Threading: a QObject living on the engine thread; construct it there (the CI
// recorder's flush timer stays on the constructing thread). Every public method runs to the
// end on that thread without waiting for anything slow: git work is in-process
// libgit2 on one run's refs (milliseconds), CI is queued on the Verifier and answered
// by its finished() signal. Other threads (GUI, HTTP listener) call in with queued or
// blocking-queued invocations.
//
// Durability: the store is the only memory that matters. Everything a restart needs
// is in it (phase states, attempt counts, candidate commits, awaiting-reviewer flags,
// leases), so a new Supervisor over the same store resumes each non-terminal run with
// resume(): CI that was running is run again on the same candidate, gates keep
// waiting, leases keep their expiry. Git refs are moved before the store records the
// move, and every git step is idempotent, so a crash in between is repaired, not
// repeated.
//
// Every method returns a typed result; a refusal changes nothing.

#include "budgetchecker.h"
#include "clock.h"
#include "strategy.h"
#include "supervisorerror.h"

#include "store.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <memory>
#include <optional>

namespace Autopack::Ci {
class Verifier;
class StoreCiRecorder;
struct CiResult;
struct CiRequest;
} // namespace Autopack::Ci

namespace Autopack::Engine {

class ArtefactWriter;
class RunCache;

struct SupervisorOptions {
    QString dataDir; // artefacts and received patches: <dataDir>/runs/<run_id>/
    QString scratchDir; // CI scratch checkouts; default <dataDir>/ci-scratch
    std::optional<qint64> defaultProjectId; // the --project one; else the only project
    qint64 leaseTtlMs = 10 * 60 * 1000;
    int timerIntervalMs = 5000; // how often leases and run durations are checked
};

// What an agent gets when it claims work (SPEC §8 "work claiming with leases").
struct WorkItem {
    QString role; // builder | auditor
    Run run;
    Phase phase;
    QJsonObject strategy; // the phase's slice of the frozen strategy
    QString baseCommit; // integration tip: what a builder patch is made against
    QString candidateCommit; // for an auditor: the candidate under review (may be empty)
    QList<Review> rejections; // earlier reject/revise decisions, oldest first, with line comments
    QString lastCiOutput; // output of the last red CI attempt, if any
    QString tierName;
    qint64 runTokensLeft = 0; // the run's token cap less what it used
    qint64 phaseTokensLeft = 0; // the phase's incident cap less what it used
    QString reviewFocus; // for an auditor: what the requested audit is to look at
    QString auditReason; // for an auditor: why the phase is auditor work
    Lease lease;
    QJsonObject toJson() const;
};

struct BuilderOutcome {
    QString message;
    QString commitSha; // empty when no candidate was made
    Phase phase;
    QString phaseState() const;
};

struct AuditorRequestOutcome {
    QString message;
    QString reviewFocus;
    QString auditorProfile;
};

struct AuditorOutcome {
    QString message;
    QString recommendation;
    int patchesApplied = 0;
    QStringList commitShas;
    Phase phase;
};

struct PromotionOutcome {
    QString kind; // fast_forward | merge_commit | already_merged
    QString oldBase;
    QString newBase;
    QString baseBranch;
};

class Supervisor : public QObject
{
    Q_OBJECT
public:
    // `store` and `clock` must outlive the Supervisor.
    Supervisor(Store &store, const Clock &clock, SupervisorOptions options, QObject *parent = nullptr);
    ~Supervisor() override;

    // Picks up every non-terminal run of the store and starts the timer. Call once.
    SupervisorResult<int> resume();

    // --- runs -----------------------------------------------------------------------
    // `plan` is the POST /runs/start body; `projectId` unset: the default project.
    SupervisorResult<CreatedRun> createRun(
        const QJsonObject &plan, std::optional<qint64> projectId = std::nullopt, const QString &actorName = {});
    SupervisorResult<CreatedRun> runDetail(const QString &runId) const;

    // --- agents ---------------------------------------------------------------------
    // role builder | auditor. nullopt: nothing ready for that role now.
    // `reclaimOwn`: a phase whose lease `agent` already holds is handed back to it (a
    // restarted runner resumes its work); false skips it, for a runner whose workers
    // share one token and must each get other work.
    SupervisorResult<std::optional<WorkItem>> claimWork(
        const QString &role, const QString &agent, bool reclaimOwn = true);
    SupervisorResult<Lease> heartbeat(qint64 leaseId, const QString &agent);
    // The holder gives its work back without a result and without an attempt charged
    // (SPEC §12: a rate-limited agent, a runner that is stopping). `rateLimited` is
    // recorded in the event so the window can tell why the phase went back.
    SupervisorResult<Lease> releaseWork(qint64 leaseId, const QString &agent, const QString &reason, bool rateLimited);
    // The agent's transcript while it works: appended to the attempt the lease is for.
    // Refused unless `agent` holds the lease (or `asAdmin`).
    SupervisorResult<int> appendTranscript(
        qint64 leaseId, const QString &agent, const QList<TranscriptEvent> &events, bool asAdmin = false);
    SupervisorResult<BuilderOutcome> builderResult(
        const QString &runId, const QString &phaseId, const QJsonObject &payload, const QString &agent = {});
    SupervisorResult<Phase> updateStatus(
        const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent = {});
    SupervisorResult<RecordedIssue> recordIssue(
        const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent = {});
    SupervisorResult<AuditorRequestOutcome> auditorRequest(
        const QString &runId, const QString &phaseId, const QJsonObject &body, const QString &agent = {});
    SupervisorResult<AuditorOutcome> auditorResult(
        const QString &runId, const QString &phaseId, const QJsonObject &payload, const QString &agent = {});

    // --- reviewers (actor name empty: the OS user) ------------------------------------
    // Refused when `candidateCommit` is not the phase's current candidate (a newer
    // attempt came in since the reviewer looked).
    SupervisorResult<Phase> approve(
        const QString &runId, const QString &phaseId, const QString &candidateCommit, const QString &reviewer = {});
    SupervisorResult<Phase> reject(const QString &runId, const QString &phaseId, const QString &reason,
        const QList<ReviewComment> &comments = {}, const QString &reviewer = {});
    SupervisorResult<Run> cancelRun(const QString &runId, const QString &reason, const QString &reviewer = {});
    SupervisorResult<BacklogIssue> resolveIssue(
        qint64 projectId, const QString &issueKey, const QString &reason, const QString &reviewer = {});
    SupervisorResult<PromotionOutcome> promote(const QString &runId, const QString &reviewer = {});

    // --- artefacts (SPEC §9) --------------------------------------------------------------
    // Writes the run's artefacts now; returns the directory.
    SupervisorResult<QString> writeArtefacts(const QString &runId);
    QString runDirectory(const QString &runId) const;

    // Expires leases and checks run durations against the clock; the timer calls it.
    void tick();

    static QString osUser();

Q_SIGNALS:
    void runFinished(const QString &runId, Autopack::RunState state);
    void ciFinished(const QString &runId, const QString &phaseId, const QString &verdict);

private:
    struct Context;
    SupervisorResult<Context> load(const QString &runId, const QString &phaseId = {}) const;
    SupervisorResult<Strategy> strategyOf(const Run &run) const;
    SupervisorResult<Project> projectOf(const Run &run) const;

    // Phase transitions with the run mirroring the phase, in one transaction.
    SupervisorResult<Phase> movePhase(const Context &c, PhaseState to, Actor actor, const QString &actorName,
        const QString &reason, TransitionContext tc, const PhaseUpdate &update = {});
    // The phase ends (COMPLETE or FAILED); its tier and the run move on.
    SupervisorResult<Phase> finishPhase(const Context &c, PhaseState to, Actor actor, const QString &actorName,
        const QString &reason, TransitionContext tc, const PhaseUpdate &update = {});
    // Ends the run in `terminal`: open phases failed or skipped, tiers failed or skipped.
    SupervisorResult<Run> endRun(const QString &runId, RunState terminal, Actor actor, const QString &actorName,
        const QString &reason, TransitionContext tc, const QStringList &notCleanTiers = {});
    void afterTerminal(const QString &runId);
    // A failed attempt of the current phase: another try, or the phase fails.
    SupervisorResult<Phase> failedAttempt(
        const Context &c, Actor actor, const QString &actorName, const QString &reason, bool auditorAttempt);
    // BudgetChecker over the store's figures; applies the verdict. True when the run ended.
    bool checkBudgets(const QString &runId);
    bool checkBudgets(const Context &c); // `c` as the store has it now
    SupervisorResult<Context> auditedPhase(const QString &runId, const QString &phaseId, qint64 tokens, double cost);
    void releaseLeases(const QString &runId, const QString &phaseId, const QString &role, const QString &reason);
    // auditor_result with status "failed": the auditor's answer was unusable (no verdict
    // parsed); an auditor attempt is counted, nothing is decided.
    SupervisorResult<AuditorOutcome> failedAuditorAttempt(const QString &runId, const QString &phaseId,
        const QJsonObject &payload, const QString &notes, const QString &agent);
    SupervisorResult<Phase> passGate(const Context &c, Actor actor, const QString &actorName, const QString &reason);
    void startCi(const Context &c);
    void onCiFinished(const Ci::CiResult &result);
    SupervisorResult<void> dispatch(const Context &c, const QString &agent);
    // Queued to m_fileWriter: <run dir>/patches/<phase>-<attempt>-<role>.patch
    void savePatch(
        const QString &runId, const QString &phaseId, int attempt, const QString &role, const QByteArray &patch);

    Store &m_store;
    const Clock &m_clock;
    SupervisorOptions m_options;
    std::unique_ptr<RunCache> m_runCache; // declared first, destroyed last: the recorder still writes when it goes
    std::unique_ptr<Ci::StoreCiRecorder> m_recorder;
    std::unique_ptr<Ci::Verifier> m_verifier;
    struct CiJob {
        QString runId;
        QString phaseId;
        QString candidate;
    };
    QHash<quint64, CiJob> m_ciJobs; // verifier request id -> phase
    QHash<qint64, QDateTime> m_leaseDeadlines; // by our clock; the store's expiry after a restart
    mutable QHash<QString, Strategy> m_strategies; // frozen, so cached by run id
    QTimer m_timer;
    QThreadPool m_fileWriter; // last member, destroyed first: waits for the files queued
};

} // namespace Autopack::Engine
