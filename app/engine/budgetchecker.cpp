#include "budgetchecker.h"

#include "enginelog.h"

#include <QCoreApplication>
#include <QHash>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

QString unitOf(BudgetCap cap)
{
    switch (cap) {
    case BudgetCap::PhaseIncidentTokens:
    case BudgetCap::TierTokens:
    case BudgetCap::RunTokens:
        return tr("tokens");
    case BudgetCap::PhaseBuilderAttempts:
        return tr("builder attempts");
    case BudgetCap::PhaseAuditorAttempts:
        return tr("auditor attempts");
    case BudgetCap::TierCiRuns:
        return tr("CI runs");
    case BudgetCap::TierMinorIssues:
    case BudgetCap::RunMinorIssues:
        return tr("distinct minor issues");
    case BudgetCap::TierMajorIssues:
        return tr("distinct major issues");
    case BudgetCap::RunDuration:
        break;
    }
    return {};
}

QString formatDuration(qint64 seconds)
{
    return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

BudgetBreach breach(BudgetLevel level, BudgetCap cap, const QString &entityId, qint64 used, qint64 limit,
                    BudgetConsequence consequence)
{
    QString figures;
    if (cap == BudgetCap::RunDuration)
        figures = tr("%1 elapsed, cap %2 min").arg(formatDuration(used)).arg(limit / 60);
    else
        figures = tr("%1 %2 used, cap %3").arg(used).arg(unitOf(cap)).arg(limit);
    const QString reason
        = tr("%1 %2 %3 exceeded: %4").arg(toString(level), entityId, capName(cap), figures);
    return BudgetBreach { level, cap, entityId, used, limit, consequence, reason };
}

} // namespace

QString toString(BudgetLevel level)
{
    switch (level) {
    case BudgetLevel::Phase:
        return QStringLiteral("phase");
    case BudgetLevel::Tier:
        return QStringLiteral("tier");
    case BudgetLevel::Run:
        return QStringLiteral("run");
    }
    return {};
}

QString capName(BudgetCap cap)
{
    switch (cap) {
    case BudgetCap::PhaseIncidentTokens:
        return QStringLiteral("incident_token_cap");
    case BudgetCap::PhaseBuilderAttempts:
        return QStringLiteral("max_builder_attempts");
    case BudgetCap::PhaseAuditorAttempts:
        return QStringLiteral("max_auditor_attempts");
    case BudgetCap::TierTokens:
    case BudgetCap::RunTokens:
        return QStringLiteral("token_cap");
    case BudgetCap::TierCiRuns:
        return QStringLiteral("ci_run_cap");
    case BudgetCap::TierMinorIssues:
        return QStringLiteral("max_minor_issues_tolerated");
    case BudgetCap::TierMajorIssues:
        return QStringLiteral("max_major_issues_tolerated");
    case BudgetCap::RunDuration:
        return QStringLiteral("max_duration_minutes");
    case BudgetCap::RunMinorIssues:
        return QStringLiteral("max_minor_issues_total");
    }
    return {};
}

RunUsage RunUsage::fromRows(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases,
                            const QDateTime &now)
{
    RunUsage u;
    u.tokensUsed = run.tokensUsed;
    u.minorIssues = run.minorIssues;
    if (run.startedAt.isValid()) {
        const QDateTime end = run.completedAt.isValid() ? run.completedAt : now;
        u.elapsed = std::chrono::seconds(std::max<qint64>(0, run.startedAt.secsTo(end)));
    }
    for (const Tier &t : tiers)
        u.tiers.append(TierUsage { t.tierId, t.tokensUsed, t.ciRunsUsed, t.minorIssues, t.majorIssues });
    for (const Phase &p : phases) {
        u.phases.append(PhaseUsage { p.phaseId, p.tokensUsed, p.builderAttempts, p.auditorAttempts });
        if (u.currentPhaseId.isEmpty()
            && (p.state == PhaseState::Executing || p.state == PhaseState::Gate || p.state == PhaseState::CiRunning))
            u.currentPhaseId = p.phaseId;
    }
    return u;
}

BudgetChecker::BudgetChecker(Strategy strategy)
    : m_strategy(std::move(strategy))
{
}

