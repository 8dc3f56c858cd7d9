#include "strategy.h"

#include "jsonreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

using Presence = JsonReader::Presence;
using Unknown = JsonReader::UnknownKeys;
constexpr auto Req = Presence::Required;
constexpr qint64 MaxTokens = 1'000'000'000'000;

const QStringList gateNames { QStringLiteral("automatic"), QStringLiteral("reviewer"), QStringLiteral("auditor") };

GateMode gateFromString(const QString &s)
{
    return s == gateNames.at(1) ? GateMode::Reviewer : s == gateNames.at(2) ? GateMode::Auditor : GateMode::Automatic;
}

QJsonObject phaseToJson(const PhaseStrategy &p)
{
    return QJsonObject {
        { "phase_id", p.phaseId },
        { "tier_id", p.tierId },
        { "phase_index", p.phaseIndex },
        { "name", p.name },
        { "description", p.description },
        { "task_category", p.taskCategory },
        { "category", p.category },
        { "complexity", toString(p.complexity) },
        { "builder_mode", toString(p.builderMode) },
        { "max_builder_attempts", p.maxBuilderAttempts },
        { "max_auditor_attempts", p.maxAuditorAttempts },
        { "incident_token_cap", p.incidentTokenCap },
        { "ci_profile", toString(p.ciProfile) },
        { "auto_apply", p.autoApply },
        { "auditor_profile", p.auditorProfile.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(p.auditorProfile) },
        { "tier_minor_multiplier", p.tierMinorMultiplier },
        { "high_risk", p.highRisk },
        { "gate", toString(p.gate) },
        { "protected_globs", QJsonArray::fromStringList(p.protectedGlobs) },
        { "debt_cleanup", p.debtCleanup },
        { "cleanup_issue_keys", QJsonArray::fromStringList(p.cleanupIssueKeys) },
    };
}

void readPhase(JsonReader &r, PhaseStrategy &p)
{
    r.string("phase_id", p.phaseId, Req);
    r.string("tier_id", p.tierId, Req);
    r.integer("phase_index", p.phaseIndex, 0, 1'000'000'000, Req);
    r.string("name", p.name, Req, true);
    r.string("description", p.description, Req, true);
    r.string("task_category", p.taskCategory, Req, true);
    r.string("category", p.category, Req, true);
    r.enumeration("complexity", p.complexity, complexityNames(), [](const QString &s) { return *complexityFromString(s); },
                  Req);
    r.enumeration("builder_mode", p.builderMode, builderModeNames() << QString(),
                  [](const QString &s) { return *builderModeFromString(s); }, Req);
    r.integer("max_builder_attempts", p.maxBuilderAttempts, 1, 20, Req);
    r.integer("max_auditor_attempts", p.maxAuditorAttempts, 0, 20, Req);
    r.integer("incident_token_cap", p.incidentTokenCap, 1, MaxTokens, Req);
    r.enumeration("ci_profile", p.ciProfile, ciProfileNames(), [](const QString &s) { return *ciProfileFromString(s); },
                  Req);
    r.boolean("auto_apply", p.autoApply);
    std::optional<QString> auditorProfile;
    r.stringOrNull("auditor_profile", auditorProfile);
    p.auditorProfile = auditorProfile.value_or(QString());
    double multiplier = -1;
    r.number("tier_minor_multiplier", multiplier, 0.0, 100.0);
    if (r.ok() && multiplier < 0)
        r.fail(QStringLiteral("tier_minor_multiplier"), tr("required field is missing"));
    p.tierMinorMultiplier = multiplier;
    r.boolean("high_risk", p.highRisk);
    r.enumeration("gate", p.gate, gateNames, gateFromString, Req);
    r.stringList("protected_globs", p.protectedGlobs);
    r.boolean("debt_cleanup", p.debtCleanup);
    r.stringList("cleanup_issue_keys", p.cleanupIssueKeys);
}

} // namespace

QJsonObject PhaseStrategy::toJson() const
{
    return phaseToJson(*this);
}

