#pragma once

// Budgets (SPEC §4) as a pure check: given a run's frozen strategy and its usage so far,
// which caps are exceeded, with the figures, and what follows from them. A cap is
// exceeded when usage is strictly above it (a tier tolerating 2 minor issues is still
// clean with 2). The caller applies the verdict through the transition tables; the
// checker never changes state and never reads a clock (elapsed time is an input).
//
// Consequences: a phase cap fails that phase; a tier cap makes the tier not_clean (and,
// under safety_critical, fails the run); a run cap fails the run with
// DONE_FAILED_BUDGET_EXHAUSTED: its current phase FAILED, the phases after it SKIPPED.

#include "strategy.h"

#include "domain.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace Autopack::Engine {

struct PhaseUsage {
    QString phaseId;
    qint64 tokensUsed = 0;
    int builderAttempts = 0; // attempts made so far
    int auditorAttempts = 0;
};

struct TierUsage {
    QString tierId;
    qint64 tokensUsed = 0;
    int ciRuns = 0;
    int minorIssues = 0; // distinct keys, by effective severity
    int majorIssues = 0;
};

struct RunUsage {
    qint64 tokensUsed = 0;
    int minorIssues = 0; // distinct keys in the run, by effective severity
    std::chrono::seconds elapsed { 0 }; // since the run started
    QString currentPhaseId; // the phase a run failure fails; empty: none active
    QList<TierUsage> tiers; // tiers not listed have used nothing
    QList<PhaseUsage> phases;

    // Usage as the store's rows record it. Elapsed time counts from the run's start
    // (its first PHASE_EXECUTION; zero before) to `now`, or to its completion if it
    // has ended. The current phase is the one executing, gated or in CI, if any.
    static RunUsage fromRows(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases,
                             const QDateTime &now);
};

enum class BudgetLevel { Phase, Tier, Run };
enum class BudgetCap {
    PhaseIncidentTokens, // incident_token_cap
    PhaseBuilderAttempts, // max_builder_attempts
    PhaseAuditorAttempts, // max_auditor_attempts
    TierTokens, // tier token_cap
    TierCiRuns, // ci_run_cap
    TierMinorIssues, // max_minor_issues_tolerated
    TierMajorIssues, // max_major_issues_tolerated
    RunTokens, // run token_cap
    RunDuration, // max_duration_minutes
    RunMinorIssues, // max_minor_issues_total
};
enum class BudgetConsequence { PhaseFailed, TierNotClean, RunFailed };

QString toString(BudgetLevel level); // phase | tier | run
QString capName(BudgetCap cap); // the SPEC's field name, e.g. "incident_token_cap"

struct BudgetBreach {
    BudgetLevel level = BudgetLevel::Run;
    BudgetCap cap = BudgetCap::RunTokens;
    QString entityId; // phase id, tier id or run id
    qint64 used = 0; // in the cap's unit: tokens, attempts, CI runs, issues; seconds for RunDuration
    qint64 limit = 0;
    BudgetConsequence consequence = BudgetConsequence::RunFailed;
    QString reason; // e.g. "run token_cap exceeded: 5000100 tokens used, cap 5000000"
    bool operator==(const BudgetBreach &) const = default;
};

struct BudgetVerdict {
    QList<BudgetBreach> breaches; // phase, then tier, then run; each in strategy order
    QStringList failedPhases;
    QStringList notCleanTiers;
    QStringList skippedPhases; // on run failure: every phase after the current one
    std::optional<Autopack::RunState> runOutcome; // DONE_FAILED_BUDGET_EXHAUSTED on run failure
    QString failureReason; // names every cap that failed the run, with figures

    bool withinBudget() const { return breaches.isEmpty(); }
    bool runFailed() const { return runOutcome.has_value(); }
};

// What a phase may do next after a failed attempt (SPEC §4): retry with the builder
// while builder attempts remain, then escalate to the auditor while auditor attempts
// remain, then fail.
enum class NextAttempt { Builder, Auditor, Fail };

class BudgetChecker
{
public:
    explicit BudgetChecker(Strategy strategy);

    BudgetVerdict check(const RunUsage &usage) const;

    // After `builderAttempts` and `auditorAttempts` have been used on `phaseId` (unknown
    // phase: Fail).
    NextAttempt nextAttempt(const QString &phaseId, int builderAttempts, int auditorAttempts) const;

    const Strategy &strategy() const { return m_strategy; }

private:
    Strategy m_strategy;
};

} // namespace Autopack::Engine
