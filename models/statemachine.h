#pragma once

// The transition tables of SPEC §2: one per entity (Run, Tier, Phase), each row
// (from, to, allowed actors, guard). They are the only authority on state changes:
// Store::transitionRun/Tier/Phase ask check() inside the write transaction and refuse
// what it refuses; no other code writes a state column.
//
// check() is pure: it looks only at the row table and the TransitionContext the caller
// fills with the facts it knows (attempt counts, CI verdict, budget/policy findings).
// Flags default to false/0. Every guard on the way to success (candidate applied, gate
// approved, CI green, all phases finished) needs its fact set explicitly, so forgetting
// a fact never advances a phase or run; failure-side guards may pass on defaults
// (no attempts recorded means none are left).

#include "domain.h"

#include <QString>

#include <expected>
#include <span>

namespace Autopack {

// Facts a guard may look at. Counts are the values *after* the attempt that just ended
// (e.g. builderAttempts == 1 after the first failed builder attempt).
struct TransitionContext {
    int builderAttempts = 0;
    int maxBuilderAttempts = 0;
    int auditorAttempts = 0;
    int maxAuditorAttempts = 0;
    bool candidateApplied = false; // a patch applied to a candidate commit
    bool gateChecksPassed = false; // automatic gate checks (scope, size, ...) passed
    bool approved = false; // auto_apply, a reviewer approved, or the auditor approved
    bool ciGreen = false; // the verifier's verdict on the candidate: green
    bool ciRed = false; // ... or red (neither: no verdict yet)
    bool budgetExceeded = false; // a run/tier/phase cap was hit
    bool policyViolation = false;
    bool escalated = false; // the auditor recommended `escalate`
    bool environmentFailure = false; // CI or git could not run at all
    bool runEnding = false; // the run has ended (or is ending) / the tier was skipped
    bool morePhases = false; // run: a phase remains after the current one
    bool allPhasesFinished = false; // run: every phase is processed; tier: every phase of the tier is terminal
    bool phaseFailed = false; // tier: one of its phases failed
    QString reason; // the reason given for the change (required for DONE_FAILED_*)

    // Builder attempts left, or escalation to the auditor still possible (SPEC §4).
    bool attemptsLeft() const
    {
        return builderAttempts < maxBuilderAttempts || auditorAttempts < maxAuditorAttempts;
    }
};

using ActorSet = unsigned;
constexpr ActorSet actorBit(Actor a) { return 1u << static_cast<unsigned>(a); }

template<typename State>
struct TransitionRule {
    State from;
    State to;
    ActorSet actors;
    const char *when; // what the transition means, for docs and tooltips
    const char *guardDescription; // nullptr when there is no guard
    bool (*guard)(const TransitionContext &); // nullptr when there is no guard

    bool allows(Actor a) const { return (actors & actorBit(a)) != 0; }
};

struct TransitionError {
    enum class Kind {
        NotInTable, // no row (from, to) exists
        ActorNotAllowed, // the row exists but not for this actor
        GuardFailed, // the row and actor fit but its guard refused
    };

    Kind kind = Kind::NotInTable;
    EntityKind entityKind = EntityKind::Run;
    QString entityId; // run_id, tier_id or phase_id
    QString fromState; // the entity's current state, SPEC spelling
    QString toState; // the requested state
    Actor actor = Actor::Supervisor;
    QString why; // for GuardFailed: the guard's description; else what was wrong

    // One line such as "phase P1: EXECUTING -> COMPLETE refused for builder: not in the
    // transition table".
    QString toString() const;
};

template<typename T = void>
using TransitionResult = std::expected<T, TransitionError>;

class StateMachine
{
public:
    // The rows, in table order; the SPEC §2 lifecycle reads top to bottom.
    static std::span<const TransitionRule<RunState>> runTable();
    static std::span<const TransitionRule<TierState>> tierTable();
    static std::span<const TransitionRule<PhaseState>> phaseTable();

    // entityId only labels the error. Returns the error kind that applies first:
    // NotInTable, then ActorNotAllowed, then GuardFailed.
    static TransitionResult<> check(const QString &entityId, RunState from, RunState to, Actor actor,
                                    const TransitionContext &context);
    static TransitionResult<> check(const QString &entityId, TierState from, TierState to, Actor actor,
                                    const TransitionContext &context);
    static TransitionResult<> check(const QString &entityId, PhaseState from, PhaseState to, Actor actor,
                                    const TransitionContext &context);

    // The row for (from, to), or nullptr.
    static const TransitionRule<RunState> *rule(RunState from, RunState to);
    static const TransitionRule<TierState> *rule(TierState from, TierState to);
    static const TransitionRule<PhaseState> *rule(PhaseState from, PhaseState to);
};

} // namespace Autopack
