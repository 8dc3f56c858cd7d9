#include "phaseboardmodel.h"

#include "modeltestutils.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Test;

class TestPhaseBoardModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void golden_data();
    void golden();
    void stateChangeMovesTheCard();
    void reorderWithinColumn();
    void otherChangesAreOneDataChanged();
    void costFollowsUsageReports();
    void filterIsAReset();
    void heldBackUntilTierAndRun();
    void staleRowsAreIgnored();
    void stateOutsideTheEnumIsRefused();
    void churn_data();
    void churn();
    void followsTheStore();
};

namespace {

// Project 1 "Alpha": run-1, 2 tiers × 2 phases (phases 1-4, tiers 1-2).
// Project 2 "Beta": run-2, 1 tier × 2 phases (phases 5-6, tier 3).
void seed(World &world)
{
    world.addProject(1, QStringLiteral("Alpha"));
    world.addProject(2, QStringLiteral("Beta"));
    world.addRun(1, 2, 2);
    world.addRun(2, 1, 2);
}

const QList<int> dumpRoles { PhaseBoardModel::RunIdRole, PhaseBoardModel::TierIndexRole,
    PhaseBoardModel::TokensUsedRole, PhaseBoardModel::AwaitingReviewerRole };

QString card(const QString &name, const QString &run, int tierIndex, int tokens = 0, bool gate = false)
{
    return QStringLiteral("  %1 runId=%2 tierIndex=%3 tokensUsed=%4 awaitingReviewer=%5\n")
        .arg(name, run)
        .arg(tierIndex)
        .arg(tokens)
        .arg(gate ? QStringLiteral("true") : QStringLiteral("false"));
}

// The board as text; columns given as lists of card lines.
QString board(const QStringList &queued, const QStringList &executing = {}, const QStringList &gate = {},
    const QStringList &ci = {}, const QStringList &complete = {}, const QStringList &failed = {},
    const QStringList &skipped = {})
{
    const QStringList *columns[] = { &queued, &executing, &gate, &ci, &complete, &failed, &skipped };
    QString out;
    for (int c = 0; c < PhaseStateCount; ++c)
        out += toString(PhaseState(c)) + QLatin1Char('\n') + columns[c]->join(QString());
    return out;
}

} // namespace

void TestPhaseBoardModel::golden_data()
{
    QTest::addColumn<qint64>("projectFilter");
    QTest::addColumn<QString>("runFilter");
    QTest::addColumn<QStringList>("commands");
    QTest::addColumn<QString>("expected");

    const QString r1 = QStringLiteral("run-1"), r2 = QStringLiteral("run-2");
    QTest::newRow("snapshot, all projects")
        << qint64(0) << QString() << QStringList()
        << board({ card("Phase 1.1", r1, 0), card("Phase 1.2", r1, 0), card("Phase 2.1", r1, 1),
               card("Phase 2.2", r1, 1), card("Phase 1.1", r2, 0), card("Phase 1.2", r2, 0) });

    QTest::newRow("cards move to their state's column, in run/tier/phase order")
        << qint64(0) << QString()
        << QStringList { QStringLiteral("phase 6 state=EXECUTING tokens=9"), QStringLiteral("phase 3 state=EXECUTING"),
               QStringLiteral("phase 1 state=GATE gate=1"), QStringLiteral("phase 4 state=COMPLETE") }
        << board({ card("Phase 1.2", r1, 0), card("Phase 1.1", r2, 0) },
               { card("Phase 2.1", r1, 1), card("Phase 1.2", r2, 0, 9) }, { card("Phase 1.1", r1, 0, 0, true) }, {},
               { card("Phase 2.2", r1, 1) });

    QTest::newRow("project filter") << qint64(2) << QString()
                                    << QStringList { QStringLiteral("phase 5 state=SKIPPED"),
                                           QStringLiteral("phase 1 state=FAILED") }
                                    << board({ card("Phase 1.2", r2, 0) }, {}, {}, {}, {}, {},
                                           { card("Phase 1.1", r2, 0) });

    QTest::newRow("run filter, new run of the same project stays out")
        << qint64(0) << QStringLiteral("run-1")
        << QStringList { QStringLiteral("insert 1 1 1"), QStringLiteral("phase 2 state=CI_RUNNING") }
        << board({ card("Phase 1.1", r1, 0), card("Phase 2.1", r1, 1), card("Phase 2.2", r1, 1) }, {}, {},
               { card("Phase 1.2", r1, 0) });

    QTest::newRow("project filter takes in a new run of the project")
        << qint64(2) << QString() << QStringList { QStringLiteral("insert 2 2 1"), QStringLiteral("insert 1 1 1") }
        << board({ card("Phase 1.1", r2, 0), card("Phase 1.2", r2, 0), card("Phase 1.1", QStringLiteral("run-3"), 0),
               card("Phase 2.1", QStringLiteral("run-3"), 1) });

    QTest::newRow("phase of an unknown tier is held back")
        << qint64(0) << QString() << QStringList { QStringLiteral("orphan 77 1") }
        << board({ card("Phase 1.1", r1, 0), card("Phase 1.2", r1, 0), card("Phase 2.1", r1, 1),
               card("Phase 2.2", r1, 1), card("Phase 1.1", r2, 0), card("Phase 1.2", r2, 0) });

    QTest::newRow("tier_index change reorders its cards")
        << qint64(1) << QString() << QStringList { QStringLiteral("tier 1 index=5") }
        << board({ card("Phase 2.1", r1, 1), card("Phase 2.2", r1, 1), card("Phase 1.1", r1, 5),
               card("Phase 1.2", r1, 5) });
}

