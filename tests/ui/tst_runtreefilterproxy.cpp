// RunTreeFilterProxy over a RunTreeModel built from a real Store: what the filter
// text matches, that ancestors of matches stay, and numeric sorting.

#include "runtreefilterproxy.h"
#include "runtreemodel.h"
#include "uitestfixture.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Autopack;
using namespace Autopack::UiTest;

class TestRunTreeFilterProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void sortsNumbersAsNumbers();
    void followsLiveChanges();
};

namespace {

// Phase ids shown, as "run/phase", in tree order.
QStringList shownPhases(const QAbstractItemModel &m, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (RunTreeModel::NodeKind(i.data(RunTreeModel::NodeKindRole).toInt()) == RunTreeModel::NodeKind::Phase)
            out << i.data(RunTreeModel::RunIdRole).toString() + QLatin1Char('/')
                    + i.data(RunTreeModel::PhaseIdRole).toString();
        out += shownPhases(m, i);
    }
    return out;
}

} // namespace

void TestRunTreeFilterProxy::matches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("phases");
    QTest::addColumn<int>("runs");
    const QStringList all { "a/P1.1", "a/P1.2", "a/P2.1", "a/P2.2", "b/P1.1", "b/P1.2", "b/P2.1", "b/P2.2" };
    QTest::newRow("empty shows all") << QString() << all << 2;
    QTest::newRow("phase id") << "p2.1" << QStringList { "a/P2.1", "b/P2.1" } << 2;
    QTest::newRow("name") << "Phase 2 of tier 1" << QStringList { "a/P1.2", "b/P1.2" } << 2;
    QTest::newRow("state") << "executing" << QStringList { "b/P1.1" } << 1;
    QTest::newRow("category") << "schema" << QStringList { "a/P1.2", "a/P2.2", "b/P1.2", "b/P2.2" } << 2;
    QTest::newRow("run id keeps the run, not its children") << "b" << QStringList {} << 1;
    QTest::newRow("no match") << "zzz" << QStringList {} << 0;
}

void TestRunTreeFilterProxy::matches()
{
    QFETCH(QString, text);
    QFETCH(QStringList, phases);
    QFETCH(int, runs);
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("a")), QString());
    QCOMPARE(f.createRun(QStringLiteral("b")), QString());
    TransitionContext more;
    more.morePhases = true;
    QVERIFY(
        f.store->transitionRun(QStringLiteral("b"), RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("q")));
    QVERIFY(f.store->transitionRun(
        QStringLiteral("b"), RunState::PhaseExecution, Actor::Supervisor, QStringLiteral("s"), more));
    QVERIFY(f.store->transitionPhase(
        QStringLiteral("b"), QStringLiteral("P1.1"), PhaseState::Executing, Actor::Builder, QStringLiteral("claimed")));
    RunTreeModel model;
    model.setSnapshot(*f.store->snapshot());
    Ui::RunTreeFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    // Categories as the window reads them; here straight from the store.
    Store *store = f.store.get();
    proxy.setCategoryLookup([store, &model](qint64 phaseRow) {
        const QModelIndex i = model.phaseIndex(phaseRow);
        const auto phase
            = store->phase(i.data(RunTreeModel::RunIdRole).toString(), i.data(RunTreeModel::PhaseIdRole).toString());
        return phase ? phase->taskCategory : QString();
    });
    proxy.setFilterText(text);
    // "b" matches run b by id; its phases do not contain "b" in id, name, state or category.
    QCOMPARE(shownPhases(proxy), phases);
    const QModelIndex project = proxy.index(0, 0);
    QCOMPARE(proxy.rowCount(project), runs);
    if (runs > 0)
        QCOMPARE(project.data().toString(), QStringLiteral("webshop"));
}

void TestRunTreeFilterProxy::sortsNumbersAsNumbers()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r"), 1, 3), QString());
    TransitionContext more;
    more.morePhases = true;
    QVERIFY(
        f.store->transitionRun(QStringLiteral("r"), RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("q")));
    QVERIFY(f.store->transitionRun(
        QStringLiteral("r"), RunState::PhaseExecution, Actor::Supervisor, QStringLiteral("s"), more));
    QVERIFY(f.store->transitionPhase(
        QStringLiteral("r"), QStringLiteral("P1.1"), PhaseState::Executing, Actor::Builder, QStringLiteral("c")));
    // As text "9" > "10000" > "200"; as numbers 9 < 200 < 10000.
    QVERIFY(f.store->addTokens(QStringLiteral("r"), QStringLiteral("P1.1"), 10000));
    QVERIFY(f.store->addTokens(QStringLiteral("r"), QStringLiteral("P1.2"), 9));
    QVERIFY(f.store->addTokens(QStringLiteral("r"), QStringLiteral("P1.3"), 200));
    RunTreeModel model;
    model.setSnapshot(*f.store->snapshot());
    Ui::RunTreeFilterProxy proxy;
    proxy.setSourceModel(&model);
    const QModelIndex tier = proxy.index(0, 0, proxy.index(0, 0, proxy.index(0, 0)));
    const auto order = [&] {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(tier); ++r)
            ids << proxy.index(r, 0, tier).data(RunTreeModel::PhaseIdRole).toString();
        return ids;
    };
    proxy.sort(RunTreeModel::TokensColumn, Qt::AscendingOrder);
    QCOMPARE(order(), (QStringList { "P1.2", "P1.3", "P1.1" }));
    proxy.sort(RunTreeModel::TokensColumn, Qt::DescendingOrder);
    QCOMPARE(order(), (QStringList { "P1.1", "P1.3", "P1.2" }));
    proxy.sort(-1);
    QCOMPARE(order(), (QStringList { "P1.1", "P1.2", "P1.3" }));
}

void TestRunTreeFilterProxy::followsLiveChanges()
{
    Fixture f;
    QCOMPARE(f.createRun(QStringLiteral("r")), QString());
    RunTreeModel model;
    model.setNotifier(f.store->notifier());
    model.setSnapshot(*f.store->snapshot());
    Ui::RunTreeFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.setFilterText(QStringLiteral("GATE"));
    QCOMPARE(proxy.rowCount(), 0);
    QCOMPARE(f.toGate(QStringLiteral("r")), QString());
    // The gated phase (and the run, itself at GATE) appear without a reset.
    QCOMPARE(shownPhases(proxy), QStringList { "r/P1.1" });
    QCOMPARE(f.createRun(QStringLiteral("s")), QString());
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
}

QTEST_MAIN(TestRunTreeFilterProxy)
#include "tst_runtreefilterproxy.moc"
