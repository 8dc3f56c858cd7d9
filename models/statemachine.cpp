#include "statemachine.h"

#include <QCoreApplication>

#include <array>

namespace Autopack {

namespace {

constexpr ActorSet Supervisor = actorBit(Actor::Supervisor);
constexpr ActorSet Builder = actorBit(Actor::Builder);
constexpr ActorSet Verifier = actorBit(Actor::Verifier);
constexpr ActorSet Reviewer = actorBit(Actor::Reviewer);

// Guards. Each one is named by its description in the row so a refusal can say which.
bool hasReason(const TransitionContext &c) { return !c.reason.trimmed().isEmpty(); }
bool budgetFailure(const TransitionContext &c) { return c.budgetExceeded && hasReason(c); }
bool policyFailure(const TransitionContext &c) { return c.policyViolation && hasReason(c); }
bool environmentFailure(const TransitionContext &c) { return c.environmentFailure && hasReason(c); }
bool morePhases(const TransitionContext &c) { return c.morePhases; }
bool runFinished(const TransitionContext &c) { return c.allPhasesFinished && !c.morePhases && !c.policyViolation; }
bool gatePassed(const TransitionContext &c) { return c.gateChecksPassed && c.approved; }
bool ciGreen(const TransitionContext &c) { return c.ciGreen && !c.ciRed; }
bool ciRed(const TransitionContext &c) { return c.ciRed && !c.ciGreen; }
bool candidateApplied(const TransitionContext &c) { return c.candidateApplied; }
bool runEnding(const TransitionContext &c) { return c.runEnding; }
bool attemptsLeft(const TransitionContext &c) { return c.attemptsLeft(); }
bool executionFailed(const TransitionContext &c) { return !c.attemptsLeft() || c.budgetExceeded || c.runEnding; }
bool gateFailed(const TransitionContext &c)
{
    return !c.attemptsLeft() || c.escalated || c.policyViolation || c.runEnding;
}
bool ciRedRetry(const TransitionContext &c) { return ciRed(c) && c.attemptsLeft(); }
bool ciFailed(const TransitionContext &c)
{
    return (ciRed(c) && !c.attemptsLeft()) || c.budgetExceeded || c.runEnding;
}
bool tierFinished(const TransitionContext &c) { return c.allPhasesFinished; }
bool tierFailed(const TransitionContext &c) { return c.phaseFailed || c.budgetExceeded || c.runEnding; }

constexpr const char *kBudget = "a budget cap was exceeded and a failure reason is given";
constexpr const char *kPolicy = "a policy violation was found and a failure reason is given";
constexpr const char *kHuman = "a failure reason is given";
constexpr const char *kEnvironment = "an environment failure occurred and a failure reason is given";

using R = RunState;
using RunRule = TransitionRule<RunState>;

// The run mirrors its current phase (SPEC §2). A phase that ends without a snapshot
// (failed, skipped) sends the run straight to the next phase, or to DONE_SUCCESS when it
// was the last: DONE_SUCCESS does not imply promotion, which also needs clean tiers.
constexpr std::array runRules {
    RunRule { R::PlanBootstrap, R::RunCreated, Supervisor, "the plan is complete and the run is created", nullptr, nullptr },
    RunRule { R::RunCreated, R::PhaseQueueing, Supervisor, "strategy frozen, integration branch created", nullptr, nullptr },
    RunRule { R::PhaseQueueing, R::PhaseExecution, Supervisor, "phases queued; the first one starts", "a phase is queued", morePhases },
    RunRule { R::PhaseExecution, R::Gate, Supervisor, "the current phase reached its gate", nullptr, nullptr },
    RunRule { R::PhaseExecution, R::PhaseExecution, Supervisor, "the current phase ended without a snapshot; the next one starts", "another phase follows", morePhases },
    RunRule { R::PhaseExecution, R::DoneSuccess, Supervisor, "the last phase ended without a snapshot", "all phases are processed and no policy violation occurred", runFinished },
    RunRule { R::Gate, R::CiRunning, Supervisor | Reviewer, "the gate passed; CI runs on the candidate", nullptr, nullptr },
    RunRule { R::Gate, R::PhaseExecution, Supervisor | Reviewer, "rejected for revision, or the phase failed and the next one starts", nullptr, nullptr },
    RunRule { R::Gate, R::DoneSuccess, Supervisor, "the last phase failed at its gate", "all phases are processed and no policy violation occurred", runFinished },
    RunRule { R::CiRunning, R::SnapshotCreated, Supervisor | Verifier, "CI green: integration branch advanced, snapshot tag made", "CI is green", ciGreen },
    RunRule { R::CiRunning, R::PhaseExecution, Supervisor | Verifier, "CI red: another attempt, or the next phase after a failure", "CI is red", ciRed },
    RunRule { R::CiRunning, R::DoneSuccess, Supervisor, "the last phase failed in CI", "all phases are processed and no policy violation occurred", runFinished },
    RunRule { R::SnapshotCreated, R::PhaseExecution, Supervisor, "the next phase starts", "another phase follows", morePhases },
    RunRule { R::SnapshotCreated, R::DoneSuccess, Supervisor, "all phases processed", "all phases are processed and no policy violation occurred", runFinished },

    RunRule { R::PlanBootstrap, R::DoneFailedRequiresHumanReview, Supervisor, "the plan needs a human", kHuman, hasReason },
    RunRule { R::PlanBootstrap, R::DoneFailedEnvironment, Supervisor, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::PlanBootstrap, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::RunCreated, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::RunCreated, R::DoneFailedRequiresHumanReview, Supervisor, "the run needs a human", kHuman, hasReason },
    RunRule { R::RunCreated, R::DoneFailedEnvironment, Supervisor, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::RunCreated, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::PhaseQueueing, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::PhaseQueueing, R::DoneFailedRequiresHumanReview, Supervisor, "the run needs a human", kHuman, hasReason },
    RunRule { R::PhaseQueueing, R::DoneFailedEnvironment, Supervisor, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::PhaseQueueing, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::PhaseExecution, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::PhaseExecution, R::DoneFailedPolicyViolation, Supervisor, "a patch violated the policy", kPolicy, policyFailure },
    RunRule { R::PhaseExecution, R::DoneFailedRequiresHumanReview, Supervisor, "the run needs a human", kHuman, hasReason },
    RunRule { R::PhaseExecution, R::DoneFailedEnvironment, Supervisor | Verifier, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::PhaseExecution, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::Gate, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::Gate, R::DoneFailedPolicyViolation, Supervisor, "a patch violated the policy", kPolicy, policyFailure },
    RunRule { R::Gate, R::DoneFailedRequiresHumanReview, Supervisor, "the gate needs a human (no human gates allowed)", kHuman, hasReason },
    RunRule { R::Gate, R::DoneFailedEnvironment, Supervisor | Verifier, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::Gate, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::CiRunning, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::CiRunning, R::DoneFailedPolicyViolation, Supervisor, "a patch violated the policy", kPolicy, policyFailure },
    RunRule { R::CiRunning, R::DoneFailedRequiresHumanReview, Supervisor, "the run needs a human", kHuman, hasReason },
    RunRule { R::CiRunning, R::DoneFailedEnvironment, Supervisor | Verifier, "CI could not run", kEnvironment, environmentFailure },
    RunRule { R::CiRunning, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },

    RunRule { R::SnapshotCreated, R::DoneFailedBudgetExhausted, Supervisor, "a run budget ran out", kBudget, budgetFailure },
    RunRule { R::SnapshotCreated, R::DoneFailedRequiresHumanReview, Supervisor, "the run needs a human", kHuman, hasReason },
    RunRule { R::SnapshotCreated, R::DoneFailedEnvironment, Supervisor, "the environment failed", kEnvironment, environmentFailure },
    RunRule { R::SnapshotCreated, R::DoneFailedCancelled, Reviewer, "a reviewer cancelled the run", nullptr, nullptr },
};

using T = TierState;
using TierRule = TransitionRule<TierState>;

constexpr std::array tierRules {
    TierRule { T::Pending, T::InProgress, Supervisor, "the tier's first phase starts", nullptr, nullptr },
    TierRule { T::Pending, T::Skipped, Supervisor, "the run ended first, or the tier is outside the run's scope", nullptr, nullptr },
    TierRule { T::InProgress, T::Complete, Supervisor, "every phase of the tier is processed", "every phase of the tier is finished", tierFinished },
    TierRule { T::InProgress, T::Failed, Supervisor, "a phase failed, a budget ran out or the run ended", "a phase failed, a budget was exceeded or the run is ending", tierFailed },
};

using P = PhaseState;
using PhaseRule = TransitionRule<PhaseState>;

// SPEC §2's phase table, row by row.
constexpr std::array phaseRules {
    PhaseRule { P::Queued, P::Executing, Supervisor | Builder, "the phase is dispatched (a builder claims it)", nullptr, nullptr },
    PhaseRule { P::Queued, P::Skipped, Supervisor, "the run ends first, or its tier is skipped", "the run is ending or the tier is skipped", runEnding },
    PhaseRule { P::Executing, P::Gate, Supervisor, "a builder patch applied to a candidate commit", "a candidate commit was made", candidateApplied },
    PhaseRule { P::Executing, P::Executing, Supervisor | Builder, "a failed attempt with attempts left", "attempts are left", attemptsLeft },
    PhaseRule { P::Executing, P::Failed, Supervisor, "attempts and escalation exhausted, or a phase budget hit", "no attempts are left, a budget was exceeded or the run is ending", executionFailed },
    PhaseRule { P::Gate, P::CiRunning, Supervisor | Reviewer, "gate checks passed and the change was approved", "gate checks passed and the change was approved", gatePassed },
    PhaseRule { P::Gate, P::Executing, Supervisor | Reviewer, "rejected for revision with attempts left", "attempts are left", attemptsLeft },
    PhaseRule { P::Gate, P::Failed, Supervisor | Reviewer, "rejected with no attempts left, escalated, or a policy violation", "no attempts are left, the auditor escalated, a policy violation occurred or the run is ending", gateFailed },
    PhaseRule { P::CiRunning, P::Complete, Supervisor | Verifier, "CI green: integration branch advanced, snapshot tag made", "CI is green", ciGreen },
    PhaseRule { P::CiRunning, P::Executing, Supervisor | Verifier, "CI red with attempts left", "CI is red and attempts are left", ciRedRetry },
    PhaseRule { P::CiRunning, P::Failed, Supervisor | Verifier, "CI red with no attempts left", "CI is red with no attempts left, a budget was exceeded or the run is ending", ciFailed },
};

template<typename State, std::size_t N>
const TransitionRule<State> *findRule(const std::array<TransitionRule<State>, N> &rules, State from, State to)
{
    for (const auto &r : rules) {
        if (r.from == from && r.to == to)
            return &r;
    }
    return nullptr;
}

template<typename State>
TransitionResult<> checkRule(const TransitionRule<State> *rule, EntityKind kind, const QString &entityId, State from,
                             State to, Actor actor, const TransitionContext &context)
{
    TransitionError error;
    error.entityKind = kind;
    error.entityId = entityId;
    error.fromState = toString(from);
    error.toState = toString(to);
    error.actor = actor;
    if (!rule) {
        error.kind = TransitionError::Kind::NotInTable;
        error.why = QCoreApplication::translate("Autopack::StateMachine", "not in the transition table");
        return std::unexpected(error);
    }
    if (!rule->allows(actor)) {
        error.kind = TransitionError::Kind::ActorNotAllowed;
        error.why = QCoreApplication::translate("Autopack::StateMachine", "actor %1 may not make this change")
                        .arg(toString(actor));
        return std::unexpected(error);
    }
    if (rule->guard && !rule->guard(context)) {
        error.kind = TransitionError::Kind::GuardFailed;
        error.why = QCoreApplication::translate("Autopack::StateMachine", "guard failed: %1")
                        .arg(QString::fromLatin1(rule->guardDescription));
        return std::unexpected(error);
    }
    return {};
}

} // namespace

QString TransitionError::toString() const
{
    return QCoreApplication::translate("Autopack::StateMachine", "%1 %2: %3 -> %4 refused for %5: %6")
        .arg(Autopack::toString(entityKind), entityId, fromState, toState, Autopack::toString(actor), why);
}

std::span<const TransitionRule<RunState>> StateMachine::runTable() { return runRules; }
std::span<const TransitionRule<TierState>> StateMachine::tierTable() { return tierRules; }
std::span<const TransitionRule<PhaseState>> StateMachine::phaseTable() { return phaseRules; }

const TransitionRule<RunState> *StateMachine::rule(RunState from, RunState to) { return findRule(runRules, from, to); }
const TransitionRule<TierState> *StateMachine::rule(TierState from, TierState to)
{
    return findRule(tierRules, from, to);
}
const TransitionRule<PhaseState> *StateMachine::rule(PhaseState from, PhaseState to)
{
    return findRule(phaseRules, from, to);
}

TransitionResult<> StateMachine::check(const QString &entityId, RunState from, RunState to, Actor actor,
                                       const TransitionContext &context)
{
    return checkRule(rule(from, to), EntityKind::Run, entityId, from, to, actor, context);
}

TransitionResult<> StateMachine::check(const QString &entityId, TierState from, TierState to, Actor actor,
                                       const TransitionContext &context)
{
    return checkRule(rule(from, to), EntityKind::Tier, entityId, from, to, actor, context);
}

TransitionResult<> StateMachine::check(const QString &entityId, PhaseState from, PhaseState to, Actor actor,
                                       const TransitionContext &context)
{
    return checkRule(rule(from, to), EntityKind::Phase, entityId, from, to, actor, context);
}

} // namespace Autopack
