#include "runtreemodel.h"

#include "modeltestutils.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Test;

class TestRunTreeModel : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        // Golden texts show local times and grouped numbers: pin both.
        qputenv("TZ", "UTC");
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void golden_data();
    void golden();
    void phaseChangeTouchesOnlyItsPath();
    void runInsertIsOneRowInsertion();
    void heldBackUntilParentArrives();
    void staleRowsAreIgnored();
    void lookupsAndRoles();
    void costFollowsUsageReports();
    void churn_data();
    void churn();
    void followsTheStore();
};

namespace {

// Project 1 "Alpha" with one run of 2 tiers × 2 phases (run 1, tiers 1-2, phases 1-4).
void seed(World &world)
{
    world.addProject(1, QStringLiteral("Alpha"));
    world.addRun(1, 2, 2);
}

// What Store::addTokens writes and emits: the report added to the phase, its tier and
// its run under one stamp, then phaseChanged, tierChanged, runChanged.
void reportUsage(World &world, StoreNotifier &notifier, qint64 phaseRowId, qint64 tokens, double usd)
{
    Phase &phase = world.phase(phaseRowId);
    Tier &tier = world.tier(phase.tierRowId);
    Run &run = world.run(phase.runRowId);
    const QDateTime stamp = world.tick();
    phase.tokensUsed += tokens;
    phase.costUsd += usd;
    phase.updatedAt = stamp;
    tier.tokensUsed += tokens;
    tier.costUsd += usd;
    tier.updatedAt = stamp;
    run.tokensUsed += tokens;
    run.costUsd += usd;
    run.updatedAt = stamp;
    Q_EMIT notifier.phaseChanged(phase);
    Q_EMIT notifier.tierChanged(tier);
    Q_EMIT notifier.runChanged(run);
}

} // namespace

