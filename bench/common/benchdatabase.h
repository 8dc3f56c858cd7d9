#pragma once

// The 100k-phase database of bench_store and bench_window: one project and `runs` runs
// of `tiers` × `phasesPerTier` phases, each run created through Store::createRun (one
// transaction per run, as the engine creates them). Phase p of each tier takes the p-th
// of `categories` (cycling), so the board can show mixed badges.

#include "store.h"

#include <QStringList>

namespace Autopack::Bench {

struct PhaseKind {
    QString category;
    QString complexity;
};

inline StoreResult<> createBenchDatabase(const QString &path, int runs, int tiers, int phasesPerTier,
                                         const QList<PhaseKind> &kinds = { { QStringLiteral("tests"),
                                                                             QStringLiteral("low") } })
{
    auto store = Store::open(path);
    if (!store)
        return std::unexpected(store.error());
    Project project;
    project.name = QStringLiteral("bench");
    project.repoPath = QStringLiteral("/srv/bench/repo");
    project.baseBranch = QStringLiteral("main");
    auto added = (*store)->addProject(project);
    if (!added)
        return std::unexpected(added.error());

    for (int r = 0; r < runs; ++r) {
        Run run;
        run.runId = QStringLiteral("bench-run-%1").arg(r, 4, 10, QLatin1Char('0'));
        run.projectId = added->id;
        QList<Tier> tierRows;
        QList<Phase> phaseRows;
        for (int t = 0; t < tiers; ++t) {
            Tier tier;
            tier.tierId = QStringLiteral("T%1").arg(t + 1);
            tier.tierIndex = t;
            tier.name = QStringLiteral("Tier %1").arg(t + 1);
            tier.tokenCap = 3 * phasesPerTier * 300'000;
            tier.ciRunCap = 2 * phasesPerTier;
            tierRows.append(tier);
            for (int p = 0; p < phasesPerTier; ++p) {
                const PhaseKind &kind = kinds[p % kinds.size()];
                Phase phase;
                phase.tierId = tier.tierId;
                phase.phaseId = QStringLiteral("P%1.%2").arg(t + 1).arg(p + 1);
                phase.phaseIndex = p;
                phase.name = QStringLiteral("Phase %1.%2 of %3").arg(t + 1).arg(p + 1).arg(run.runId);
                phase.description = QStringLiteral("Benchmark phase");
                phase.taskCategory = kind.category;
                phase.complexity = kind.complexity;
                phase.builderMode = QStringLiteral("tweak_light");
                phase.maxBuilderAttempts = 3;
                phase.maxAuditorAttempts = 1;
                phase.incidentTokenCap = 300'000;
                phaseRows.append(phase);
            }
        }
        if (auto created = (*store)->createRun(run, tierRows, phaseRows); !created)
            return std::unexpected(created.error());
    }
    return {};
}

} // namespace Autopack::Bench
