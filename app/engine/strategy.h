#pragma once

// A run's compiled strategy (SPEC §4, §6): frozen when the run is created and stored
// with it, so later ruleset edits never change a run in flight. Everything the
// supervisor decides by (attempts, caps, gates, CI profile, aging) is read from here,
// never from the ruleset again.
//
// The JSON form is the stored and displayed one. Keys are snake_case and written in a
// stable (sorted) order, tiers and phases in execution order, so the same strategy
// always serialises to the same bytes; fromJson(toJson()) gives back an equal value.

#include "categories.h"
#include "fielderror.h"
#include "ruleset.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Autopack::Engine {

// Who decides at a phase's gate (SPEC §6 "Gates").
enum class GateMode {
    Automatic, // auto_apply: passes after its automatic checks
    Reviewer, // waits in GATE for a human (human_gates: true)
    Auditor, // human_gates: false: the auditor decides; no approval ends the run
};
QString toString(GateMode mode);

// The per-phase slice: what an agent claiming the phase is told and what it is held to.
struct PhaseStrategy {
    QString phaseId;
    QString tierId;
    int phaseIndex = 0;
    QString name;
    QString description;
    QString taskCategory; // as the plan wrote it
    QString category; // canonical, after aliases
    Complexity complexity = Complexity::Medium;
    BuilderMode builderMode = BuilderMode::Unspecified;
    int maxBuilderAttempts = 3;
    int maxAuditorAttempts = 2;
    qint64 incidentTokenCap = 500'000;
    CiProfile ciProfile = CiProfile::Normal;
    bool autoApply = true;
    QString auditorProfile; // empty: none
    double tierMinorMultiplier = 2.0;
    bool highRisk = false; // issues default to major
    GateMode gate = GateMode::Automatic;
    QStringList protectedGlobs; // the globs this phase's patches must not touch
    bool debtCleanup = false; // inserted for aged backlog issues
    QStringList cleanupIssueKeys; // the issues a debt_cleanup phase is for
    bool operator==(const PhaseStrategy &) const = default;

    QJsonObject toJson() const; // as in Strategy::toJson's "phases"
};

struct TierStrategy {
    QString tierId;
    int tierIndex = 0;
    QString name;
    QString description;
    qint64 tokenCap = 0; // 3 × Σ phases' incident_token_cap
    int ciRunCap = 0; // 2 × phases
    int maxMinorIssuesTolerated = 0;
    int maxMajorIssuesTolerated = 0;
    QList<PhaseStrategy> phases; // in execution (phase_index) order
    bool operator==(const TierStrategy &) const = default;
};

struct RunBudget {
    qint64 tokenCap = 5'000'000;
    int maxPhases = 25;
    int maxDurationMinutes = 120;
    int maxMinorIssuesTotal = 0; // phases × 3
    bool operator==(const RunBudget &) const = default;
};

// A backlog issue past its aging threshold when the run was created: major for this run.
struct EscalatedIssue {
    QString issueKey;
    QString category;
    int ageInRuns = 0;
    int ageInTiers = 0;
    QString cleanupPhaseId; // the debt_cleanup phase for it; empty if none was inserted
    bool operator==(const EscalatedIssue &) const = default;
};

struct Strategy {
    static constexpr int FormatVersion = 1;

    QString runId;
    SafetyProfile safetyProfile = SafetyProfile::Normal;
    RunScope runScope = RunScope::MultiTier;
    bool humanGates = true;
    bool autoPromotion = false;
    AgingThresholds aging;
    QStringList highRiskCategories;
    RunBudget budget;
    QList<TierStrategy> tiers; // in execution (tier_index) order
    QList<EscalatedIssue> escalatedIssues;

    bool operator==(const Strategy &) const = default;

    const TierStrategy *tier(const QString &tierId) const;
    const PhaseStrategy *phase(const QString &phaseId) const;
    const TierStrategy *tierOfPhase(const QString &phaseId) const;
    int phaseCount() const;
    // Phase ids in execution order: tier by tier, phase by phase.
    QStringList phaseOrder() const;
    bool isEscalated(const QString &issueKey) const;
    // Under safety_critical a not_clean tier fails the whole run.
    bool notCleanTierFailsRun() const { return safetyProfile == SafetyProfile::SafetyCritical; }

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; // indented, for storing and showing
    // What an agent claiming `phaseId` is given: the phase's slice, plus its tier's
    // budgets and the run-wide settings it is held to. Empty for an unknown phase.
    QJsonObject sliceJson(const QString &phaseId) const;
    // Strict: a stored strategy that does not read back exactly is refused, not patched.
    static FieldResult<Strategy> fromJson(const QJsonObject &object);
    static FieldResult<Strategy> fromJson(const QByteArray &json);
};

} // namespace Autopack::Engine