// Each scenario starts from the seeded snapshot with its filter, applies its commands
// through the notifier and must print as expected; a board built afresh from the
// resulting rows with the same filter must print the same.
void TestPhaseBoardModel::golden()
{
    QFETCH(qint64, projectFilter);
    QFETCH(QString, runFilter);
    QFETCH(QStringList, commands);
    QFETCH(QString, expected);

    World world;
    seed(world);
    StoreNotifier notifier;
    PhaseBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFilter({ projectFilter, runFilter });
    model.setSnapshot(world.snapshot);
    model.setNotifier(&notifier);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    for (const QString &command : std::as_const(commands))
        QCOMPARE(runCommand(world, notifier, command), QString());

    QCOMPARE(dumpModel(model, dumpRoles), expected);
    QCOMPARE(resets.count(), 0);

    PhaseBoardModel fresh;
    fresh.setFilter({ projectFilter, runFilter });
    fresh.setSnapshot(world.snapshot);
    QCOMPARE(dumpModel(fresh, dumpRoles), expected);
}

void TestPhaseBoardModel::stateChangeMovesTheCard()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;

    QSignalSpy aboutToMove(&model, &QAbstractItemModel::rowsAboutToBeMoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    // A persistent index on the card follows it to its new column.
    QPersistentModelIndex tracked = model.cardIndex(3);
    QCOMPARE(tracked.row(), 2);
    QCOMPARE(tracked.parent(), model.columnIndex(PhaseState::Queued));

    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 3 state=EXECUTING")), QString());
    QCOMPARE(aboutToMove.count(), 1);
    QCOMPARE(moved.count(), 1);
    const QList<QVariant> args = moved.first(); // parent, start, end, destination, row
    QCOMPARE(args.at(0).value<QModelIndex>(), model.columnIndex(PhaseState::Queued));
    QCOMPARE(args.at(1).toInt(), 2);
    QCOMPARE(args.at(2).toInt(), 2);
    QCOMPARE(args.at(3).value<QModelIndex>(), model.columnIndex(PhaseState::Executing));
    QCOMPARE(args.at(4).toInt(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.cardIndex(3));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(resets.count(), 0);

    QCOMPARE(tracked.parent(), model.columnIndex(PhaseState::Executing));
    QCOMPARE(tracked.row(), 0);
    QCOMPARE(tracked.data(PhaseBoardModel::RowIdRole).toLongLong(), 3);
    QCOMPARE(tracked.data(PhaseBoardModel::StateRole).toInt(), int(PhaseState::Executing));
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 5);
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Executing)), 1);

    // A second card lands before it (lower run/tier/phase key) in the same column.
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 1 state=EXECUTING")), QString());
    QCOMPARE(moved.count(), 2);
    QCOMPARE(moved.last().at(4).toInt(), 0);
    QCOMPARE(tracked.row(), 1);
}

