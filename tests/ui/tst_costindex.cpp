// CostIndex over a real Store: costs from the snapshot, then from the notifier as
// agents report them, a change queued from before the snapshot ignored.

#include "costindex.h"
#include "uitestfixture.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::UiTest;

class TestCostIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsSnapshotAndNotifier()
    {
        Fixture f;
        QCOMPARE(f.error, QString());
        QCOMPARE(f.createRun(QStringLiteral("r1")), QString());
        QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 1000, 0.25));

        CostIndex costs;
        costs.setNotifier(f.store->notifier());
        costs.setSnapshot(*f.store->snapshot());
        const auto phase = f.store->phase(QStringLiteral("r1"), QStringLiteral("P1.1"));
        const auto tier = f.store->tier(QStringLiteral("r1"), QStringLiteral("T1"));
        const auto run = f.store->run(QStringLiteral("r1"));
        QVERIFY(phase && tier && run);
        QCOMPARE(costs.phaseCost(phase->id), 0.25);
        QCOMPARE(costs.tierCost(tier->id), 0.25);
        QCOMPARE(costs.runCost(run->id), 0.25);
        QCOMPARE(costs.projectCost(f.projectId), 0.25);

        QVERIFY(f.store->addTokens(QStringLiteral("r1"), QStringLiteral("P1.1"), 10, 0.5));
        QCOMPARE(costs.phaseCost(phase->id), 0.75);
        QCOMPARE(costs.cost(EntityKind::Run, run->id), 0.75);

        // What a queued signal from before the snapshot would carry: older, ignored.
        Phase stale = *phase;
        stale.costUsd = 0.1;
        stale.updatedAt = phase->updatedAt.addSecs(-60);
        Q_EMIT f.store->notifier()->phaseChanged(stale);
        QCOMPARE(costs.phaseCost(phase->id), 0.75);

        QCOMPARE(costs.phaseCost(999), 0.0); // unknown: nothing reported
    }
};

QTEST_GUILESS_MAIN(TestCostIndex)
#include "tst_costindex.moc"
