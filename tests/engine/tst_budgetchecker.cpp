#include "budgetchecker.h"
#include "strategycompiler.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;
using namespace std::chrono_literals;

namespace {

// t1: a (docs: cap 200,000, builder 2, auditor 1), b (schema_change: cap 1,000,000,
// builder 2, auditor 3); t2: c (misc: cap 500,000). Tier t1: token cap 3,600,000, CI 4,
// minor 3 (2.0 + 1.0), major 0. Tier t2: token cap 1,500,000, CI 2, minor 2. Run: 5,000,000
// tokens, 120 min, 9 minor issues.
Strategy strategy(const QString &profile = QStringLiteral("normal"))
{
    Plan plan;
    plan.run.runId = QStringLiteral("run-b");
    plan.run.safetyProfile = profile;
    plan.run.runScope = QStringLiteral("multi_tier");
    plan.tiers = { PlanTier { "t1", 0, {}, {} }, PlanTier { "t2", 1, {}, {} } };
    plan.phases = {
        PlanPhase { "a", 0, "t1", {}, {}, "docs", {}, {} },
        PlanPhase { "b", 1, "t1", {}, {}, "schema_change", {}, {} },
        PlanPhase { "c", 2, "t2", {}, {}, "misc", {}, {} },
    };
    auto s = StrategyCompiler {}.compile(plan);
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}

} // namespace

class TestBudgetChecker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compiledCaps();
    void withinBudgetAtEveryCap();
    void eachCap_data();
    void eachCap();
    void runFailureFailsCurrentPhaseAndSkipsTheRest();
    void severalRunCapsAllNamed();
    void safetyCriticalTierNotCleanFailsRun();
    void escalation_data();
    void escalation();
    void usageFromStoreRows();
};

void TestBudgetChecker::compiledCaps()
{
    // The figures the other cases rely on, so a change of defaults shows here first.
    const Strategy s = strategy();
    QCOMPARE(s.tier("t1")->tokenCap, 3'600'000);
    QCOMPARE(s.tier("t1")->ciRunCap, 4);
    QCOMPARE(s.tier("t1")->maxMinorIssuesTolerated, 3);
    QCOMPARE(s.tier("t2")->tokenCap, 1'500'000);
    QCOMPARE(s.budget.maxMinorIssuesTotal, 9);
}

void TestBudgetChecker::withinBudgetAtEveryCap()
{
    RunUsage u;
    u.tokensUsed = 5'000'000;
    u.minorIssues = 9;
    u.elapsed = 120min;
    u.currentPhaseId = QStringLiteral("b");
    u.tiers = { TierUsage { "t1", 3'600'000, 4, 3, 0 }, TierUsage { "t2", 1'500'000, 2, 2, 0 } };
    u.phases = { PhaseUsage { "a", 200'000, 2, 1 }, PhaseUsage { "b", 1'000'000, 2, 3 }, PhaseUsage { "c", 500'000, 3, 2 } };
    const BudgetVerdict v = BudgetChecker(strategy()).check(u);
    QVERIFY(v.withinBudget());
    QVERIFY(!v.runFailed());
    QVERIFY(v.failedPhases.isEmpty());
    QVERIFY(v.notCleanTiers.isEmpty());
    QVERIFY(v.failureReason.isEmpty());
}