void TestRunTreeModel::golden_data()
{
    QTest::addColumn<QStringList>("commands");
    QTest::addColumn<QString>("expected");

    const QString base = QStringLiteral("Alpha |  | 0/4 | 0 / 5,000,000 |  |  | \n"
                                        "  run-1 | RUN_CREATED | 0/4 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "    Tier 1 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "      Phase 1.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "    Tier 2 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                                        "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n");
    QTest::newRow("snapshot") << QStringList() << base;

    QTest::newRow("phase executes and uses tokens")
        << QStringList { QStringLiteral("phase 2 state=EXECUTING tokens=1200 minor=1") }
        << QStringLiteral("Alpha |  | 0/4 | 1,200 / 5,000,000 |  |  | \n"
                          "  run-1 | RUN_CREATED | 0/4 | 1,200 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 1 | PENDING | 0/2 | 1,200 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.2 | EXECUTING |  | 1,200 / 500,000 | 1 | 0 | 2026-01-01 09:00:02\n"
                          "    Tier 2 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n");

    QTest::newRow("gate, completion, tier and run rows")
        << QStringList { QStringLiteral("phase 1 state=COMPLETE tokens=10"),
               QStringLiteral("phase 3 state=GATE gate=1 tokens=5"), QStringLiteral("tier 1 state=IN_PROGRESS minor=2"),
               QStringLiteral("run 1 state=GATE cap=7000000 major=1") }
        << QStringLiteral("Alpha |  | 1/4 | 15 / 7,000,000 |  |  | \n"
                          "  run-1 | GATE | 1/4 | 15 / 7,000,000 | 0 | 1 | 2026-01-01 09:00:05\n"
                          "    Tier 1 | IN_PROGRESS | 1/2 | 10 / 3,000,000 | 2 | 0 | 2026-01-01 09:00:04\n"
                          "      Phase 1.1 | COMPLETE |  | 10 / 500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "      Phase 1.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 2 | PENDING | 0/2 | 5 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.1 | GATE (awaiting reviewer) |  | 5 / 500,000 | 0 | 0 | 2026-01-01 09:00:03\n"
                          "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n");

    QTest::newRow("run inserted, unknown project gets a placeholder, then arrives")
        << QStringList { QStringLiteral("insert 1 1 1"), QStringLiteral("insert 7 1 1") }
        << QStringLiteral("Alpha |  | 0/5 | 0 / 10,000,000 |  |  | \n"
                          "  run-1 | RUN_CREATED | 0/4 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 1 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 2 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "  run-2 | RUN_CREATED | 0/1 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "    Tier 1 | PENDING | 0/1 | 0 / 1,500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "Project #7 |  | 0/1 | 0 / 5,000,000 |  |  | \n"
                          "  run-3 | RUN_CREATED | 0/1 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:03\n"
                          "    Tier 1 | PENDING | 0/1 | 0 / 1,500,000 | 0 | 0 | 2026-01-01 09:00:03\n"
                          "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:03\n");

    QTest::newRow("projects sorted by id, placeholder named when it arrives")
        << QStringList { QStringLiteral("insert 7 1 1"), QStringLiteral("project 7 Gamma"),
               QStringLiteral("project 3 Beta") }
        << QString(base
               + QStringLiteral("Beta |  | 0/0 | 0 |  |  | \n"
                                "Gamma |  | 0/1 | 0 / 5,000,000 |  |  | \n"
                                "  run-2 | RUN_CREATED | 0/1 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                                "    Tier 1 | PENDING | 0/1 | 0 / 1,500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                                "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:02\n"));

    QTest::newRow("phase of an unknown tier is held back") << QStringList { QStringLiteral("orphan 99 1") } << base;

    QTest::newRow("phase_index change reorders within the tier")
        << QStringList { QStringLiteral("phase 1 index=5 state=SKIPPED") }
        << QStringLiteral("Alpha |  | 1/4 | 0 / 5,000,000 |  |  | \n"
                          "  run-1 | RUN_CREATED | 1/4 | 0 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 1 | PENDING | 1/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.1 | SKIPPED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "    Tier 2 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n");

    QTest::newRow("phase moved to another tier")
        << QStringList { QStringLiteral("phase 4 tier=1 tokens=7 state=FAILED") }
        << QStringLiteral("Alpha |  | 1/4 | 7 / 5,000,000 |  |  | \n"
                          "  run-1 | RUN_CREATED | 1/4 | 7 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "    Tier 1 | PENDING | 1/3 | 7 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 1.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.2 | FAILED |  | 7 / 500,000 | 0 | 0 | 2026-01-01 09:00:02\n"
                          "    Tier 2 | PENDING | 0/1 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:01\n"
                          "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01\n");
}

// Each scenario starts from the seeded snapshot, applies its commands through the
// notifier, and must print as expected; a model built afresh from the resulting rows
// must print the same.
void TestRunTreeModel::golden()
{
    QFETCH(QStringList, commands);
    QFETCH(QString, expected);

    FollowingModel<RunTreeModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    for (const QString &command : std::as_const(commands))
        QCOMPARE(runCommand(world, notifier, command), QString());

    QCOMPARE(dumpModel(model), expected);
    QCOMPARE(resets.count(), 0);

    RunTreeModel fresh;
    fresh.setSnapshot(world.snapshot);
    QCOMPARE(dumpModel(fresh), expected);
}

void TestRunTreeModel::phaseChangeTouchesOnlyItsPath()
{
    FollowingModel<RunTreeModel> f(seed);
    auto &[world, notifier, model, tester] = f;

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);

    // A state change to a terminal state with tokens: the phase row, then the
    // progress/tokens cells of tier, run and project.
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 3 state=COMPLETE tokens=40")), QString());
    const QModelIndex phase = model.phaseIndex(3);
    QVERIFY(phase.isValid());
    int phaseRanges = 0;
    QList<qint64> ancestors;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        QCOMPARE(topLeft.parent(), bottomRight.parent());
        QCOMPARE(topLeft.row(), bottomRight.row());
        if (topLeft.internalPointer() == phase.internalPointer()) {
            ++phaseRanges;
            QCOMPARE(topLeft.column(), 0);
            QCOMPARE(bottomRight.column(), RunTreeModel::ColumnCount - 1);
        } else {
            QCOMPARE(topLeft.column(), int(RunTreeModel::ProgressColumn));
            QCOMPARE(bottomRight.column(), int(RunTreeModel::TokensColumn));
            ancestors.append(topLeft.data(RunTreeModel::RowIdRole).toLongLong());
        }
    }
    QCOMPARE(phaseRanges, 1);
    QCOMPARE(ancestors, (QList<qint64> { 2, 1, 1 })); // tier 2, run 1, project 1
    QCOMPARE(phase.data(RunTreeModel::StateRole).toInt(), int(PhaseState::Complete));

    // A usage change that moves nothing above it: exactly one range, the phase's.
    changed.clear();
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 3 minor=2")), QString());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.phaseIndex(3, 0));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.phaseIndex(3, RunTreeModel::ColumnCount - 1));

    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(layouts.count(), 0);
}

