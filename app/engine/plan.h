#pragma once

// The plan a run is started with (SPEC §8 POST /runs/start): the run's settings, its
// tiers and its phases, as clients send them. Reading is lenient about keys we do not
// know (clients add their own) and strict about the types of those we do; whether the
// plan makes sense (unknown tiers, duplicates, too many phases) is the
// StrategyCompiler's decision, with the same JSON paths.

#include "fielderror.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Autopack::Engine {

struct PlanRun {
    QString runId;
    QString safetyProfile; // empty: the ruleset's
    QString runScope; // empty: the ruleset's, else the safety profile's preference
    std::optional<qint64> tokenCap; // unset: the ruleset's, else the SPEC default
    std::optional<int> maxPhases;
    std::optional<int> maxDurationMinutes;
    bool operator==(const PlanRun &) const = default;
};

struct PlanTier {
    QString tierId;
    int tierIndex = 0;
    QString name;
    QString description;
    bool operator==(const PlanTier &) const = default;
};

struct PlanPhase {
    QString phaseId;
    int phaseIndex = 0;
    QString tierId;
    QString name;
    QString description;
    QString taskCategory;
    QString complexity; // empty: the category's
    QString builderMode; // empty: the category override's, else none
    bool operator==(const PlanPhase &) const = default;
};

struct Plan {
    PlanRun run;
    QList<PlanTier> tiers;
    QList<PlanPhase> phases;
    bool operator==(const Plan &) const = default;

    // A missing tier_index/phase_index is the element's position in its array.
    static FieldResult<Plan> fromJson(const QJsonObject &object);
    static FieldResult<Plan> fromJson(const QByteArray &json);
};

} // namespace Autopack::Engine
