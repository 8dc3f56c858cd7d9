#include "strategycompiler.h"

#include "enginelog.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

constexpr qint64 DefaultRunTokenCap = 5'000'000;
constexpr int DefaultMaxPhases = 25;
constexpr int DefaultMaxDurationMinutes = 120;
constexpr int DefaultMinorIssuesPerPhase = 3;
constexpr int DefaultTierTokenMultiplier = 3;
constexpr int DefaultCiRunsPerPhase = 2;

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

QString enumChoices(const QStringList &names)
{
    QStringList q;
    for (const QString &n : names)
        q << quoted(n);
    return q.join(QStringLiteral(", "));
}

std::unexpected<FieldError> refuse(const QString &path, const QString &message)
{
    return std::unexpected(FieldError { path, message });
}

// Groups consecutive tiers into runs of at most `maxPhases` phases, for the message that
// tells the user how to split an oversized plan.
QString splitSuggestion(const QList<std::pair<QString, int>> &tierSizes, int maxPhases)
{
    QStringList runs;
    QStringList oversized;
    QStringList current;
    int currentSize = 0;
    auto flush = [&] {
        if (!current.isEmpty())
            runs << tr("run %1: tier %2 (%3 phases)")
                        .arg(runs.size() + 1)
                        .arg(current.join(QStringLiteral(", ")))
                        .arg(currentSize);
        current.clear();
        currentSize = 0;
    };
    for (const auto &[tierId, size] : tierSizes) {
        if (size > maxPhases)
            oversized << tr("tier %1 alone has %2 phases and must itself be split into tiers of at most %3")
                             .arg(tierId)
                             .arg(size)
                             .arg(maxPhases);
        if (currentSize + size > maxPhases)
            flush();
        current << tierId;
        currentSize += size;
    }
    flush();
    QString text = tr("split it by tier into runs of at most %1 phases: %2").arg(maxPhases).arg(runs.join(QStringLiteral("; ")));
    if (!oversized.isEmpty())
        text += QStringLiteral("; ") + oversized.join(QStringLiteral("; "));
    return text;
}

} // namespace

StrategyCompiler::StrategyCompiler(Ruleset ruleset)
    : m_ruleset(std::move(ruleset))
{
}

