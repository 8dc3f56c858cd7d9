#include "ruleset.h"

#include "jsonreader.h"

#include <QCoreApplication>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

using Presence = JsonReader::Presence;

constexpr qint64 MaxTokens = 1'000'000'000'000; // 10^12: far above any real cap, below double precision

void readOverride(JsonReader &r, CategoryOverride &o)
{
    r.enumeration("complexity", o.complexity, complexityNames(), [](const QString &s) { return *complexityFromString(s); });
    r.enumeration("ci_profile", o.ciProfile, ciProfileNames(), [](const QString &s) { return *ciProfileFromString(s); });
    r.enumeration("builder_mode", o.builderMode, builderModeNames(),
                  [](const QString &s) { return *builderModeFromString(s); });
    r.integer("builder_attempts", o.builderAttempts, 1, 20);
    r.integer("auditor_attempts", o.auditorAttempts, 0, 20);
    r.integer("incident_token_cap", o.incidentTokenCap, 1, MaxTokens);
    r.number("tier_minor_multiplier", o.tierMinorMultiplier, 0.0, 100.0);
    r.boolean("auto_apply", o.autoApply);
    r.stringOrNull("auditor_profile", o.auditorProfile);
    r.boolean("allow_protected_paths", o.allowProtectedPaths);
}

void readAging(JsonReader &r, AgingThresholds &a)
{
    r.integer("runs", a.runs, 1, 1000);
    r.integer("tiers", a.tiers, 1, 1000);
}

bool isBuiltinAliasOrCategory(const QString &name)
{
    if (Categories::known().contains(name))
        return true;
    for (const auto &[alias, category] : Categories::builtinAliases()) {
        if (alias == name)
            return true;
    }
    return false;
}

} // namespace

FieldResult<Ruleset> Ruleset::fromJson(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return Ruleset {};
    auto object = parseJsonObject(json);
    if (!object)
        return std::unexpected(object.error());
    return fromJson(*object);
}