void TestRunTreeModel::runInsertIsOneRowInsertion()
{
    FollowingModel<RunTreeModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    QCOMPARE(runCommand(world, notifier, QStringLiteral("insert 1 5 5")), QString());
    QCOMPARE(inserted.count(), 1);
    const QModelIndex project = model.projectIndex(1);
    QCOMPARE(inserted.first().at(0).value<QModelIndex>(), project);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    QCOMPARE(inserted.first().at(2).toInt(), 1);
    const QModelIndex run = model.index(1, 0, project);
    QCOMPARE(run.data().toString(), QStringLiteral("run-2"));
    QCOMPARE(model.rowCount(run), 5);
    QCOMPARE(model.rowCount(model.index(4, 0, run)), 5);
    QCOMPARE(run.data(RunTreeModel::TotalCountRole).toInt(), 25);
    QCOMPARE(project.data(RunTreeModel::TotalCountRole).toInt(), 29);
    QCOMPARE(resets.count(), 0);
}

void TestRunTreeModel::heldBackUntilParentArrives()
{
    FollowingModel<RunTreeModel> f(seed);
    auto &[world, notifier, model, tester] = f;

    // The rows of a new run arrive before the run: phases, then tiers.
    World::NewRun made = world.addRun(1, 2, 3);
    for (const Phase &phase : std::as_const(made.phases))
        Q_EMIT notifier.phaseChanged(phase);
    QCOMPARE(model.heldBackCount(), 6);
    for (const Tier &tier : std::as_const(made.tiers))
        Q_EMIT notifier.tierChanged(tier);
    QCOMPARE(model.heldBackCount(), 8);
    QCOMPARE(model.rowCount(model.projectIndex(1)), 1);
    QVERIFY(!model.phaseIndex(made.phases.first().id).isValid());

    // A later copy of a held phase replaces the earlier one.
    made.phases[0].state = PhaseState::Executing;
    Q_EMIT notifier.phaseChanged(made.phases[0]);
    QCOMPARE(model.heldBackCount(), 8);

    Q_EMIT notifier.runChanged(made.run);
    QCOMPARE(model.heldBackCount(), 0);
    const QModelIndex run = model.runIndex(made.run.id);
    QVERIFY(run.isValid());
    QCOMPARE(model.rowCount(run), 2);
    QCOMPARE(run.data(RunTreeModel::TotalCountRole).toInt(), 6);
    QCOMPARE(model.phaseIndex(made.phases[0].id).siblingAtColumn(RunTreeModel::StateColumn).data().toString(),
        QStringLiteral("EXECUTING"));
}

// A row queued before the snapshot and delivered after it must not roll the model back.
void TestRunTreeModel::staleRowsAreIgnored()
{
    World world;
    seed(world);
    const Phase before = world.phase(2);
    const Tier tierBefore = world.tier(1);
    const Run runBefore = world.run(1);
    StoreNotifier notifier;
    QCOMPARE(runCommand(world, notifier, QStringLiteral("phase 2 state=EXECUTING tokens=50")), QString());
    QCOMPARE(runCommand(world, notifier, QStringLiteral("tier 1 state=IN_PROGRESS")), QString());
    QCOMPARE(runCommand(world, notifier, QStringLiteral("run 1 state=PHASE_EXECUTION")), QString());

    RunTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setNotifier(&notifier);
    model.setSnapshot(world.snapshot);
    const QString expected = dumpModel(model);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Q_EMIT notifier.phaseChanged(before);
    Q_EMIT notifier.tierChanged(tierBefore);
    Q_EMIT notifier.runChanged(runBefore);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(dumpModel(model), expected);
    QCOMPARE(model.phaseIndex(2).data(RunTreeModel::TokensUsedRole).toLongLong(), 50);

    // The same row again (equal time) is applied: a store may write twice in one ms.
    Q_EMIT notifier.phaseChanged(world.phase(2));
    QCOMPARE(changed.count(), 1);
}