FieldResult<Strategy> StrategyCompiler::compile(const Plan &plan, const QList<BacklogEntry> &backlog) const
{
    const Ruleset &rs = m_ruleset;
    Strategy s;

    // --- Run settings ---------------------------------------------------------------
    s.runId = plan.run.runId.trimmed();
    if (s.runId.isEmpty())
        return refuse(QStringLiteral("$.run.run_id"), tr("required field is missing"));

    s.safetyProfile = rs.safetyProfile;
    if (!plan.run.safetyProfile.isEmpty()) {
        const auto p = safetyProfileFromString(plan.run.safetyProfile);
        if (!p)
            return refuse(QStringLiteral("$.run.safety_profile"),
                          tr("expected one of %1, got %2").arg(enumChoices(safetyProfileNames()), quoted(plan.run.safetyProfile)));
        s.safetyProfile = *p;
    }
    const bool scopeFromProfile = plan.run.runScope.isEmpty() && !rs.runScope;
    s.runScope = rs.defaultRunScope(s.safetyProfile);
    if (!plan.run.runScope.isEmpty()) {
        const auto scope = runScopeFromString(plan.run.runScope);
        if (!scope)
            return refuse(QStringLiteral("$.run.run_scope"),
                          tr("expected one of %1, got %2").arg(enumChoices(runScopeNames()), quoted(plan.run.runScope)));
        s.runScope = *scope;
    }
    s.humanGates = rs.humanGates;
    s.autoPromotion = rs.autoPromotion;
    s.aging = rs.aging(s.safetyProfile);
    s.highRiskCategories = rs.effectiveHighRisk();
    s.budget.tokenCap = plan.run.tokenCap.value_or(rs.runBudget.tokenCap.value_or(DefaultRunTokenCap));
    s.budget.maxPhases = plan.run.maxPhases.value_or(rs.runBudget.maxPhases.value_or(DefaultMaxPhases));
    s.budget.maxDurationMinutes
        = plan.run.maxDurationMinutes.value_or(rs.runBudget.maxDurationMinutes.value_or(DefaultMaxDurationMinutes));

    // --- Tiers -------------------------------------------------------------------------
    if (plan.tiers.isEmpty())
        return refuse(QStringLiteral("$.tiers"), tr("a plan needs at least one tier"));
    QHash<QString, qsizetype> tierPosition; // tier id → index in s.tiers
    QHash<int, QString> tierByIndex;
    for (qsizetype i = 0; i < plan.tiers.size(); ++i) {
        const PlanTier &t = plan.tiers.at(i);
        const QString path = jsonPathIndex(QStringLiteral("$.tiers"), i);
        if (t.tierId.trimmed().isEmpty())
            return refuse(path + QStringLiteral(".tier_id"), tr("required field is missing"));
        if (tierPosition.contains(t.tierId))
            return refuse(path + QStringLiteral(".tier_id"), tr("tier %1 is listed twice").arg(quoted(t.tierId)));
        if (tierByIndex.contains(t.tierIndex))
            return refuse(path + QStringLiteral(".tier_index"),
                          tr("tier_index %1 is used by tiers %2 and %3")
                              .arg(t.tierIndex)
                              .arg(tierByIndex.value(t.tierIndex), t.tierId));
        tierByIndex.insert(t.tierIndex, t.tierId);
        tierPosition.insert(t.tierId, s.tiers.size());
        TierStrategy tier;
        tier.tierId = t.tierId;
        tier.tierIndex = t.tierIndex;
        tier.name = t.name;
        tier.description = t.description;
        s.tiers.append(tier);
    }
    if (s.runScope == RunScope::SingleTier && s.tiers.size() > 1) {
        QStringList ids;
        for (const TierStrategy &t : s.tiers)
            ids << t.tierId;
        QString message = tr("run_scope single_tier runs exactly one tier, but the plan has %1 tiers (%2); "
                             "split it by tier and start one run per tier, or use run_scope multi_tier")
                              .arg(s.tiers.size())
                              .arg(ids.join(QStringLiteral(", ")));
        if (scopeFromProfile)
            message += tr(" (safety_critical runs are single_tier unless the plan or the ruleset names a run_scope)");
        return refuse(QStringLiteral("$.tiers"), message);
    }

    // --- Phases ------------------------------------------------------------------------
    if (plan.phases.isEmpty())
        return refuse(QStringLiteral("$.phases"), tr("a plan needs at least one phase"));
    QSet<QString> phaseIds;
    QHash<QString, int> phasesPerTier;
    QSet<std::pair<QString, int>> phaseIndexes;
    for (qsizetype i = 0; i < plan.phases.size(); ++i) {
        const PlanPhase &p = plan.phases.at(i);
        const QString path = jsonPathIndex(QStringLiteral("$.phases"), i);
        if (p.phaseId.trimmed().isEmpty())
            return refuse(path + QStringLiteral(".phase_id"), tr("required field is missing"));
        if (phaseIds.contains(p.phaseId))
            return refuse(path + QStringLiteral(".phase_id"), tr("phase %1 is listed twice").arg(quoted(p.phaseId)));
        phaseIds.insert(p.phaseId);
        if (!tierPosition.contains(p.tierId))
            return refuse(path + QStringLiteral(".tier_id"), tr("unknown tier %1").arg(quoted(p.tierId)));
        if (phaseIndexes.contains({ p.tierId, p.phaseIndex }))
            return refuse(path + QStringLiteral(".phase_index"),
                          tr("phase_index %1 is used twice in tier %2").arg(p.phaseIndex).arg(p.tierId));
        phaseIndexes.insert({ p.tierId, p.phaseIndex });
        ++phasesPerTier[p.tierId];
    }
    if (plan.phases.size() > s.budget.maxPhases) {
        QList<TierStrategy> ordered = s.tiers;
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const TierStrategy &a, const TierStrategy &b) { return a.tierIndex < b.tierIndex; });
        QList<std::pair<QString, int>> sizes;
        for (const TierStrategy &t : ordered)
            sizes.append({ t.tierId, phasesPerTier.value(t.tierId) });
        return refuse(QStringLiteral("$.phases"),
                      tr("the plan has %1 phases, more than max_phases %2; %3")
                          .arg(plan.phases.size())
                          .arg(s.budget.maxPhases)
                          .arg(splitSuggestion(sizes, s.budget.maxPhases)));
    }

    int maxPhaseIndex = 0;
    for (qsizetype i = 0; i < plan.phases.size(); ++i) {
        const PlanPhase &p = plan.phases.at(i);
        const QString path = jsonPathIndex(QStringLiteral("$.phases"), i);
        PhaseStrategy ps;
        ps.phaseId = p.phaseId;
        ps.tierId = p.tierId;
        ps.phaseIndex = p.phaseIndex;
        ps.name = p.name;
        ps.description = p.description;
        ps.taskCategory = p.taskCategory;
        ps.category = rs.canonicalCategory(p.taskCategory);
        const CategoryDefaults d = Categories::defaultsFor(ps.category);
        const CategoryOverride o = rs.categoryOverrides.value(ps.category);
        ps.complexity = o.complexity.value_or(d.complexity);
        if (!p.complexity.isEmpty()) {
            const auto c = complexityFromString(p.complexity.trimmed().toLower());
            if (!c)
                return refuse(path + QStringLiteral(".complexity"),
                              tr("expected one of %1, got %2").arg(enumChoices(complexityNames()), quoted(p.complexity)));
            ps.complexity = *c;
        }
        ps.builderMode = o.builderMode.value_or(BuilderMode::Unspecified);
        if (!p.builderMode.isEmpty()) {
            const auto m = builderModeFromString(p.builderMode.trimmed().toLower());
            if (!m)
                return refuse(path + QStringLiteral(".builder_mode"),
                              tr("expected one of %1, got %2").arg(enumChoices(builderModeNames()), quoted(p.builderMode)));
            ps.builderMode = *m;
        }
        ps.maxBuilderAttempts = o.builderAttempts.value_or(d.builderAttempts);
        if (ps.builderMode == BuilderMode::TweakLight)
            ps.maxBuilderAttempts = std::min(ps.maxBuilderAttempts, 2);
        ps.maxAuditorAttempts = o.auditorAttempts.value_or(d.auditorAttempts);
        ps.incidentTokenCap = o.incidentTokenCap.value_or(d.incidentTokenCap);
        ps.ciProfile = o.ciProfile.value_or(d.ciProfile);
        ps.autoApply = o.autoApply.value_or(d.autoApply);
        ps.auditorProfile = o.auditorProfile.value_or(d.auditorProfile);
        ps.tierMinorMultiplier = o.tierMinorMultiplier.value_or(d.tierMinorMultiplier);
        ps.highRisk = rs.isHighRisk(ps.category);
        ps.protectedGlobs = o.allowProtectedPaths.value_or(false) ? QStringList() : rs.protectedGlobs;
        s.tiers[tierPosition.value(p.tierId)].phases.append(ps);
        maxPhaseIndex = std::max(maxPhaseIndex, p.phaseIndex);
    }

    std::stable_sort(s.tiers.begin(), s.tiers.end(),
                     [](const TierStrategy &a, const TierStrategy &b) { return a.tierIndex < b.tierIndex; });
    for (TierStrategy &t : s.tiers)
        std::stable_sort(t.phases.begin(), t.phases.end(),
                         [](const PhaseStrategy &a, const PhaseStrategy &b) { return a.phaseIndex < b.phaseIndex; });

    // --- Backlog: aged issues are major for this run; cleanup phases per tier -----------
    QList<BacklogEntry> aged;
    for (const BacklogEntry &e : backlog) {
        if (e.status == BacklogStatus::NeedsCleanup || (e.status == BacklogStatus::Open && e.isAged(s.aging)))
            aged.append(e);
    }
    std::sort(aged.begin(), aged.end(), [](const BacklogEntry &a, const BacklogEntry &b) { return a.issueKey < b.issueKey; });
    QMap<int, QStringList> cleanupKeysByTier; // position in s.tiers → issue keys
    for (const BacklogEntry &e : aged) {
        // The tier the issue was last seen in, when this plan has a tier of that id; else
        // the last tier with a phase of the issue's task category; else the last tier.
        int target = -1;
        for (int t = 0; t < s.tiers.size() && target < 0; ++t) {
            if (!e.lastTierId.isEmpty() && s.tiers.at(t).tierId == e.lastTierId)
                target = t;
        }
        const QString taskCategory = rs.canonicalCategory(e.taskCategory);
        for (int t = int(s.tiers.size()) - 1; t >= 0 && target < 0 && !taskCategory.isEmpty(); --t) {
            for (const PhaseStrategy &p : s.tiers.at(t).phases) {
                if (p.category == taskCategory) {
                    target = t;
                    break;
                }
            }
        }
        if (target < 0)
            target = int(s.tiers.size()) - 1;
        if (rs.debtCleanupPhases)
            cleanupKeysByTier[target] << e.issueKey;
        s.escalatedIssues.append(EscalatedIssue { e.issueKey, e.category, e.ageInRuns, e.ageInTiers, {} });
    }
    int nextIndex = maxPhaseIndex + 1;
    for (auto it = cleanupKeysByTier.constBegin(); it != cleanupKeysByTier.constEnd(); ++it) {
        TierStrategy &tier = s.tiers[it.key()];
        QString id = QStringLiteral("debt-cleanup-") + tier.tierId;
        for (int n = 2; phaseIds.contains(id); ++n)
            id = QStringLiteral("debt-cleanup-%1-%2").arg(tier.tierId).arg(n);
        phaseIds.insert(id);

        const QString category = Categories::DebtCleanup;
        const CategoryDefaults d = Categories::defaultsFor(category);
        const CategoryOverride o = rs.categoryOverrides.value(category);
        PhaseStrategy ps;
        ps.phaseId = id;
        ps.tierId = tier.tierId;
        // After every phase of the run, so it sorts last in its tier whatever the numbering.
        ps.phaseIndex = nextIndex++;
        ps.name = tr("Debt cleanup");
        ps.description = tr("Clean up aged backlog issues: %1").arg(it.value().join(QStringLiteral(", ")));
        ps.taskCategory = category;
        ps.category = category;
        ps.complexity = Complexity::Medium; // fixed by SPEC §5, whatever the overrides
        ps.builderMode = o.builderMode.value_or(BuilderMode::Unspecified);
        ps.maxBuilderAttempts = o.builderAttempts.value_or(d.builderAttempts);
        if (ps.builderMode == BuilderMode::TweakLight)
            ps.maxBuilderAttempts = std::min(ps.maxBuilderAttempts, 2);
        ps.maxAuditorAttempts = o.auditorAttempts.value_or(d.auditorAttempts);
        ps.incidentTokenCap = o.incidentTokenCap.value_or(d.incidentTokenCap);
        ps.ciProfile = o.ciProfile.value_or(d.ciProfile);
        ps.autoApply = false; // cleanup is always reviewed
        ps.auditorProfile = o.auditorProfile.value_or(d.auditorProfile);
        ps.tierMinorMultiplier = o.tierMinorMultiplier.value_or(d.tierMinorMultiplier);
        ps.highRisk = rs.isHighRisk(category);
        ps.protectedGlobs = o.allowProtectedPaths.value_or(false) ? QStringList() : rs.protectedGlobs;
        ps.debtCleanup = true;
        ps.cleanupIssueKeys = it.value();
        tier.phases.append(ps);
        for (EscalatedIssue &e : s.escalatedIssues) {
            if (ps.cleanupIssueKeys.contains(e.issueKey))
                e.cleanupPhaseId = id;
        }
        qCInfo(lcEngine) << "run" << s.runId << ": debt_cleanup phase" << id << "in tier" << tier.tierId << "for"
                         << ps.cleanupIssueKeys;
    }

    // --- Gates and budgets ---------------------------------------------------------------
    const int tokenMultiplier = rs.tierBudget.tokenCapMultiplier.value_or(DefaultTierTokenMultiplier);
    const int ciPerPhase = rs.tierBudget.ciRunsPerPhase.value_or(DefaultCiRunsPerPhase);
    // Minor tolerance is Σ of the phases' category multipliers (2.0 by default, so
    // phases × 2), halved under safety_critical (so phases × 1), rounded down.
    const double profileFactor = s.safetyProfile == SafetyProfile::SafetyCritical ? 0.5 : 1.0;
    for (TierStrategy &t : s.tiers) {
        qint64 incidentCaps = 0;
        double minorTolerance = 0;
        for (PhaseStrategy &p : t.phases) {
            p.gate = p.autoApply ? GateMode::Automatic : (s.humanGates ? GateMode::Reviewer : GateMode::Auditor);
            incidentCaps += p.incidentTokenCap;
            minorTolerance += p.tierMinorMultiplier;
        }
        t.tokenCap = tokenMultiplier * incidentCaps;
        t.ciRunCap = ciPerPhase * int(t.phases.size());
        t.maxMinorIssuesTolerated = int(std::floor(minorTolerance * profileFactor + 1e-9));
        t.maxMajorIssuesTolerated = rs.tierBudget.maxMajorIssuesTolerated.value_or(0);
    }
    s.budget.maxMinorIssuesTotal
        = s.phaseCount() * rs.runBudget.maxMinorIssuesPerPhase.value_or(DefaultMinorIssuesPerPhase);
    return s;
}

} // namespace Autopack::Engine
