#include "runblueprint.h"
#include "strategycompiler.h"

#include "store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

class TestRunBlueprint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsFollowStrategy();
    void storeAcceptsAndKeepsTheFrozenStrategy();
};

namespace {
Strategy compiled(const QList<BacklogEntry> &backlog = {})
{
    Plan plan;
    plan.run.runId = QStringLiteral("bp-1");
    plan.tiers = { PlanTier { "t2", 1, "Second", {} }, PlanTier { "t1", 0, "First", "base" } };
    plan.phases = {
        PlanPhase { "c", 0, "t2", "C", {}, "Docs", {}, {} },
        PlanPhase { "a", 0, "t1", "A", "schema work", "schema_change", {}, "schema_heavy" },
        PlanPhase { "b", 1, "t1", "B", {}, "tests", "medium", "tweak_light" },
    };
    auto s = StrategyCompiler {}.compile(plan, backlog);
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}
} // namespace

void TestRunBlueprint::rowsFollowStrategy()
{
    const Strategy s = compiled();
    const RunBlueprint b = RunBlueprint::fromStrategy(s, 7);
    QCOMPARE(b.run.runId, QStringLiteral("bp-1"));
    QCOMPARE(b.run.projectId, 7);
    QCOMPARE(toString(b.run.state), QStringLiteral("RUN_CREATED"));
    QCOMPARE(b.run.safetyProfile, QStringLiteral("normal"));
    QCOMPARE(b.run.runScope, QStringLiteral("multi_tier"));
    QCOMPARE(b.run.tokenCap, 5'000'000);
    QCOMPARE(b.run.maxPhases, 25);
    QCOMPARE(b.run.maxDurationMinutes, 120);
    QCOMPARE(b.run.maxMinorIssuesTotal, 9);
    QCOMPARE(b.run.integrationBranch, QStringLiteral("autonomous/bp-1"));
    QCOMPARE(b.run.debtStatus, QStringLiteral("none"));
    QVERIFY(*Strategy::fromJson(b.run.strategyJson.toUtf8()) == s);

    QCOMPARE(b.tiers.size(), 2);
    QCOMPARE(b.tiers.at(0).tierId, QStringLiteral("t1")); // execution order
    QCOMPARE(b.tiers.at(0).tokenCap, 3 * (1'000'000 + 300'000));
    QCOMPARE(b.tiers.at(0).ciRunCap, 4);
    QCOMPARE(b.tiers.at(0).maxMinorIssuesTolerated, 3);
    QCOMPARE(b.tiers.at(0).maxMajorIssuesTolerated, 0);
    QCOMPARE(b.phases.size(), 3);
    QCOMPARE(b.phases.at(0).phaseId, QStringLiteral("a"));
    QCOMPARE(b.phases.at(0).taskCategory, QStringLiteral("schema_change")); // as the plan wrote it
    QCOMPARE(b.phases.at(0).complexity, QStringLiteral("high"));
    QCOMPARE(b.phases.at(0).builderMode, QStringLiteral("schema_heavy"));
    QCOMPARE(b.phases.at(0).maxAuditorAttempts, 3);
    QCOMPARE(b.phases.at(1).maxBuilderAttempts, 2); // tweak_light
    QCOMPARE(b.phases.at(1).complexity, QStringLiteral("medium"));
    QCOMPARE(b.phases.at(2).taskCategory, QStringLiteral("Docs"));
    QCOMPARE(b.phases.at(2).incidentTokenCap, 200'000);

    BacklogEntry aged;
    aged.issueKey = QStringLiteral("k");
    aged.ageInRuns = 3;
    QCOMPARE(RunBlueprint::fromStrategy(compiled({ aged }), 7).run.debtStatus, QStringLiteral("needs_cleanup"));
    QCOMPARE(RunBlueprint::fromStrategy(compiled({ aged }), 7).phases.size(), 4);
}

void TestRunBlueprint::storeAcceptsAndKeepsTheFrozenStrategy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = Store::open(dir.filePath(QStringLiteral("autopack.db")));
    QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
    Project project;
    project.name = QStringLiteral("p");
    project.repoPath = dir.path();
    project.baseBranch = QStringLiteral("main");
    auto added = (*store)->addProject(project);
    QVERIFY2(added, qPrintable(added ? QString() : added.error().message));

    const Strategy s = compiled();
    const RunBlueprint b = RunBlueprint::fromStrategy(s, added->id);
    auto created = (*store)->createRun(b.run, b.tiers, b.phases);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));

    auto run = (*store)->run(QStringLiteral("bp-1"));
    QVERIFY(run);
    QCOMPARE(run->maxMinorIssuesTotal, 9);
    const auto back = Strategy::fromJson(run->strategyJson.toUtf8());
    QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
    QVERIFY(*back == s);
    auto phases = (*store)->phases(QStringLiteral("bp-1"));
    QVERIFY(phases);
    QStringList order;
    for (const Phase &p : *phases)
        order << p.phaseId;
    QCOMPARE(order, s.phaseOrder());
    auto tier = (*store)->tier(QStringLiteral("bp-1"), QStringLiteral("t1"));
    QVERIFY(tier);
    QCOMPARE(tier->tokenCap, s.tier("t1")->tokenCap);
    QCOMPARE(tier->maxMinorIssuesTolerated, 3);
}

QTEST_GUILESS_MAIN(TestRunBlueprint)
#include "tst_runblueprint.moc"