void TestPhaseBoardModel::reorderWithinColumn()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);

    // phase 1 goes behind phase 2 of the same tier: a same-parent move down, where Qt
    // counts the destination before the move (row 2, not 1).
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 1 index=2")), QString());
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.first().at(1).toInt(), 0);
    QCOMPARE(moved.first().at(4).toInt(), 2);
    const QModelIndex queued = model.columnIndex(PhaseState::Queued);
    QCOMPARE(model.index(0, 0, queued).data(PhaseBoardModel::RowIdRole).toLongLong(), 2);
    QCOMPARE(model.index(1, 0, queued).data(PhaseBoardModel::RowIdRole).toLongLong(), 1);
    QCOMPARE(model.index(2, 0, queued).data(PhaseBoardModel::RowIdRole).toLongLong(), 3);

    // A key change that keeps the order is no move at all.
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 6 index=40")), QString());
    QCOMPARE(moved.count(), 1);
}

void TestPhaseBoardModel::otherChangesAreOneDataChanged()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);

    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 5 tokens=300 minor=2")), QString());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.cardIndex(5));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.cardIndex(5));
    QCOMPARE(model.cardIndex(5).data(PhaseBoardModel::TokensUsedRole).toLongLong(), 300);
    QCOMPARE(model.cardIndex(5).data(PhaseBoardModel::MinorIssuesRole).toInt(), 2);
    QCOMPARE(moved.count(), 0);

    // Run and tier rows that change nothing the board orders or filters by: no signal.
    changed.clear();
    QCOMPARE(runCommand(world, notifier, QStringLiteral("run 1 state=PHASE_EXECUTION")), QString());
    QCOMPARE(runCommand(world, notifier, QStringLiteral("tier 1 state=IN_PROGRESS")), QString());
    QCOMPARE(changed.count(), 0);
}

// A report of usage (what Store::addTokens emits: the phase, then its tier and run) is
// one dataChanged for the card, whose cost then reads as the phase row's cost_usd.
void TestPhaseBoardModel::costFollowsUsageReports()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);

    const auto report = [&](qint64 phaseRowId, qint64 tokens, double usd) {
        Phase &phase = world.phase(phaseRowId);
        Tier &tier = world.tier(phase.tierRowId);
        Run &run = world.run(phase.runRowId);
        const QDateTime stamp = world.tick();
        phase.tokensUsed += tokens;
        phase.costUsd += usd;
        phase.updatedAt = tier.updatedAt = run.updatedAt = stamp;
        tier.tokensUsed += tokens;
        tier.costUsd += usd;
        run.tokensUsed += tokens;
        run.costUsd += usd;
        Q_EMIT notifier.phaseChanged(phase);
        Q_EMIT notifier.tierChanged(tier);
        Q_EMIT notifier.runChanged(run);
    };
    report(5, 300, 0.25);
    report(5, 0, 0.5); // cost only
    report(2, 40, 0.125);
    QCOMPARE(changed.count(), 3);
    for (const QList<QVariant> &args : std::as_const(changed))
        QCOMPARE(args.at(0).value<QModelIndex>(), args.at(1).value<QModelIndex>());
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), model.cardIndex(5));
    QCOMPARE(changed.at(2).at(0).value<QModelIndex>(), model.cardIndex(2));
    QCOMPARE(moved.count(), 0);

    const QList<int> roles { PhaseBoardModel::RunIdRole, PhaseBoardModel::TokensUsedRole,
        PhaseBoardModel::CostUsdRole };
    const QString expected = QStringLiteral("QUEUED\n"
                                            "  Phase 1.1 runId=run-1 tokensUsed=0 costUsd=0\n"
                                            "  Phase 1.2 runId=run-1 tokensUsed=40 costUsd=0.125\n"
                                            "  Phase 2.1 runId=run-1 tokensUsed=0 costUsd=0\n"
                                            "  Phase 2.2 runId=run-1 tokensUsed=0 costUsd=0\n"
                                            "  Phase 1.1 runId=run-2 tokensUsed=300 costUsd=0.75\n"
                                            "  Phase 1.2 runId=run-2 tokensUsed=0 costUsd=0\n"
                                            "EXECUTING\nGATE\nCI_RUNNING\nCOMPLETE\nFAILED\nSKIPPED\n");
    QCOMPARE(dumpModel(model, roles), expected);
    PhaseBoardModel fresh;
    fresh.setSnapshot(world.snapshot);
    QCOMPARE(dumpModel(fresh, roles), expected);
}

