#pragma once

// The dollars agents reported (Run/Tier/Phase::costUsd) by row id, kept from the
// store's snapshot and its notifier, so that a view painting tokens can show the cost
// beside them without a query. Values are as stored; a row that never reported a cost
// reads 0.
//
// Order as the item models: setNotifier() first, then setSnapshot(); a change queued
// from before the snapshot is recognised by its older updatedAt and ignored.

#include "domain.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Autopack {

class StoreNotifier;
struct StoreSnapshot;

class CostIndex : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void setNotifier(StoreNotifier *notifier); // not owned; null stops following
    void setSnapshot(const StoreSnapshot &snapshot);

    double runCost(qint64 runRowId) const { return m_runs.value(runRowId).cost; }
    double tierCost(qint64 tierRowId) const { return m_tiers.value(tierRowId).cost; }
    double phaseCost(qint64 phaseRowId) const { return m_phases.value(phaseRowId).cost; }
    double projectCost(qint64 projectId) const; // the sum over its runs
    // By the kind of row (a project's id for EntityKind-less project rows: use projectCost).
    double cost(EntityKind kind, qint64 rowId) const;

private:
    struct Entry {
        double cost = 0;
        QDateTime updatedAt;
        qint64 projectId = 0; // runs only
    };
    static void keep(
        QHash<qint64, Entry> &entries, qint64 rowId, double cost, const QDateTime &updatedAt, qint64 projectId = 0);

    QPointer<StoreNotifier> m_notifier;
    QHash<qint64, Entry> m_runs;
    QHash<qint64, Entry> m_tiers;
    QHash<qint64, Entry> m_phases;
};

} // namespace Autopack