void TestBudgetChecker::eachCap_data()
{
    QTest::addColumn<RunUsage>("usage");
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("cap");
    QTest::addColumn<QString>("entity");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("consequence");
    QTest::addColumn<QString>("reason");

    RunUsage u;
    u.phases = { PhaseUsage { "a", 200'001, 0, 0 } };
    QTest::newRow("phase incident_token_cap")
        << u << "phase" << "incident_token_cap" << "a" << qint64(200'001) << qint64(200'000)
        << int(BudgetConsequence::PhaseFailed) << "phase a incident_token_cap exceeded: 200001 tokens used, cap 200000";
    u = {};
    u.phases = { PhaseUsage { "a", 0, 3, 0 } };
    QTest::newRow("phase builder attempts")
        << u << "phase" << "max_builder_attempts" << "a" << qint64(3) << qint64(2)
        << int(BudgetConsequence::PhaseFailed) << "phase a max_builder_attempts exceeded: 3 builder attempts used, cap 2";
    u = {};
    u.phases = { PhaseUsage { "b", 0, 0, 4 } };
    QTest::newRow("phase auditor attempts")
        << u << "phase" << "max_auditor_attempts" << "b" << qint64(4) << qint64(3)
        << int(BudgetConsequence::PhaseFailed) << "phase b max_auditor_attempts exceeded: 4 auditor attempts used, cap 3";
    u = {};
    u.tiers = { TierUsage { "t1", 3'600'001, 0, 0, 0 } };
    QTest::newRow("tier token_cap") << u << "tier" << "token_cap" << "t1" << qint64(3'600'001) << qint64(3'600'000)
                                    << int(BudgetConsequence::TierNotClean)
                                    << "tier t1 token_cap exceeded: 3600001 tokens used, cap 3600000";
    u = {};
    u.tiers = { TierUsage { "t2", 0, 3, 0, 0 } };
    QTest::newRow("tier ci_run_cap") << u << "tier" << "ci_run_cap" << "t2" << qint64(3) << qint64(2)
                                     << int(BudgetConsequence::TierNotClean)
                                     << "tier t2 ci_run_cap exceeded: 3 CI runs used, cap 2";
    u = {};
    u.tiers = { TierUsage { "t1", 0, 0, 4, 0 } };
    QTest::newRow("tier minor issues") << u << "tier" << "max_minor_issues_tolerated" << "t1" << qint64(4) << qint64(3)
                                       << int(BudgetConsequence::TierNotClean)
                                       << "tier t1 max_minor_issues_tolerated exceeded: 4 distinct minor issues used, cap 3";
    u = {};
    u.tiers = { TierUsage { "t2", 0, 0, 0, 1 } };
    QTest::newRow("tier major issues") << u << "tier" << "max_major_issues_tolerated" << "t2" << qint64(1) << qint64(0)
                                       << int(BudgetConsequence::TierNotClean)
                                       << "tier t2 max_major_issues_tolerated exceeded: 1 distinct major issues used, cap 0";
    u = {};
    u.tokensUsed = 5'000'001;
    QTest::newRow("run token_cap") << u << "run" << "token_cap" << "run-b" << qint64(5'000'001) << qint64(5'000'000)
                                   << int(BudgetConsequence::RunFailed)
                                   << "run run-b token_cap exceeded: 5000001 tokens used, cap 5000000";
    u = {};
    u.elapsed = 120min + 1s;
    QTest::newRow("run duration") << u << "run" << "max_duration_minutes" << "run-b" << qint64(7201) << qint64(7200)
                                  << int(BudgetConsequence::RunFailed)
                                  << "run run-b max_duration_minutes exceeded: 120 min 1 s elapsed, cap 120 min";
    u = {};
    u.minorIssues = 10;
    QTest::newRow("run minor issues") << u << "run" << "max_minor_issues_total" << "run-b" << qint64(10) << qint64(9)
                                      << int(BudgetConsequence::RunFailed)
                                      << "run run-b max_minor_issues_total exceeded: 10 distinct minor issues used, cap 9";
}

void TestBudgetChecker::eachCap()
{
    QFETCH(RunUsage, usage);
    QFETCH(QString, entity);
    QFETCH(int, consequence);
    QFETCH(QString, reason);
    const BudgetVerdict v = BudgetChecker(strategy()).check(usage);
    QCOMPARE(v.breaches.size(), 1);
    const BudgetBreach &b = v.breaches.at(0);
    QTEST(toString(b.level), "level");
    QTEST(capName(b.cap), "cap");
    QCOMPARE(b.entityId, entity);
    QTEST(b.used, "used");
    QTEST(b.limit, "limit");
    QCOMPARE(int(b.consequence), consequence);
    QCOMPARE(b.reason, reason);

    switch (BudgetConsequence(consequence)) {
    case BudgetConsequence::PhaseFailed:
        QCOMPARE(v.failedPhases, QStringList { entity });
        QVERIFY(v.notCleanTiers.isEmpty());
        QVERIFY(!v.runFailed());
        break;
    case BudgetConsequence::TierNotClean:
        QCOMPARE(v.notCleanTiers, QStringList { entity });
        QVERIFY(v.failedPhases.isEmpty());
        QVERIFY(!v.runFailed()); // normal profile: a dirty tier does not end the run
        break;
    case BudgetConsequence::RunFailed:
        QVERIFY(v.runFailed());
        QCOMPARE(toString(*v.runOutcome), QStringLiteral("DONE_FAILED_BUDGET_EXHAUSTED"));
        QCOMPARE(v.failureReason, reason);
        break;
    }
}

void TestBudgetChecker::runFailureFailsCurrentPhaseAndSkipsTheRest()
{
    RunUsage u;
    u.tokensUsed = 6'000'000;
    u.currentPhaseId = QStringLiteral("a");
    const BudgetVerdict v = BudgetChecker(strategy()).check(u);
    QVERIFY(v.runFailed());
    QCOMPARE(v.failedPhases, QStringList { "a" });
    QCOMPARE(v.skippedPhases, (QStringList { "b", "c" }));

    u.currentPhaseId = QStringLiteral("c");
    const BudgetVerdict last = BudgetChecker(strategy()).check(u);
    QCOMPARE(last.failedPhases, QStringList { "c" });
    QVERIFY(last.skippedPhases.isEmpty());
}

void TestBudgetChecker::severalRunCapsAllNamed()
{
    RunUsage u;
    u.tokensUsed = 5'000'100;
    u.elapsed = 3h;
    const BudgetVerdict v = BudgetChecker(strategy()).check(u);
    QCOMPARE(v.breaches.size(), 2);
    QCOMPARE(v.failureReason,
             QStringLiteral("run run-b token_cap exceeded: 5000100 tokens used, cap 5000000; "
                            "run run-b max_duration_minutes exceeded: 180 min 0 s elapsed, cap 120 min"));
}

void TestBudgetChecker::safetyCriticalTierNotCleanFailsRun()
{
    RunUsage u;
    u.currentPhaseId = QStringLiteral("b");
    u.tiers = { TierUsage { "t1", 0, 0, 0, 1 } };
    const Strategy s = strategy(QStringLiteral("safety_critical"));
    QCOMPARE(s.tier("t1")->maxMinorIssuesTolerated, 1); // (2.0 + 1.0) / 2, rounded down
    const BudgetVerdict v = BudgetChecker(s).check(u);
    QCOMPARE(v.notCleanTiers, QStringList { "t1" });
    QCOMPARE(int(v.breaches.at(0).consequence), int(BudgetConsequence::RunFailed));
    QVERIFY(v.runFailed());
    QCOMPARE(toString(*v.runOutcome), QStringLiteral("DONE_FAILED_BUDGET_EXHAUSTED"));
    QCOMPARE(v.failureReason,
             QStringLiteral("safety_critical run: tier t1 max_major_issues_tolerated exceeded: 1 distinct major "
                            "issues used, cap 0, so tier t1 is not_clean"));
    QCOMPARE(v.failedPhases, QStringList { "b" });
    QCOMPARE(v.skippedPhases, QStringList { "c" });
}

void TestBudgetChecker::escalation_data()
{
    QTest::addColumn<QString>("phase");
    QTest::addColumn<int>("builder");
    QTest::addColumn<int>("auditor");
    QTest::addColumn<int>("next");
    // a: 2 builder attempts, 1 auditor attempt.
    QTest::newRow("fresh") << "a" << 0 << 0 << int(NextAttempt::Builder);
    QTest::newRow("one builder failure") << "a" << 1 << 0 << int(NextAttempt::Builder);
    QTest::newRow("builder exhausted → auditor") << "a" << 2 << 0 << int(NextAttempt::Auditor);
    QTest::newRow("all exhausted → fail") << "a" << 2 << 1 << int(NextAttempt::Fail);
    // b: 2 builder, 3 auditor.
    QTest::newRow("b auditor left") << "b" << 2 << 2 << int(NextAttempt::Auditor);
    QTest::newRow("b exhausted") << "b" << 2 << 3 << int(NextAttempt::Fail);
    QTest::newRow("unknown phase") << "zz" << 0 << 0 << int(NextAttempt::Fail);
}

void TestBudgetChecker::escalation()
{
    QFETCH(QString, phase);
    QFETCH(int, builder);
    QFETCH(int, auditor);
    QFETCH(int, next);
    QCOMPARE(int(BudgetChecker(strategy()).nextAttempt(phase, builder, auditor)), next);
}

void TestBudgetChecker::usageFromStoreRows()
{
    Run run;
    run.runId = QStringLiteral("run-b");
    run.tokensUsed = 5'000'500;
    run.minorIssues = 4;
    run.startedAt = QDateTime(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    Tier t1;
    t1.tierId = QStringLiteral("t1");
    t1.tokensUsed = 10;
    t1.ciRunsUsed = 5;
    t1.minorIssues = 1;
    t1.majorIssues = 0;
    Phase a;
    a.phaseId = QStringLiteral("a");
    a.state = PhaseState::Complete;
    a.tokensUsed = 7;
    a.builderAttempts = 1;
    Phase b;
    b.phaseId = QStringLiteral("b");
    b.state = PhaseState::Gate;
    b.auditorAttempts = 2;
    Phase c;
    c.phaseId = QStringLiteral("c");
    const QDateTime now = run.startedAt.addSecs(121 * 60);

    const RunUsage u = RunUsage::fromRows(run, { t1 }, { a, b, c }, now);
    QCOMPARE(u.tokensUsed, 5'000'500);
    QCOMPARE(u.minorIssues, 4);
    QCOMPARE(u.elapsed.count(), 121 * 60);
    QCOMPARE(u.currentPhaseId, QStringLiteral("b"));
    QCOMPARE(u.tiers.at(0).ciRuns, 5);
    QCOMPARE(u.phases.at(0).tokensUsed, 7);
    QCOMPARE(u.phases.at(1).auditorAttempts, 2);

    const BudgetVerdict v = BudgetChecker(strategy()).check(u);
    QCOMPARE(v.notCleanTiers, QStringList { "t1" }); // 5 CI runs > 4
    QVERIFY(v.runFailed());
    QCOMPARE(v.failedPhases, QStringList { "b" });
    QCOMPARE(v.skippedPhases, QStringList { "c" });
    QVERIFY(v.failureReason.contains(QStringLiteral("token_cap exceeded: 5000500 tokens used, cap 5000000")));
    QVERIFY(v.failureReason.contains(QStringLiteral("121 min 0 s elapsed, cap 120 min")));

    // Not started: no time has passed; ended: time stops at completion.
    run.startedAt = {};
    QCOMPARE(RunUsage::fromRows(run, {}, {}, now).elapsed.count(), 0);
    run.startedAt = now.addSecs(-600);
    run.completedAt = now.addSecs(-300);
    QCOMPARE(RunUsage::fromRows(run, {}, {}, now).elapsed.count(), 300);
    QVERIFY(RunUsage::fromRows(run, {}, { a, c }, now).currentPhaseId.isEmpty());
}

QTEST_GUILESS_MAIN(TestBudgetChecker)
#include "tst_budgetchecker.moc"