void TestPhaseBoardModel::filterIsAReset()
{
    World world;
    seed(world);
    PhaseBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSnapshot(world.snapshot);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    QCOMPARE(model.rowCount(), PhaseStateCount);
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 6);
    model.setFilter({ 1, {} });
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 4);
    model.setFilter({ 1, QStringLiteral("run-2") }); // both must hold: nothing
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 0);
    model.setFilter({ 0, QStringLiteral("run-2") });
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 2);
    QCOMPARE(resets.count(), 3);
    model.setFilter({ 0, QStringLiteral("run-2") }); // unchanged: no reset
    QCOMPARE(resets.count(), 3);
    QCOMPARE(model.filter().runId, QStringLiteral("run-2"));
    QVERIFY(!model.cardIndex(1).isValid()); // filtered out
    QVERIFY(model.cardIndex(5).isValid());

    QCOMPARE(model.headerData(int(PhaseState::CiRunning), Qt::Vertical).toString(), QStringLiteral("CI_RUNNING"));
    QCOMPARE(model.columnIndex(PhaseState::Gate).data().toString(), QStringLiteral("GATE"));
    QCOMPARE(model.columnIndex(PhaseState::Gate).data(PhaseBoardModel::IsColumnRole).toBool(), true);
}

void TestPhaseBoardModel::heldBackUntilTierAndRun()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    const World::NewRun made = world.addRun(2, 1, 3);
    for (const Phase &phase : made.phases)
        Q_EMIT notifier.phaseChanged(phase);
    QCOMPARE(model.heldBackCount(), 3);
    Q_EMIT notifier.tierChanged(made.tiers.first());
    QCOMPARE(model.heldBackCount(), 3); // the run is still unknown
    QCOMPARE(inserted.count(), 0);
    Q_EMIT notifier.runInserted(made.run, made.tiers, made.phases);
    QCOMPARE(model.heldBackCount(), 0);
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 9);
}

// A phase row queued before the snapshot and delivered after it must not move the
// card back.
void TestPhaseBoardModel::staleRowsAreIgnored()
{
    World world;
    seed(world);
    const Phase before = world.phase(3);
    StoreNotifier notifier;
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 3 state=GATE gate=1")), QString());

    PhaseBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setNotifier(&notifier);
    model.setSnapshot(world.snapshot);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Q_EMIT notifier.phaseChanged(before);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(model.cardIndex(3).parent(), model.columnIndex(PhaseState::Gate));
}

// The state indexes the columns: a value outside PhaseState is refused with a warning
// naming the phase, and the card stays where it was.
void TestPhaseBoardModel::stateOutsideTheEnumIsRefused()
{
    FollowingModel<PhaseBoardModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    const QString before = dumpModel(model);

    Phase corrupt = world.phase(4);
    corrupt.state = PhaseState(42);
    corrupt.updatedAt = world.tick();
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("phase \"run-1\" \"P2.2\" \\(row 4 \\) has no board column: "
                                          "state value 42 is not a PhaseState")));
    Q_EMIT notifier.phaseChanged(corrupt);
    QCOMPARE(dumpModel(model), before);
}

void TestPhaseBoardModel::churn_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<qint64>("projectFilter");
    QTest::addColumn<QString>("runFilter");
    QTest::newRow("seed 1, everything") << 1u << qint64(0) << QString();
    QTest::newRow("seed 2, project 2") << 2u << qint64(2) << QString();
    QTest::newRow("seed 3, run-5") << 3u << qint64(0) << QStringLiteral("run-5");
    QTest::newRow("seed 20261126, everything") << 20261126u << qint64(0) << QString();
}