BudgetVerdict BudgetChecker::check(const RunUsage &usage) const
{
    const Strategy &s = m_strategy;
    BudgetVerdict v;
    QHash<QString, PhaseUsage> phaseUsage;
    for (const PhaseUsage &p : usage.phases)
        phaseUsage.insert(p.phaseId, p);
    QHash<QString, TierUsage> tierUsage;
    for (const TierUsage &t : usage.tiers)
        tierUsage.insert(t.tierId, t);

    auto add = [&](BudgetBreach b) { v.breaches.append(std::move(b)); };

    // Phase caps, in execution order.
    for (const TierStrategy &t : s.tiers) {
        for (const PhaseStrategy &p : t.phases) {
            const PhaseUsage u = phaseUsage.value(p.phaseId);
            const qsizetype before = v.breaches.size();
            if (u.tokensUsed > p.incidentTokenCap)
                add(breach(BudgetLevel::Phase, BudgetCap::PhaseIncidentTokens, p.phaseId, u.tokensUsed,
                           p.incidentTokenCap, BudgetConsequence::PhaseFailed));
            if (u.builderAttempts > p.maxBuilderAttempts)
                add(breach(BudgetLevel::Phase, BudgetCap::PhaseBuilderAttempts, p.phaseId, u.builderAttempts,
                           p.maxBuilderAttempts, BudgetConsequence::PhaseFailed));
            if (u.auditorAttempts > p.maxAuditorAttempts)
                add(breach(BudgetLevel::Phase, BudgetCap::PhaseAuditorAttempts, p.phaseId, u.auditorAttempts,
                           p.maxAuditorAttempts, BudgetConsequence::PhaseFailed));
            if (v.breaches.size() > before)
                v.failedPhases << p.phaseId;
        }
    }

    // Tier caps: not_clean, or a run failure under safety_critical.
    const BudgetConsequence tierConsequence
        = s.notCleanTierFailsRun() ? BudgetConsequence::RunFailed : BudgetConsequence::TierNotClean;
    QStringList runReasons;
    for (const TierStrategy &t : s.tiers) {
        const TierUsage u = tierUsage.value(t.tierId);
        const qsizetype before = v.breaches.size();
        if (u.tokensUsed > t.tokenCap)
            add(breach(BudgetLevel::Tier, BudgetCap::TierTokens, t.tierId, u.tokensUsed, t.tokenCap, tierConsequence));
        if (u.ciRuns > t.ciRunCap)
            add(breach(BudgetLevel::Tier, BudgetCap::TierCiRuns, t.tierId, u.ciRuns, t.ciRunCap, tierConsequence));
        if (u.minorIssues > t.maxMinorIssuesTolerated)
            add(breach(BudgetLevel::Tier, BudgetCap::TierMinorIssues, t.tierId, u.minorIssues,
                       t.maxMinorIssuesTolerated, tierConsequence));
        if (u.majorIssues > t.maxMajorIssuesTolerated)
            add(breach(BudgetLevel::Tier, BudgetCap::TierMajorIssues, t.tierId, u.majorIssues,
                       t.maxMajorIssuesTolerated, tierConsequence));
        if (v.breaches.size() > before) {
            v.notCleanTiers << t.tierId;
            if (s.notCleanTierFailsRun()) {
                for (qsizetype i = before; i < v.breaches.size(); ++i)
                    runReasons << tr("safety_critical run: %1, so tier %2 is not_clean")
                                      .arg(v.breaches.at(i).reason, t.tierId);
            }
        }
    }

    // Run caps.
    const qsizetype beforeRun = v.breaches.size();
    if (usage.tokensUsed > s.budget.tokenCap)
        add(breach(BudgetLevel::Run, BudgetCap::RunTokens, s.runId, usage.tokensUsed, s.budget.tokenCap,
                   BudgetConsequence::RunFailed));
    const qint64 maxSeconds = qint64(s.budget.maxDurationMinutes) * 60;
    if (usage.elapsed.count() > maxSeconds)
        add(breach(BudgetLevel::Run, BudgetCap::RunDuration, s.runId, usage.elapsed.count(), maxSeconds,
                   BudgetConsequence::RunFailed));
    if (usage.minorIssues > s.budget.maxMinorIssuesTotal)
        add(breach(BudgetLevel::Run, BudgetCap::RunMinorIssues, s.runId, usage.minorIssues,
                   s.budget.maxMinorIssuesTotal, BudgetConsequence::RunFailed));
    for (qsizetype i = beforeRun; i < v.breaches.size(); ++i)
        runReasons << v.breaches.at(i).reason;

    if (!runReasons.isEmpty()) {
        v.runOutcome = Autopack::RunState::DoneFailedBudgetExhausted;
        v.failureReason = runReasons.join(QStringLiteral("; "));
        if (!usage.currentPhaseId.isEmpty()) {
            if (!v.failedPhases.contains(usage.currentPhaseId))
                v.failedPhases << usage.currentPhaseId;
            const QStringList order = s.phaseOrder();
            const qsizetype current = order.indexOf(usage.currentPhaseId);
            for (qsizetype i = current + 1; current >= 0 && i < order.size(); ++i)
                v.skippedPhases << order.at(i);
        }
        qCInfo(lcEngine) << "run" << s.runId << "budget exhausted:" << v.failureReason;
    }
    return v;
}

NextAttempt BudgetChecker::nextAttempt(const QString &phaseId, int builderAttempts, int auditorAttempts) const
{
    const PhaseStrategy *p = m_strategy.phase(phaseId);
    if (!p)
        return NextAttempt::Fail;
    if (builderAttempts < p->maxBuilderAttempts)
        return NextAttempt::Builder;
    if (auditorAttempts < p->maxAuditorAttempts)
        return NextAttempt::Auditor;
    return NextAttempt::Fail;
}

} // namespace Autopack::Engine
