#include "domain.h"

#include "nametable.h"

#include <array>
#include <utility>

namespace Autopack {

namespace {

constexpr std::array<std::pair<RunState, const char *>, RunStateCount> runStates { {
    { RunState::PlanBootstrap, "PLAN_BOOTSTRAP" },
    { RunState::RunCreated, "RUN_CREATED" },
    { RunState::PhaseQueueing, "PHASE_QUEUEING" },
    { RunState::PhaseExecution, "PHASE_EXECUTION" },
    { RunState::Gate, "GATE" },
    { RunState::CiRunning, "CI_RUNNING" },
    { RunState::SnapshotCreated, "SNAPSHOT_CREATED" },
    { RunState::DoneSuccess, "DONE_SUCCESS" },
    { RunState::DoneFailedBudgetExhausted, "DONE_FAILED_BUDGET_EXHAUSTED" },
    { RunState::DoneFailedPolicyViolation, "DONE_FAILED_POLICY_VIOLATION" },
    { RunState::DoneFailedRequiresHumanReview, "DONE_FAILED_REQUIRES_HUMAN_REVIEW" },
    { RunState::DoneFailedEnvironment, "DONE_FAILED_ENVIRONMENT" },
    { RunState::DoneFailedCancelled, "DONE_FAILED_CANCELLED" },
} };

constexpr std::array<std::pair<TierState, const char *>, TierStateCount> tierStates { {
    { TierState::Pending, "PENDING" },
    { TierState::InProgress, "IN_PROGRESS" },
    { TierState::Complete, "COMPLETE" },
    { TierState::Failed, "FAILED" },
    { TierState::Skipped, "SKIPPED" },
} };

constexpr std::array<std::pair<Cleanliness, const char *>, 2> cleanlinessNames { {
    { Cleanliness::Clean, "clean" },
    { Cleanliness::NotClean, "not_clean" },
} };

constexpr std::array<std::pair<PhaseState, const char *>, PhaseStateCount> phaseStates { {
    { PhaseState::Queued, "QUEUED" },
    { PhaseState::Executing, "EXECUTING" },
    { PhaseState::Gate, "GATE" },
    { PhaseState::CiRunning, "CI_RUNNING" },
    { PhaseState::Complete, "COMPLETE" },
    { PhaseState::Failed, "FAILED" },
    { PhaseState::Skipped, "SKIPPED" },
} };

constexpr std::array<std::pair<Actor, const char *>, ActorCount> actors { {
    { Actor::Supervisor, "supervisor" },
    { Actor::Builder, "builder" },
    { Actor::Auditor, "auditor" },
    { Actor::Verifier, "verifier" },
    { Actor::Reviewer, "reviewer" },
} };

constexpr std::array<std::pair<EntityKind, const char *>, 3> entityKinds { {
    { EntityKind::Run, "run" },
    { EntityKind::Tier, "tier" },
    { EntityKind::Phase, "phase" },
} };

constexpr std::array<std::pair<Severity, const char *>, 2> severities { {
    { Severity::Minor, "minor" },
    { Severity::Major, "major" },
} };

} // namespace

QString toString(RunState s) { return nameOf(runStates, s); }
QString toString(TierState s) { return nameOf(tierStates, s); }
QString toString(Cleanliness c) { return nameOf(cleanlinessNames, c); }
QString toString(PhaseState s) { return nameOf(phaseStates, s); }
QString toString(Actor a) { return nameOf(actors, a); }
QString toString(EntityKind k) { return nameOf(entityKinds, k); }
QString toString(Severity s) { return nameOf(severities, s); }

std::optional<RunState> runStateFromString(QStringView s) { return valueOf(runStates, s); }
std::optional<TierState> tierStateFromString(QStringView s) { return valueOf(tierStates, s); }
std::optional<Cleanliness> cleanlinessFromString(QStringView s) { return valueOf(cleanlinessNames, s); }
std::optional<PhaseState> phaseStateFromString(QStringView s) { return valueOf(phaseStates, s); }
std::optional<Actor> actorFromString(QStringView s) { return valueOf(actors, s); }
std::optional<EntityKind> entityKindFromString(QStringView s) { return valueOf(entityKinds, s); }
std::optional<Severity> severityFromString(QStringView s) { return valueOf(severities, s); }

bool isTerminal(RunState s)
{
    switch (s) {
    case RunState::DoneSuccess:
    case RunState::DoneFailedBudgetExhausted:
    case RunState::DoneFailedPolicyViolation:
    case RunState::DoneFailedRequiresHumanReview:
    case RunState::DoneFailedEnvironment:
    case RunState::DoneFailedCancelled:
        return true;
    default:
        return false;
    }
}

bool isTerminal(TierState s)
{
    return s == TierState::Complete || s == TierState::Failed || s == TierState::Skipped;
}

bool isTerminal(PhaseState s)
{
    return s == PhaseState::Complete || s == PhaseState::Failed || s == PhaseState::Skipped;
}

} // namespace Autopack