// A random stream of store changes; afterwards the board must equal one built from
// the final rows with the same filter, with no reset on the way; each phase state
// change is at most one move and one dataChanged.
void TestPhaseBoardModel::churn()
{
    QFETCH(quint32, seed);
    QFETCH(qint64, projectFilter);
    QFETCH(QString, runFilter);

    World world;
    world.addProject(1, QStringLiteral("Alpha"));
    world.addProject(2, QStringLiteral("Beta"));
    for (int i = 0; i < 20; ++i)
        world.addRun(1 + i % 2, 3, 4);
    StoreNotifier notifier;
    PhaseBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFilter({ projectFilter, runFilter });
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSnapshot(world.snapshot);
    model.setNotifier(&notifier);
    QCOMPARE(resets.count(), 1);

    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    Churn churn(world, notifier, seed);
    int moves = 0;
    for (int i = 0; i < 4000; ++i) {
        moved.clear();
        changed.clear();
        inserted.clear();
        removed.clear();
        qint64 phaseId = 0;
        const auto kind = churn.step(&phaseId);
        if (kind == Churn::Kind::PhaseState || kind == Churn::Kind::PhaseUsage) {
            QVERIFY(moved.count() <= 1);
            QVERIFY(changed.count() <= 1);
            QCOMPARE(inserted.count(), 0);
            QCOMPARE(removed.count(), 0);
            const QModelIndex card = model.cardIndex(phaseId);
            if (card.isValid()) {
                QCOMPARE(changed.count(), 1);
                QCOMPARE(changed.first().at(0).value<QModelIndex>(), card);
            } else {
                QCOMPARE(changed.count(), 0);
            }
            moves += int(moved.count());
        }
    }
    QVERIFY(moves > 0 || !runFilter.isEmpty());
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.heldBackCount(), 0);

    PhaseBoardModel fresh;
    fresh.setFilter({ projectFilter, runFilter });
    fresh.setSnapshot(world.snapshot);
    const QList<int> roles { PhaseBoardModel::RowIdRole, PhaseBoardModel::RunIdRole, PhaseBoardModel::TierIndexRole,
        PhaseBoardModel::PhaseIndexRole, PhaseBoardModel::TokensUsedRole, PhaseBoardModel::MinorIssuesRole,
        PhaseBoardModel::BuilderAttemptsRole, PhaseBoardModel::AwaitingReviewerRole, PhaseBoardModel::ProjectIdRole };
    QCOMPARE(dumpModel(model, roles), dumpModel(fresh, roles));

    // The unfiltered board shows every phase exactly once.
    if (projectFilter == 0 && runFilter.isEmpty()) {
        int cards = 0;
        for (int c = 0; c < PhaseStateCount; ++c)
            cards += model.rowCount(model.columnIndex(PhaseState(c)));
        QCOMPARE(cards, world.snapshot.phases.size());
    }
}

// The real store's notifications: after createRun and transitions the board equals
// one built from the store's own snapshot, and the gated phases sit in GATE.
void TestPhaseBoardModel::followsTheStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = Store::open(dir.filePath(QStringLiteral("autopack.db")));
    QVERIFY2(opened.has_value(), opened ? "" : qPrintable(opened.error().message));
    Store &store = **opened;

    PhaseBoardModel model;
    const QList<int> roles { PhaseBoardModel::RowIdRole, PhaseBoardModel::RunIdRole, PhaseBoardModel::TokensUsedRole };
    StoreSnapshot final;
    QCOMPARE(followStore(model, store, dir.path(), 6, roles, final), QString());
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Queued)), 6 * 6 - 3);
    QCOMPARE(model.rowCount(model.columnIndex(PhaseState::Gate)), 3);
    QCOMPARE(model.index(0, 0, model.columnIndex(PhaseState::Gate)).data(PhaseBoardModel::RunIdRole).toString(),
        QStringLiteral("run-0"));

    // Agents' costs through Store::addTokens, on the cards as the store keeps them.
    QVERIFY(store.addTokens(QStringLiteral("run-2"), QStringLiteral("P1.1"), 10, 0.25));
    QVERIFY(store.addTokens(QStringLiteral("run-2"), QStringLiteral("P1.1"), 0, 0.5));
    const auto after = store.snapshot();
    QVERIFY(after.has_value());
    for (const Phase &phase : std::as_const(after->phases))
        QCOMPARE(model.cardIndex(phase.id).data(PhaseBoardModel::CostUsdRole).toDouble(), phase.costUsd);
    const auto gated = store.phase(QStringLiteral("run-2"), QStringLiteral("P1.1"));
    QVERIFY(gated.has_value());
    QCOMPARE(model.cardIndex(gated->id).data(PhaseBoardModel::CostUsdRole).toDouble(), 0.75);
    PhaseBoardModel fresh;
    fresh.setSnapshot(*after);
    const QList<int> withCost { PhaseBoardModel::RowIdRole, PhaseBoardModel::CostUsdRole };
    QCOMPARE(dumpModel(model, withCost), dumpModel(fresh, withCost));
}

QTEST_GUILESS_MAIN(TestPhaseBoardModel)
#include "tst_phaseboardmodel.moc"