void TestRunTreeModel::lookupsAndRoles()
{
    World world;
    seed(world);
    RunTreeModel model;
    model.setSnapshot(world.snapshot);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(RunTreeModel::ColumnCount));
    QCOMPARE(
        model.headerData(RunTreeModel::TokensColumn, Qt::Horizontal).toString(), QStringLiteral("Tokens used / cap"));

    const QModelIndex phase = model.phaseIndex(4);
    QCOMPARE(phase.data(RunTreeModel::NodeKindRole).toInt(), int(RunTreeModel::NodeKind::Phase));
    QCOMPARE(phase.data(RunTreeModel::EntityKindRole).toInt(), int(EntityKind::Phase));
    QCOMPARE(phase.data(RunTreeModel::RunIdRole).toString(), QStringLiteral("run-1"));
    QCOMPARE(phase.data(RunTreeModel::TierIdRole).toString(), QStringLiteral("T2"));
    QCOMPARE(phase.data(RunTreeModel::PhaseIdRole).toString(), QStringLiteral("P2.2"));
    QCOMPARE(phase.data(RunTreeModel::ProjectIdRole).toLongLong(), 1);
    QCOMPARE(phase.data(RunTreeModel::TokenCapRole).toLongLong(), 500'000);
    QCOMPARE(phase.data(RunTreeModel::AwaitingReviewerRole).toBool(), false);
    QCOMPARE(phase.parent(), model.tierIndex(2));
    QCOMPARE(phase.parent().parent(), model.runIndex(1));
    QCOMPARE(phase.parent().parent().parent(), model.projectIndex(1));

    const QModelIndex project = model.projectIndex(1);
    QCOMPARE(project.data(RunTreeModel::NodeKindRole).toInt(), int(RunTreeModel::NodeKind::Project));
    QVERIFY(!project.data(RunTreeModel::EntityKindRole).isValid());
    QVERIFY(!project.data(RunTreeModel::StateRole).isValid());
    QCOMPARE(model.runIndex(1).data(RunTreeModel::StateRole).toInt(), int(RunState::RunCreated));
    QCOMPARE(model.tierIndex(1).data(RunTreeModel::ProgressRole).toDouble(), 0.0);
    QVERIFY(!model.phaseIndex(999).isValid());
    QVERIFY(model.roleNames().contains(RunTreeModel::ProgressRole));
}

// Cost is each row's own cost_usd, a project's the sum of its runs'; every report
// reaches the rows it changed as dataChanged, a cost-only one too.
void TestRunTreeModel::costFollowsUsageReports()
{
    FollowingModel<RunTreeModel> f(seed);
    auto &[world, notifier, model, tester] = f;
    // Each dataChanged as "kind row first-last cost", the cost read when it arrives.
    QStringList changes;
    connect(&model, &QAbstractItemModel::dataChanged, this,
        [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            changes.append(QStringLiteral("%1 %2 %3-%4 %5")
                               .arg(topLeft.data(RunTreeModel::NodeKindRole).toInt())
                               .arg(topLeft.data(RunTreeModel::RowIdRole).toLongLong())
                               .arg(topLeft.column())
                               .arg(bottomRight.column())
                               .arg(topLeft.data(RunTreeModel::CostUsdRole).toDouble()));
        });

    reportUsage(world, notifier, 2, 1200, 0.25);
    // No tokens, so nothing but the cost moves: the project must still hear of it.
    changes.clear();
    reportUsage(world, notifier, 3, 0, 0.5);
    const int project = int(RunTreeModel::NodeKind::Project);
    const int run = int(RunTreeModel::NodeKind::Run);
    const int tier = int(RunTreeModel::NodeKind::Tier);
    const int phase = int(RunTreeModel::NodeKind::Phase);
    const int last = RunTreeModel::ColumnCount - 1;
    QCOMPARE(changes,
        (QStringList { QStringLiteral("%1 3 0-%2 0.5").arg(phase).arg(last),
            QStringLiteral("%1 2 0-%2 0.5").arg(tier).arg(last), QStringLiteral("%1 1 0-%2 0.75").arg(run).arg(last),
            QStringLiteral("%1 1 %2-%3 0.75")
                .arg(project)
                .arg(int(RunTreeModel::ProgressColumn))
                .arg(int(RunTreeModel::TokensColumn)) }));

    const QString expected
        = QStringLiteral("Alpha |  | 0/4 | 1,200 / 5,000,000 |  |  |  costUsd=0.75\n"
                         "  run-1 | RUN_CREATED | 0/4 | 1,200 / 5,000,000 | 0 | 0 | 2026-01-01 09:00:03 costUsd=0.75\n"
                         "    Tier 1 | PENDING | 0/2 | 1,200 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:02 costUsd=0.25\n"
                         "      Phase 1.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01 costUsd=0\n"
                         "      Phase 1.2 | QUEUED |  | 1,200 / 500,000 | 0 | 0 | 2026-01-01 09:00:02 costUsd=0.25\n"
                         "    Tier 2 | PENDING | 0/2 | 0 / 3,000,000 | 0 | 0 | 2026-01-01 09:00:03 costUsd=0.5\n"
                         "      Phase 2.1 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:03 costUsd=0.5\n"
                         "      Phase 2.2 | QUEUED |  | 0 / 500,000 | 0 | 0 | 2026-01-01 09:00:01 costUsd=0\n");
    const QList<int> roles { RunTreeModel::CostUsdRole };
    QCOMPARE(dumpModel(model, roles), expected);
    RunTreeModel fresh;
    fresh.setSnapshot(world.snapshot);
    QCOMPARE(dumpModel(fresh, roles), expected);

    // A run that arrives with a cost and nothing else to add up (no phases, no cap)
    // still changes its project's cells.
    World::NewRun made = world.addRun(1, 0, 0);
    made.run.costUsd = 2;
    world.run(made.run.id).costUsd = 2;
    made.run.tokenCap = 0;
    world.run(made.run.id).tokenCap = 0;
    changes.clear();
    Q_EMIT notifier.runInserted(made.run, made.tiers, made.phases);
    QVERIFY2(changes.contains(QStringLiteral("%1 1 %2-%3 2.75")
                                  .arg(project)
                                  .arg(int(RunTreeModel::ProgressColumn))
                                  .arg(int(RunTreeModel::TokensColumn))),
        qPrintable(changes.join(QLatin1Char('\n'))));
    QCOMPARE(model.projectIndex(1).data(RunTreeModel::CostUsdRole).toDouble(), 2.75);
}

