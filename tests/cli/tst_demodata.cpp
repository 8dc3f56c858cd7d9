#include "demodata.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Cli;

class TestDemoData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyRunStateWithGatesAndIssues()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("demo.db")));
        QVERIFY(store.has_value());
        const auto summary = fillDemoData(**store);
        QVERIFY2(summary.has_value(), qPrintable(summary ? QString() : summary.error().message));
        QVERIFY(!summary->skipped);

        const auto runs = (*store)->runs();
        QSet<RunState> states;
        for (const Run &r : *runs)
            states.insert(r.state);
        QCOMPARE(states.size(), RunStateCount);
        QCOMPARE(summary->runs, int(runs->size()));

        const auto snapshot = (*store)->snapshot();
        int waiting = 0;
        for (const Phase &p : snapshot->phases)
            waiting += p.state == PhaseState::Gate && p.awaitingReviewer;
        QVERIFY(waiting >= 2);
        QCOMPARE(summary->phases, int(snapshot->phases.size()));

        // Terminal runs have no phase left in a live state.
        for (const Run &r : *runs) {
            if (!isTerminal(r.state))
                continue;
            // Held in a variable: a range-for over a member of a temporary reads freed memory.
            const auto phases = (*store)->phases(r.runId);
            QVERIFY(phases.has_value());
            for (const Phase &p : *phases)
                QVERIFY2(isTerminal(p.state), qPrintable(r.runId + QLatin1Char(' ') + p.phaseId));
            if (r.state != RunState::DoneSuccess)
                QVERIFY(!r.failureReason.isEmpty());
        }

        int issues = 0;
        for (const Run &r : *runs)
            issues += int((*store)->runIssues(r.runId)->size());
        QVERIFY(issues >= 3);
        QCOMPARE(summary->events, int((*store)->events(0, 100000)->size()));
    }

    void leavesAnExistingDatabaseAlone()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("demo.db")));
        QVERIFY(fillDemoData(**store).has_value());
        const auto before = (*store)->events(0, 100000)->size();
        const auto again = fillDemoData(**store);
        QVERIFY(again.has_value());
        QVERIFY(again->skipped);
        QCOMPARE((*store)->events(0, 100000)->size(), before);
    }
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
