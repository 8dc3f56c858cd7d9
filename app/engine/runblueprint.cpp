#include "runblueprint.h"

namespace Autopack::Engine {

RunBlueprint RunBlueprint::fromStrategy(const Strategy &s, qint64 projectId)
{
    RunBlueprint b;
    b.run.runId = s.runId;
    b.run.projectId = projectId;
    b.run.state = RunState::RunCreated;
    b.run.safetyProfile = toString(s.safetyProfile);
    b.run.runScope = toString(s.runScope);
    b.run.tokenCap = s.budget.tokenCap;
    b.run.maxPhases = s.budget.maxPhases;
    b.run.maxDurationMinutes = s.budget.maxDurationMinutes;
    b.run.maxMinorIssuesTotal = s.budget.maxMinorIssuesTotal;
    b.run.debtStatus = s.escalatedIssues.isEmpty() ? QStringLiteral("none") : QStringLiteral("needs_cleanup");
    b.run.strategyJson = QString::fromUtf8(s.toJsonBytes());
    b.run.integrationBranch = QStringLiteral("autonomous/") + s.runId;
    for (const TierStrategy &t : s.tiers) {
        Tier tier;
        tier.runId = s.runId;
        tier.tierId = t.tierId;
        tier.tierIndex = t.tierIndex;
        tier.name = t.name;
        tier.description = t.description;
        tier.tokenCap = t.tokenCap;
        tier.ciRunCap = t.ciRunCap;
        tier.maxMinorIssuesTolerated = t.maxMinorIssuesTolerated;
        tier.maxMajorIssuesTolerated = t.maxMajorIssuesTolerated;
        b.tiers.append(tier);
        for (const PhaseStrategy &p : t.phases) {
            Phase phase;
            phase.runId = s.runId;
            phase.tierId = t.tierId;
            phase.phaseId = p.phaseId;
            phase.phaseIndex = p.phaseIndex;
            phase.name = p.name;
            phase.description = p.description;
            // As the plan wrote it: agents read back what they sent (SPEC §8).
            phase.taskCategory = p.taskCategory;
            phase.complexity = toString(p.complexity);
            phase.builderMode = toString(p.builderMode);
            phase.maxBuilderAttempts = p.maxBuilderAttempts;
            phase.maxAuditorAttempts = p.maxAuditorAttempts;
            phase.incidentTokenCap = p.incidentTokenCap;
            b.phases.append(phase);
        }
    }
    return b;
}

} // namespace Autopack::Engine
