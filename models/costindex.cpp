#include "costindex.h"

#include "storenotifier.h"

namespace Autopack {

void CostIndex::setNotifier(StoreNotifier *notifier)
{
    if (m_notifier)
        disconnect(m_notifier, nullptr, this, nullptr);
    m_notifier = notifier;
    if (!notifier)
        return;
    connect(notifier, &StoreNotifier::runInserted, this,
        [this](const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases) {
            keep(m_runs, run.id, run.costUsd, run.updatedAt, run.projectId);
            for (const Tier &tier : tiers)
                keep(m_tiers, tier.id, tier.costUsd, tier.updatedAt);
            for (const Phase &phase : phases)
                keep(m_phases, phase.id, phase.costUsd, phase.updatedAt);
        });
    connect(notifier, &StoreNotifier::runChanged, this,
        [this](const Run &run) { keep(m_runs, run.id, run.costUsd, run.updatedAt, run.projectId); });
    connect(notifier, &StoreNotifier::tierChanged, this,
        [this](const Tier &tier) { keep(m_tiers, tier.id, tier.costUsd, tier.updatedAt); });
    connect(notifier, &StoreNotifier::phaseChanged, this,
        [this](const Phase &phase) { keep(m_phases, phase.id, phase.costUsd, phase.updatedAt); });
}

void CostIndex::setSnapshot(const StoreSnapshot &snapshot)
{
    m_runs.clear();
    m_tiers.clear();
    m_phases.clear();
    for (const Run &run : snapshot.runs)
        keep(m_runs, run.id, run.costUsd, run.updatedAt, run.projectId);
    for (const Tier &tier : snapshot.tiers)
        keep(m_tiers, tier.id, tier.costUsd, tier.updatedAt);
    for (const Phase &phase : snapshot.phases)
        keep(m_phases, phase.id, phase.costUsd, phase.updatedAt);
}

void CostIndex::keep(
    QHash<qint64, Entry> &entries, qint64 rowId, double cost, const QDateTime &updatedAt, qint64 projectId)
{
    auto it = entries.find(rowId);
    if (it == entries.end()) {
        entries.insert(rowId, Entry { cost, updatedAt, projectId });
        return;
    }
    if (updatedAt.isValid() && it->updatedAt.isValid() && updatedAt < it->updatedAt)
        return; // queued from before the snapshot
    *it = Entry { cost, updatedAt, projectId ? projectId : it->projectId };
}

double CostIndex::projectCost(qint64 projectId) const
{
    double sum = 0;
    for (const Entry &run : m_runs)
        if (run.projectId == projectId)
            sum += run.cost;
    return sum;
}

double CostIndex::cost(EntityKind kind, qint64 rowId) const
{
    switch (kind) {
    case EntityKind::Run:
        return runCost(rowId);
    case EntityKind::Tier:
        return tierCost(rowId);
    case EntityKind::Phase:
        return phaseCost(rowId);
    }
    return 0;
}

} // namespace Autopack