void TestRunTreeModel::churn_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("steps");
    QTest::newRow("seed 1") << 1u << 2500;
    QTest::newRow("seed 2") << 2u << 2500;
    QTest::newRow("seed 20261126") << 20261126u << 4000;
}

// A random stream of store changes; afterwards the model must equal one built from
// the final rows, with no reset on the way and one dataChanged range per phase row.
void TestRunTreeModel::churn()
{
    QFETCH(quint32, seed);
    QFETCH(int, steps);

    World world;
    world.addProject(1, QStringLiteral("Alpha"));
    world.addProject(2, QStringLiteral("Beta"));
    for (int i = 0; i < 20; ++i)
        world.addRun(1 + i % 2, 3, 4);
    StoreNotifier notifier;
    RunTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSnapshot(world.snapshot);
    model.setNotifier(&notifier);
    QCOMPARE(resets.count(), 1);

    // Every dataChanged of a step, as (node kind, row id, first column, last column).
    struct Range {
        int kind;
        qint64 rowId;
        int first;
        int last;
    };
    QList<Range> ranges;
    connect(&model, &QAbstractItemModel::dataChanged, this,
        [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            QCOMPARE(topLeft.parent(), bottomRight.parent());
            QCOMPARE(topLeft.row(), bottomRight.row());
            ranges.append({ topLeft.data(RunTreeModel::NodeKindRole).toInt(),
                topLeft.data(RunTreeModel::RowIdRole).toLongLong(), topLeft.column(), bottomRight.column() });
        });
    const int phaseKind = int(RunTreeModel::NodeKind::Phase);

    Churn churn(world, notifier, seed);
    int phaseChanges = 0;
    for (int i = 0; i < steps; ++i) {
        qint64 phaseId = 0;
        ranges.clear();
        const auto kind = churn.step(&phaseId);
        if (kind != Churn::Kind::PhaseState && kind != Churn::Kind::PhaseUsage)
            continue;
        ++phaseChanges;
        // One phase change: one range over its whole row, no other phase row, and at
        // most the three ancestors' progress/tokens cells.
        int own = 0;
        for (const Range &r : std::as_const(ranges)) {
            if (r.kind == phaseKind) {
                QCOMPARE(r.rowId, phaseId);
                QCOMPARE(r.first, 0);
                QCOMPARE(r.last, RunTreeModel::ColumnCount - 1);
                ++own;
            } else {
                QCOMPARE(r.first, int(RunTreeModel::ProgressColumn));
                QCOMPARE(r.last, int(RunTreeModel::TokensColumn));
            }
        }
        QCOMPARE(own, 1);
        QVERIFY(ranges.size() <= 4);
    }
    QVERIFY(phaseChanges > steps / 2);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.heldBackCount(), 0);

    RunTreeModel fresh;
    fresh.setSnapshot(world.snapshot);
    const QList<int> roles { RunTreeModel::StateRole, RunTreeModel::RowIdRole, RunTreeModel::TokensUsedRole,
        RunTreeModel::AwaitingReviewerRole, RunTreeModel::CleanlinessRole };
    const QString incremental = dumpModel(model, roles);
    QCOMPARE(incremental.count(QLatin1Char('\n')),
        world.snapshot.phases.size() + world.snapshot.tiers.size() + world.snapshot.runs.size() + fresh.rowCount());
    QCOMPARE(incremental, dumpModel(fresh, roles));

    QCOMPARE(resets.count(), 1);
}