QJsonObject Strategy::sliceJson(const QString &phaseId) const
{
    const PhaseStrategy *p = phase(phaseId);
    const TierStrategy *t = p ? tier(p->tierId) : nullptr;
    if (!p || !t)
        return {};
    QStringList escalated;
    for (const EscalatedIssue &e : escalatedIssues)
        escalated << e.issueKey;
    return QJsonObject {
        { "run_id", runId },
        { "safety_profile", toString(safetyProfile) },
        { "human_gates", humanGates },
        { "phase", p->toJson() },
        { "tier_budgets",
          QJsonObject {
              { "token_cap", t->tokenCap },
              { "ci_run_cap", t->ciRunCap },
              { "max_minor_issues_tolerated", t->maxMinorIssuesTolerated },
              { "max_major_issues_tolerated", t->maxMajorIssuesTolerated },
          } },
        { "escalated_issue_keys", QJsonArray::fromStringList(escalated) },
    };
}

QString toString(GateMode mode)
{
    switch (mode) {
    case GateMode::Automatic:
        return gateNames.at(0);
    case GateMode::Reviewer:
        return gateNames.at(1);
    case GateMode::Auditor:
        return gateNames.at(2);
    }
    return {};
}

const TierStrategy *Strategy::tier(const QString &tierId) const
{
    for (const TierStrategy &t : tiers) {
        if (t.tierId == tierId)
            return &t;
    }
    return nullptr;
}

const PhaseStrategy *Strategy::phase(const QString &phaseId) const
{
    for (const TierStrategy &t : tiers) {
        for (const PhaseStrategy &p : t.phases) {
            if (p.phaseId == phaseId)
                return &p;
        }
    }
    return nullptr;
}

const TierStrategy *Strategy::tierOfPhase(const QString &phaseId) const
{
    const PhaseStrategy *p = phase(phaseId);
    return p ? tier(p->tierId) : nullptr;
}

int Strategy::phaseCount() const
{
    int n = 0;
    for (const TierStrategy &t : tiers)
        n += int(t.phases.size());
    return n;
}

QStringList Strategy::phaseOrder() const
{
    QStringList order;
    for (const TierStrategy &t : tiers) {
        for (const PhaseStrategy &p : t.phases)
            order << p.phaseId;
    }
    return order;
}

bool Strategy::isEscalated(const QString &issueKey) const
{
    for (const EscalatedIssue &e : escalatedIssues) {
        if (e.issueKey == issueKey)
            return true;
    }
    return false;
}

QJsonObject Strategy::toJson() const
{
    QJsonArray tierArray;
    for (const TierStrategy &t : tiers) {
        QJsonArray phaseArray;
        for (const PhaseStrategy &p : t.phases)
            phaseArray.append(phaseToJson(p));
        tierArray.append(QJsonObject {
            { "tier_id", t.tierId },
            { "tier_index", t.tierIndex },
            { "name", t.name },
            { "description", t.description },
            { "budgets",
              QJsonObject {
                  { "token_cap", t.tokenCap },
                  { "ci_run_cap", t.ciRunCap },
                  { "max_minor_issues_tolerated", t.maxMinorIssuesTolerated },
                  { "max_major_issues_tolerated", t.maxMajorIssuesTolerated },
              } },
            { "phases", phaseArray },
        });
    }
    QJsonArray escalated;
    for (const EscalatedIssue &e : escalatedIssues) {
        escalated.append(QJsonObject {
            { "issue_key", e.issueKey },
            { "category", e.category },
            { "age_in_runs", e.ageInRuns },
            { "age_in_tiers", e.ageInTiers },
            { "cleanup_phase_id", e.cleanupPhaseId },
        });
    }
    return QJsonObject {
        { "format_version", FormatVersion },
        { "run_id", runId },
        { "safety_profile", toString(safetyProfile) },
        { "run_scope", toString(runScope) },
        { "human_gates", humanGates },
        { "auto_promotion", autoPromotion },
        { "aging", QJsonObject { { "runs", aging.runs }, { "tiers", aging.tiers } } },
        { "high_risk_categories", QJsonArray::fromStringList(highRiskCategories) },
        { "budgets",
          QJsonObject {
              { "token_cap", budget.tokenCap },
              { "max_phases", budget.maxPhases },
              { "max_duration_minutes", budget.maxDurationMinutes },
              { "max_minor_issues_total", budget.maxMinorIssuesTotal },
          } },
        { "tiers", tierArray },
        { "escalated_issues", escalated },
    };
}

