#pragma once

// A project's ruleset (SPEC §6, docs/ruleset.md): how its runs are compiled into
// strategies. Every field is optional; what is absent keeps the SPEC §4/§6 default.
// Parsing is strict: an unknown key, a wrong type, a bad enum value or an out-of-range
// number refuses the whole ruleset with the JSON path of the bad field, so a typo can
// never silently fall back to a default.

#include "categories.h"
#include "fielderror.h"

#include "domain.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace Autopack::Engine {

// Per-category changes to the defaults table; unset fields keep the table's value.
struct CategoryOverride {
    std::optional<Complexity> complexity;
    std::optional<CiProfile> ciProfile;
    std::optional<BuilderMode> builderMode; // default mode for phases that name none
    std::optional<int> builderAttempts;
    std::optional<int> auditorAttempts;
    std::optional<qint64> incidentTokenCap;
    std::optional<double> tierMinorMultiplier;
    std::optional<bool> autoApply;
    std::optional<QString> auditorProfile; // empty string: no auditor profile
    std::optional<bool> allowProtectedPaths; // patches of this category may touch protected globs
    bool operator==(const CategoryOverride &) const = default;
};

// Aging (SPEC §5): a minor backlog issue seen in at least `runs` distinct runs or
// `tiers` distinct run+tier pairs becomes major in new runs and needs cleanup.
struct AgingThresholds {
    int runs = 3;
    int tiers = 2;
    bool operator==(const AgingThresholds &) const = default;
};

struct RunBudgetOverrides {
    std::optional<qint64> tokenCap; // default 5,000,000
    std::optional<int> maxPhases; // default 25
    std::optional<int> maxDurationMinutes; // default 120
    std::optional<int> maxMinorIssuesPerPhase; // run total = phases × this; default 3
    bool operator==(const RunBudgetOverrides &) const = default;
};

struct TierBudgetOverrides {
    std::optional<int> tokenCapMultiplier; // tier token cap = this × Σ incident caps; default 3
    std::optional<int> ciRunsPerPhase; // tier CI run cap = phases × this; default 2
    std::optional<int> maxMajorIssuesTolerated; // default 0
    bool operator==(const TierBudgetOverrides &) const = default;
};

struct Ruleset {
    QString description;
    SafetyProfile safetyProfile = SafetyProfile::Normal;
    std::optional<RunScope> runScope; // unset: the safety profile's preference
    bool humanGates = true;
    bool autoPromotion = false;
    bool debtCleanupPhases = true; // insert debt_cleanup phases for aged backlog issues
    std::optional<QStringList> highRiskCategories; // canonical names; replaces the built-in five
    QMap<QString, QString> categoryAliases; // normalised alias → canonical category
    QMap<QString, CategoryOverride> categoryOverrides; // canonical category → override
    QStringList protectedGlobs;
    AgingThresholds agingNormal { 3, 2 };
    AgingThresholds agingSafetyCritical { 2, 1 };
    RunBudgetOverrides runBudget;
    TierBudgetOverrides tierBudget;

    bool operator==(const Ruleset &) const = default;

    // `{}` and an empty document are the all-defaults ruleset.
    static FieldResult<Ruleset> fromJson(const QByteArray &json);
    static FieldResult<Ruleset> fromJson(const QJsonObject &object);

    // The project's ruleset (Project::rulesetJson) with the project's own protected globs
    // (Project::protectedGlobs, e.g. from `project add`) added to the ruleset's: a path
    // protected in either place is protected.
    static FieldResult<Ruleset> fromProject(const Project &project);

    // A plan's category through the built-in aliases and this ruleset's own.
    QString canonicalCategory(QStringView raw) const;
    AgingThresholds aging(SafetyProfile profile) const;
    QStringList effectiveHighRisk() const;
    bool isHighRisk(const QString &canonicalCategory) const;
    // The profile's preference when the ruleset and the plan name no run scope.
    RunScope defaultRunScope(SafetyProfile profile) const;
};

} // namespace Autopack::Engine