// The real store's notifications: after createRun, transitions and token usage the
// model equals one built from the store's own snapshot, and its token sums agree with
// the run and tier rows the store keeps.
void TestRunTreeModel::followsTheStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = Store::open(dir.filePath(QStringLiteral("autopack.db")));
    QVERIFY2(opened.has_value(), opened ? "" : qPrintable(opened.error().message));
    Store &store = **opened;

    RunTreeModel model;
    const QList<int> roles { RunTreeModel::StateRole, RunTreeModel::RowIdRole, RunTreeModel::TokensUsedRole };
    StoreSnapshot final;
    QCOMPARE(followStore(model, store, dir.path(), 6, roles, final), QString());
    QCOMPARE(model.rowCount(model.projectIndex(final.projects.first().id)), 6);

    for (const Run &run : std::as_const(final.runs))
        QCOMPARE(model.runIndex(run.id).data(RunTreeModel::TokensUsedRole).toLongLong(), run.tokensUsed);
    for (const Tier &tier : std::as_const(final.tiers))
        QCOMPARE(model.tierIndex(tier.id).data(RunTreeModel::TokensUsedRole).toLongLong(), tier.tokensUsed);
    const auto gated = store.phase(QStringLiteral("run-2"), QStringLiteral("P1.1"));
    QVERIFY(gated.has_value());
    QCOMPARE(model.phaseIndex(gated->id).data(RunTreeModel::StateRole).toInt(), int(PhaseState::Gate));
    QCOMPARE(model.runIndex(gated->runRowId).data(RunTreeModel::TokensUsedRole).toLongLong(), 1002);

    // Agents' costs through Store::addTokens: each row shows what the store keeps.
    QVERIFY(store.addTokens(QStringLiteral("run-2"), QStringLiteral("P1.1"), 10, 0.25));
    QVERIFY(store.addTokens(QStringLiteral("run-2"), QStringLiteral("P1.2"), 0, 0.5));
    QVERIFY(store.addTokens(QStringLiteral("run-3"), QStringLiteral("P2.1"), 5, 0.125));
    const auto after = store.snapshot();
    QVERIFY(after.has_value());
    for (const Run &run : std::as_const(after->runs))
        QCOMPARE(model.runIndex(run.id).data(RunTreeModel::CostUsdRole).toDouble(), run.costUsd);
    for (const Tier &tier : std::as_const(after->tiers))
        QCOMPARE(model.tierIndex(tier.id).data(RunTreeModel::CostUsdRole).toDouble(), tier.costUsd);
    for (const Phase &phase : std::as_const(after->phases))
        QCOMPARE(model.phaseIndex(phase.id).data(RunTreeModel::CostUsdRole).toDouble(), phase.costUsd);
    QCOMPARE(model.phaseIndex(gated->id).data(RunTreeModel::CostUsdRole).toDouble(), 0.25);
    QCOMPARE(model.runIndex(gated->runRowId).data(RunTreeModel::CostUsdRole).toDouble(), 0.75);
    QCOMPARE(model.projectIndex(final.projects.first().id).data(RunTreeModel::CostUsdRole).toDouble(), 0.875);
    RunTreeModel fresh;
    fresh.setSnapshot(*after);
    const QList<int> withCost { RunTreeModel::RowIdRole, RunTreeModel::TokensUsedRole, RunTreeModel::CostUsdRole };
    QCOMPARE(dumpModel(model, withCost), dumpModel(fresh, withCost));
}

QTEST_GUILESS_MAIN(TestRunTreeModel)
#include "tst_runtreemodel.moc"