QByteArray Strategy::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

FieldResult<Strategy> Strategy::fromJson(const QByteArray &json)
{
    auto object = parseJsonObject(json);
    if (!object)
        return std::unexpected(object.error());
    return fromJson(*object);
}

FieldResult<Strategy> Strategy::fromJson(const QJsonObject &object)
{
    Strategy s;
    JsonReader r(object, QStringLiteral("$"));
    int version = 0;
    r.integer("format_version", version, FormatVersion, FormatVersion, Req);
    r.string("run_id", s.runId, Req);
    r.enumeration("safety_profile", s.safetyProfile, safetyProfileNames(),
                  [](const QString &v) { return *safetyProfileFromString(v); }, Req);
    r.enumeration("run_scope", s.runScope, QStringList { toString(RunScope::MultiTier), toString(RunScope::SingleTier) },
                  [](const QString &v) { return *runScopeFromString(v); }, Req);
    r.boolean("human_gates", s.humanGates);
    r.boolean("auto_promotion", s.autoPromotion);
    r.object(
        "aging",
        [&](JsonReader &a) {
            a.integer("runs", s.aging.runs, 1, 1000, Req);
            a.integer("tiers", s.aging.tiers, 1, 1000, Req);
        },
        Req);
    r.stringList("high_risk_categories", s.highRiskCategories);
    r.object(
        "budgets",
        [&](JsonReader &b) {
            b.integer("token_cap", s.budget.tokenCap, 1, MaxTokens, Req);
            b.integer("max_phases", s.budget.maxPhases, 1, 1000, Req);
            b.integer("max_duration_minutes", s.budget.maxDurationMinutes, 1, 7 * 24 * 60, Req);
            b.integer("max_minor_issues_total", s.budget.maxMinorIssuesTotal, 0, 1'000'000, Req);
        },
        Req);
    r.array(
        "tiers", Unknown::Refuse,
        [&](qsizetype, JsonReader &t) {
            TierStrategy tier;
            t.string("tier_id", tier.tierId, Req);
            t.integer("tier_index", tier.tierIndex, 0, 1'000'000'000, Req);
            t.string("name", tier.name, Req, true);
            t.string("description", tier.description, Req, true);
            t.object(
                "budgets",
                [&](JsonReader &b) {
                    b.integer("token_cap", tier.tokenCap, 0, MaxTokens * 1000, Req);
                    b.integer("ci_run_cap", tier.ciRunCap, 0, 1'000'000, Req);
                    b.integer("max_minor_issues_tolerated", tier.maxMinorIssuesTolerated, 0, 1'000'000, Req);
                    b.integer("max_major_issues_tolerated", tier.maxMajorIssuesTolerated, 0, 1'000'000, Req);
                },
                Req);
            t.array(
                "phases", Unknown::Refuse,
                [&](qsizetype, JsonReader &p) {
                    PhaseStrategy phase;
                    readPhase(p, phase);
                    if (p.ok() && phase.tierId != tier.tierId)
                        p.fail(QStringLiteral("tier_id"),
                               tr("the phase is listed under tier %1 but names tier %2").arg(tier.tierId, phase.tierId));
                    tier.phases.append(phase);
                },
                Req);
            s.tiers.append(tier);
        },
        Req);
    r.array("escalated_issues", Unknown::Refuse, [&](qsizetype, JsonReader &e) {
        EscalatedIssue issue;
        e.string("issue_key", issue.issueKey, Req);
        e.string("category", issue.category, Req, true);
        e.integer("age_in_runs", issue.ageInRuns, 0, 1'000'000, Req);
        e.integer("age_in_tiers", issue.ageInTiers, 0, 1'000'000, Req);
        e.string("cleanup_phase_id", issue.cleanupPhaseId, Req, true);
        s.escalatedIssues.append(issue);
    });
    r.finish();
    if (!r.ok())
        return std::unexpected(*r.error());
    return s;
}

} // namespace Autopack::Engine