FieldResult<Ruleset> Ruleset::fromJson(const QJsonObject &object)
{
    Ruleset rs;
    JsonReader r(object, QStringLiteral("$"));

    int version = 1;
    r.integer("version", version, 1, 1);
    r.string("description", rs.description, Presence::Optional, true);
    r.enumeration("safety_profile", rs.safetyProfile, safetyProfileNames(),
                  [](const QString &s) { return *safetyProfileFromString(s); });
    r.enumeration("run_scope", rs.runScope, runScopeNames(), [](const QString &s) { return *runScopeFromString(s); });
    r.boolean("human_gates", rs.humanGates);
    r.boolean("auto_promotion", rs.autoPromotion);
    r.boolean("debt_cleanup_phases", rs.debtCleanupPhases);

    // Aliases first: override keys and the high-risk list may use them.
    r.map("category_aliases", [&](const QString &key, const QJsonValue &value, const QString &path) {
        const QString alias = Categories::normalised(key);
        if (alias.isEmpty()) {
            r.raise({ path, tr("an alias must not be empty") });
        } else if (isBuiltinAliasOrCategory(alias)) {
            r.raise({ path, tr("\"%1\" is already a built-in category or alias and cannot be redefined").arg(key) });
        } else if (!value.isString() || Categories::normalised(value.toString()).isEmpty()) {
            r.raise({ path, tr("expected a category name, got %1").arg(describeJsonValue(value)) });
        } else if (rs.categoryAliases.contains(alias)) {
            r.raise({ path, tr("the alias %1 is defined a second time").arg(alias) });
        } else {
            rs.categoryAliases.insert(alias, Categories::canonical(value.toString()));
        }
    });
    if (!r.ok())
        return std::unexpected(*r.error());

    r.stringList("high_risk_categories", rs.highRiskCategories);
    if (rs.highRiskCategories) {
        QStringList canonical;
        for (const QString &c : *rs.highRiskCategories) {
            const QString name = rs.canonicalCategory(c);
            if (!canonical.contains(name))
                canonical << name;
        }
        rs.highRiskCategories = canonical;
    }

    r.map("category_overrides", [&](const QString &key, const QJsonValue &value, const QString &path) {
        const QString category = rs.canonicalCategory(key);
        if (category.isEmpty()) {
            r.raise({ path, tr("a category name must not be empty") });
            return;
        }
        if (rs.categoryOverrides.contains(category)) {
            r.raise({ path, tr("\"%1\" names the category %2 a second time").arg(key, category) });
            return;
        }
        if (!value.isObject()) {
            r.raise({ path, tr("expected an object, got %1").arg(describeJsonValue(value)) });
            return;
        }
        JsonReader sub(value.toObject(), path);
        CategoryOverride o;
        readOverride(sub, o);
        if (!sub.finish()) {
            r.raise(*sub.error());
            return;
        }
        rs.categoryOverrides.insert(category, o);
    });

    r.stringList("protected_globs", rs.protectedGlobs);
    for (qsizetype i = 0; i < rs.protectedGlobs.size() && r.ok(); ++i) {
        const QString &glob = rs.protectedGlobs.at(i);
        if (glob.startsWith(u'/') || glob.split(u'/').contains(QStringLiteral("..")))
            r.raise({ jsonPathIndex(r.pathOf(QStringLiteral("protected_globs")), i),
                      tr("expected a glob relative to the repository root, without '..', got \"%1\"").arg(glob) });
    }
    r.object("aging", [&](JsonReader &a) {
        a.object("normal", [&](JsonReader &n) { readAging(n, rs.agingNormal); });
        a.object("safety_critical", [&](JsonReader &s) { readAging(s, rs.agingSafetyCritical); });
    });
    r.object("budgets", [&](JsonReader &b) {
        b.object("run", [&](JsonReader &run) {
            run.integer("token_cap", rs.runBudget.tokenCap, 1, MaxTokens);
            run.integer("max_phases", rs.runBudget.maxPhases, 1, 1000);
            run.integer("max_duration_minutes", rs.runBudget.maxDurationMinutes, 1, 7 * 24 * 60);
            run.integer("max_minor_issues_per_phase", rs.runBudget.maxMinorIssuesPerPhase, 0, 1000);
        });
        b.object("tier", [&](JsonReader &tier) {
            tier.integer("token_cap_multiplier", rs.tierBudget.tokenCapMultiplier, 1, 100);
            tier.integer("ci_runs_per_phase", rs.tierBudget.ciRunsPerPhase, 1, 100);
            tier.integer("max_major_issues_tolerated", rs.tierBudget.maxMajorIssuesTolerated, 0, 1000);
        });
    });
    r.finish();
    if (!r.ok())
        return std::unexpected(*r.error());
    return rs;
}

FieldResult<Ruleset> Ruleset::fromProject(const Project &project)
{
    auto rs = fromJson(project.rulesetJson.toUtf8());
    if (!rs)
        return rs;
    for (const QString &glob : project.protectedGlobs) {
        if (!rs->protectedGlobs.contains(glob))
            rs->protectedGlobs << glob;
    }
    return rs;
}

QString Ruleset::canonicalCategory(QStringView raw) const
{
    const QString name = Categories::canonical(raw);
    return categoryAliases.value(name, name);
}

AgingThresholds Ruleset::aging(SafetyProfile profile) const
{
    return profile == SafetyProfile::SafetyCritical ? agingSafetyCritical : agingNormal;
}

QStringList Ruleset::effectiveHighRisk() const
{
    return highRiskCategories.value_or(Categories::builtinHighRisk());
}

bool Ruleset::isHighRisk(const QString &canonicalCategory) const
{
    return effectiveHighRisk().contains(canonicalCategory);
}

RunScope Ruleset::defaultRunScope(SafetyProfile profile) const
{
    if (runScope)
        return *runScope;
    return profile == SafetyProfile::SafetyCritical ? RunScope::SingleTier : RunScope::MultiTier;
}

} // namespace Autopack::Engine
