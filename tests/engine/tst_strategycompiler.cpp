#include "strategycompiler.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

namespace {

// Plans written the way tests read: .tier("t1").phase("p1", "docs").phase(...).tier("t2")...
struct PlanBuilder {
    Plan plan;
    explicit PlanBuilder(const QString &runId = QStringLiteral("run-1")) { plan.run.runId = runId; }
    PlanBuilder &tier(const QString &id)
    {
        plan.tiers.append(PlanTier { id, int(plan.tiers.size()), QStringLiteral("Tier ") + id, {} });
        return *this;
    }
    PlanBuilder &phase(const QString &id, const QString &category, const QString &complexity = {},
                       const QString &mode = {})
    {
        plan.phases.append(PlanPhase { id, int(plan.phases.size()), plan.tiers.last().tierId, id, {}, category,
                                       complexity, mode });
        return *this;
    }
    PlanBuilder &phases(int n, const QString &category = QStringLiteral("feature_scaffolding"))
    {
        for (int i = 0; i < n; ++i)
            phase(plan.tiers.last().tierId + QStringLiteral("-p") + QString::number(i), category);
        return *this;
    }
    operator Plan() const { return plan; }
};

Strategy compileOk(const StrategyCompiler &c, const Plan &plan, const QList<BacklogEntry> &backlog = {})
{
    auto s = c.compile(plan, backlog);
    if (!s)
        qFatal("compile refused: %s", qPrintable(s.error().toString()));
    return *s;
}

BacklogEntry aged(const QString &key, int runs, int tiers, const QString &lastTier = {},
                  const QString &taskCategory = {})
{
    BacklogEntry e;
    e.issueKey = key;
    e.category = QStringLiteral("lint");
    e.taskCategory = taskCategory;
    e.ageInRuns = runs;
    e.ageInTiers = tiers;
    e.lastTierId = lastTier;
    e.firstRun = QStringLiteral("old-1");
    e.lastRun = QStringLiteral("old-2");
    return e;
}

} // namespace

class TestStrategyCompiler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void categoryRows_data();
    void categoryRows();
    void tweakLightCapsBuilderAttempts_data();
    void tweakLightCapsBuilderAttempts();
    void planComplexityAndModeWin();
    void runAndTierBudgetDefaults();
    void safetyProfiles();
    void safetyCriticalPrefersSingleTier();
    void incrementalMeansMultiTier();
    void rulesetOverrides();
    void planRunSettingsWinOverRuleset();
    void gates_data();
    void gates();
    void protectedGlobs();
    void executionOrder();
    void refusals_data();
    void refusals();
    void tooManyPhasesSuggestsSplitByTier();
    void debtCleanupInsertedForAgedIssues();
    void debtCleanupThresholdsFollowProfile();
    void debtCleanupTierChoice();
    void debtCleanupCanBeTurnedOff();
    void insertedPhasesDoNotCountAgainstMaxPhases();
};

void TestStrategyCompiler::categoryRows_data()
{
    QTest::addColumn<QString>("taskCategory");
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("complexity");
    QTest::addColumn<QString>("ci");
    QTest::addColumn<int>("builder");
    QTest::addColumn<int>("auditor");
    QTest::addColumn<qint64>("tokenCap");
    QTest::addColumn<double>("tierMinor");
    QTest::addColumn<bool>("autoApply");
    QTest::addColumn<QString>("auditorProfile");
    QTest::addColumn<bool>("highRisk");

    // SPEC §6, every row and every alias.
    QTest::newRow("cross_cutting_refactor") << "cross_cutting_refactor" << "cross_cutting_refactor" << "high"
                                            << "strict" << 2 << 2 << qint64(1'000'000) << 1.0 << false
                                            << "refactor_review" << true;
    QTest::newRow("index_registry_change") << "index_registry_change" << "index_registry_change" << "high"
                                           << "strict" << 2 << 2 << qint64(800'000) << 1.0 << false << "index_review"
                                           << true;
    QTest::newRow("alias index_registry_maintenance")
        << "index_registry_maintenance" << "index_registry_change" << "high" << "strict" << 2 << 2 << qint64(800'000)
        << 1.0 << false << "index_review" << true;
    QTest::newRow("schema_contract_change") << "schema_contract_change" << "schema_contract_change" << "high"
                                            << "strict" << 2 << 3 << qint64(1'000'000) << 1.0 << false
                                            << "schema_review" << true;
    QTest::newRow("alias schema_change") << "schema_change" << "schema_contract_change" << "high" << "strict" << 2
                                         << 3 << qint64(1'000'000) << 1.0 << false << "schema_review" << true;
    QTest::newRow("bulk_multi_file_operation") << "bulk_multi_file_operation" << "bulk_multi_file_operation" << "high"
                                               << "strict" << 1 << 2 << qint64(1'500'000) << 1.0 << false
                                               << "bulk_review" << true;
    QTest::newRow("alias bulk_operation") << "bulk_operation" << "bulk_multi_file_operation" << "high" << "strict"
                                          << 1 << 2 << qint64(1'500'000) << 1.0 << false << "bulk_review" << true;
    QTest::newRow("security_auth_change") << "security_auth_change" << "security_auth_change" << "high" << "strict"
                                          << 2 << 3 << qint64(800'000) << 0.5 << false << "security_review" << true;
    QTest::newRow("alias security_auth") << "security_auth" << "security_auth_change" << "high" << "strict" << 2 << 3
                                         << qint64(800'000) << 0.5 << false << "security_review" << true;
    QTest::newRow("feature_scaffolding") << "feature_scaffolding" << "feature_scaffolding" << "medium" << "normal"
                                         << 3 << 2 << qint64(500'000) << 2.0 << true << "" << false;
    QTest::newRow("docs") << "docs" << "docs" << "low" << "normal" << 2 << 1 << qint64(200'000) << 2.0 << true << ""
                          << false;
    QTest::newRow("tests") << "tests" << "tests" << "low" << "normal" << 3 << 1 << qint64(300'000) << 2.0 << true << ""
                           << false;
    QTest::newRow("debt_cleanup") << "debt_cleanup" << "debt_cleanup" << "medium" << "normal" << 2 << 1
                                  << qint64(400'000) << 2.0 << false << "debt_cleanup_review" << false;
    QTest::newRow("anything else") << "frontend_polish" << "frontend_polish" << "medium" << "normal" << 3 << 2
                                   << qint64(500'000) << 2.0 << true << "" << false;
    QTest::newRow("no category") << "" << "" << "medium" << "normal" << 3 << 2 << qint64(500'000) << 2.0 << true << ""
                                 << false;
    QTest::newRow("spelling normalised") << "  Schema-Change " << "schema_contract_change" << "high" << "strict" << 2
                                         << 3 << qint64(1'000'000) << 1.0 << false << "schema_review" << true;
    QTest::newRow("spaces normalised") << "Security Auth" << "security_auth_change" << "high" << "strict" << 2 << 3
                                       << qint64(800'000) << 0.5 << false << "security_review" << true;
}

void TestStrategyCompiler::categoryRows()
{
    QFETCH(QString, taskCategory);
    const Strategy s = compileOk(StrategyCompiler {}, PlanBuilder().tier("t1").phase("p1", taskCategory));
    const PhaseStrategy *p = s.phase(QStringLiteral("p1"));
    QVERIFY(p);
    QCOMPARE(p->taskCategory, taskCategory);
    QTEST(p->category, "category");
    QTEST(toString(p->complexity), "complexity");
    QTEST(toString(p->ciProfile), "ci");
    QTEST(p->maxBuilderAttempts, "builder");
    QTEST(p->maxAuditorAttempts, "auditor");
    QTEST(p->incidentTokenCap, "tokenCap");
    QTEST(p->tierMinorMultiplier, "tierMinor");
    QTEST(p->autoApply, "autoApply");
    QTEST(p->auditorProfile, "auditorProfile");
    QTEST(p->highRisk, "highRisk");
    QCOMPARE(toString(p->builderMode), QString());
    QVERIFY(!p->debtCleanup);
}

void TestStrategyCompiler::tweakLightCapsBuilderAttempts_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("builder");
    QTest::newRow("tests 3 → 2") << "tests" << "tweak_light" << 2;
    QTest::newRow("default 3 → 2") << "misc" << "tweak_light" << 2;
    QTest::newRow("bulk stays 1") << "bulk_operation" << "tweak_light" << 1;
    QTest::newRow("docs stays 2") << "docs" << "tweak_light" << 2;
    QTest::newRow("other mode keeps 3") << "tests" << "scaffolding_heavy" << 3;
    QTest::newRow("refactor_heavy keeps 3") << "feature_scaffolding" << "refactor_heavy" << 3;
    QTest::newRow("schema_heavy keeps 2") << "schema_change" << "schema_heavy" << 2;
}

void TestStrategyCompiler::tweakLightCapsBuilderAttempts()
{
    QFETCH(QString, category);
    QFETCH(QString, mode);
    const Strategy s = compileOk(StrategyCompiler {}, PlanBuilder().tier("t1").phase("p1", category, {}, mode));
    QTEST(s.phase("p1")->maxBuilderAttempts, "builder");
    QCOMPARE(toString(s.phase("p1")->builderMode), mode);
}

void TestStrategyCompiler::planComplexityAndModeWin()
{
    const Strategy s = compileOk(StrategyCompiler {}, PlanBuilder().tier("t1").phase("p1", "docs", "HIGH", "refactor_heavy"));
    QCOMPARE(toString(s.phase("p1")->complexity), QStringLiteral("high"));
    QCOMPARE(toString(s.phase("p1")->builderMode), QStringLiteral("refactor_heavy"));
    // The rest of the row is the category's.
    QCOMPARE(s.phase("p1")->incidentTokenCap, 200'000);
}

void TestStrategyCompiler::runAndTierBudgetDefaults()
{
    const Strategy s = compileOk(StrategyCompiler {}, PlanBuilder()
                                                          .tier("t1")
                                                          .phase("a", "docs")
                                                          .phase("b", "schema_change")
                                                          .phase("c", "misc")
                                                          .tier("t2")
                                                          .phase("d", "security_auth"));
    QCOMPARE(s.budget.tokenCap, 5'000'000);
    QCOMPARE(s.budget.maxPhases, 25);
    QCOMPARE(s.budget.maxDurationMinutes, 120);
    QCOMPARE(s.budget.maxMinorIssuesTotal, 4 * 3);
    QCOMPARE(s.tiers.size(), 2);
    const TierStrategy &t1 = s.tiers.at(0);
    QCOMPARE(t1.tokenCap, 3 * (200'000 + 1'000'000 + 500'000));
    QCOMPARE(t1.ciRunCap, 2 * 3);
    QCOMPARE(t1.maxMinorIssuesTolerated, 5); // 2.0 + 1.0 + 2.0
    QCOMPARE(t1.maxMajorIssuesTolerated, 0);
    const TierStrategy &t2 = s.tiers.at(1);
    QCOMPARE(t2.tokenCap, 3 * 800'000);
    QCOMPARE(t2.ciRunCap, 2);
    QCOMPARE(t2.maxMinorIssuesTolerated, 0); // 0.5 rounded down
    QCOMPARE(s.phaseOrder(), (QStringList { "a", "b", "c", "d" }));
}

void TestStrategyCompiler::safetyProfiles()
{
    Plan plan = PlanBuilder().tier("t1").phases(4);
    const Strategy normal = compileOk(StrategyCompiler {}, plan);
    QCOMPARE(toString(normal.safetyProfile), QStringLiteral("normal"));
    QCOMPARE(toString(normal.runScope), QStringLiteral("multi_tier"));
    QCOMPARE(normal.aging, (AgingThresholds { 3, 2 }));
    QCOMPARE(normal.tiers.at(0).maxMinorIssuesTolerated, 4 * 2);
    QVERIFY(!normal.notCleanTierFailsRun());

    plan.run.safetyProfile = QStringLiteral("safety_critical");
    const Strategy critical = compileOk(StrategyCompiler {}, plan);
    QCOMPARE(toString(critical.safetyProfile), QStringLiteral("safety_critical"));
    QCOMPARE(toString(critical.runScope), QStringLiteral("single_tier"));
    QCOMPARE(critical.aging, (AgingThresholds { 2, 1 }));
    QCOMPARE(critical.tiers.at(0).maxMinorIssuesTolerated, 4);
    QVERIFY(critical.notCleanTierFailsRun());

    // The ruleset's profile applies when the plan names none.
    Ruleset rs;
    rs.safetyProfile = SafetyProfile::SafetyCritical;
    plan.run.safetyProfile.clear();
    QCOMPARE(toString(compileOk(StrategyCompiler(rs), plan).safetyProfile), QStringLiteral("safety_critical"));
}

void TestStrategyCompiler::safetyCriticalPrefersSingleTier()
{
    Plan plan = PlanBuilder().tier("t1").phases(1).tier("t2").phases(1);
    plan.run.safetyProfile = QStringLiteral("safety_critical");
    const auto refused = StrategyCompiler {}.compile(plan);
    QVERIFY(!refused);
    QCOMPARE(refused.error().path, QStringLiteral("$.tiers"));
    QVERIFY2(refused.error().message.contains(QStringLiteral("one run per tier")), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(QStringLiteral("safety_critical")), qPrintable(refused.error().message));

    plan.run.runScope = QStringLiteral("multi_tier");
    const Strategy s = compileOk(StrategyCompiler {}, plan);
    QCOMPARE(toString(s.runScope), QStringLiteral("multi_tier"));
    QCOMPARE(s.tiers.size(), 2);
}

void TestStrategyCompiler::incrementalMeansMultiTier()
{
    Plan plan = PlanBuilder().tier("t1").phases(1).tier("t2").phases(1);
    plan.run.runScope = QStringLiteral("incremental");
    QCOMPARE(toString(compileOk(StrategyCompiler {}, plan).runScope), QStringLiteral("multi_tier"));
}

void TestStrategyCompiler::rulesetOverrides()
{
    const auto rs = Ruleset::fromJson(QByteArray(R"({
        "human_gates": false, "auto_promotion": true,
        "high_risk_categories": ["docs"],
        "category_aliases": {"billing": "payments"},
        "category_overrides": {
            "docs": {"builder_attempts": 5, "auto_apply": false, "auditor_profile": "docs_review",
                     "incident_token_cap": 1000, "tier_minor_multiplier": 0.5},
            "payments": {"complexity": "high", "ci_profile": "strict", "builder_mode": "schema_heavy"},
            "schema_change": {"auditor_profile": null, "auditor_attempts": 0}
        },
        "budgets": {"run": {"token_cap": 900, "max_duration_minutes": 30, "max_minor_issues_per_phase": 1},
                    "tier": {"token_cap_multiplier": 2, "ci_runs_per_phase": 4, "max_major_issues_tolerated": 1}}
    })"));
    QVERIFY2(rs, qPrintable(rs ? QString() : rs.error().toString()));
    const Strategy s = compileOk(StrategyCompiler(*rs), PlanBuilder()
                                                          .tier("t1")
                                                          .phase("d", "docs")
                                                          .phase("b", "Billing")
                                                          .phase("s", "schema_contract_change"));
    const PhaseStrategy *d = s.phase("d");
    QCOMPARE(d->maxBuilderAttempts, 5);
    QVERIFY(!d->autoApply);
    QCOMPARE(d->auditorProfile, QStringLiteral("docs_review"));
    QCOMPARE(d->incidentTokenCap, 1000);
    QVERIFY(d->highRisk);
    QCOMPARE(d->maxAuditorAttempts, 1); // untouched fields keep the row
    const PhaseStrategy *b = s.phase("b");
    QCOMPARE(b->category, QStringLiteral("payments"));
    QCOMPARE(toString(b->complexity), QStringLiteral("high"));
    QCOMPARE(toString(b->ciProfile), QStringLiteral("strict"));
    QCOMPARE(toString(b->builderMode), QStringLiteral("schema_heavy"));
    QVERIFY(!b->highRisk);
    const PhaseStrategy *sc = s.phase("s");
    QCOMPARE(sc->auditorProfile, QString());
    QCOMPARE(sc->maxAuditorAttempts, 0);
    QVERIFY(!sc->highRisk); // the ruleset's list replaced the built-in one
    QVERIFY(!s.humanGates);
    QVERIFY(s.autoPromotion);
    QCOMPARE(s.budget.tokenCap, 900);
    QCOMPARE(s.budget.maxDurationMinutes, 30);
    QCOMPARE(s.budget.maxMinorIssuesTotal, 3);
    const TierStrategy &t = s.tiers.at(0);
    QCOMPARE(t.tokenCap, 2 * (1000 + 500'000 + 1'000'000));
    QCOMPARE(t.ciRunCap, 12);
    QCOMPARE(t.maxMinorIssuesTolerated, 3); // 0.5 + 2.0 + 1.0 = 3.5
    QCOMPARE(t.maxMajorIssuesTolerated, 1);
}

void TestStrategyCompiler::planRunSettingsWinOverRuleset()
{
    Ruleset rs;
    rs.runBudget.tokenCap = 10;
    rs.runBudget.maxPhases = 1;
    rs.runBudget.maxDurationMinutes = 5;
    Plan plan = PlanBuilder().tier("t1").phases(3);
    plan.run.tokenCap = 42;
    plan.run.maxPhases = 3;
    plan.run.maxDurationMinutes = 7;
    const Strategy s = compileOk(StrategyCompiler(rs), plan);
    QCOMPARE(s.budget.tokenCap, 42);
    QCOMPARE(s.budget.maxPhases, 3);
    QCOMPARE(s.budget.maxDurationMinutes, 7);
}

void TestStrategyCompiler::gates_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<bool>("humanGates");
    QTest::addColumn<QString>("gate");
    QTest::newRow("auto_apply") << "docs" << true << "automatic";
    QTest::newRow("auto_apply, no humans") << "tests" << false << "automatic";
    QTest::newRow("reviewed") << "schema_change" << true << "reviewer";
    QTest::newRow("zero intervention") << "schema_change" << false << "auditor";
}

void TestStrategyCompiler::gates()
{
    QFETCH(QString, category);
    QFETCH(bool, humanGates);
    Ruleset rs;
    rs.humanGates = humanGates;
    const Strategy s = compileOk(StrategyCompiler(rs), PlanBuilder().tier("t1").phase("p", category));
    QTEST(toString(s.phase("p")->gate), "gate");
}

void TestStrategyCompiler::protectedGlobs()
{
    const auto rs = Ruleset::fromJson(
        QByteArray(R"({"protected_globs": ["migrations/**"], "category_overrides": {"schema_change": {"allow_protected_paths": true}}})"));
    QVERIFY(rs);
    const Strategy s = compileOk(StrategyCompiler(*rs), PlanBuilder().tier("t").phase("a", "docs").phase("b", "schema_change"));
    QCOMPARE(s.phase("a")->protectedGlobs, QStringList { "migrations/**" });
    QVERIFY(s.phase("b")->protectedGlobs.isEmpty());
}

void TestStrategyCompiler::executionOrder()
{
    Plan plan;
    plan.run.runId = QStringLiteral("r");
    plan.tiers = { PlanTier { "late", 5, {}, {} }, PlanTier { "early", 1, {}, {} } };
    plan.phases = {
        PlanPhase { "l2", 9, "late", {}, {}, {}, {}, {} },
        PlanPhase { "e2", 3, "early", {}, {}, {}, {}, {} },
        PlanPhase { "l1", 0, "late", {}, {}, {}, {}, {} },
        PlanPhase { "e1", 2, "early", {}, {}, {}, {}, {} },
    };
    const Strategy s = compileOk(StrategyCompiler {}, plan);
    QCOMPARE(s.phaseOrder(), (QStringList { "e1", "e2", "l1", "l2" }));
    QCOMPARE(s.tiers.at(0).tierId, QStringLiteral("early"));
    QCOMPARE(s.tierOfPhase("l1")->tierId, QStringLiteral("late"));
}

void TestStrategyCompiler::refusals_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    Plan base = PlanBuilder().tier("t1").phase("p1", "docs").phase("p2", "tests");

    Plan p = base;
    p.run.runId.clear();
    QTest::newRow("no run id") << p << "$.run.run_id" << "required field is missing";
    p = base;
    p.phases[1].tierId = QStringLiteral("t9");
    QTest::newRow("unknown tier") << p << "$.phases[1].tier_id" << "unknown tier \"t9\"";
    p = base;
    p.phases[1].phaseId = QStringLiteral("p1");
    QTest::newRow("duplicate phase") << p << "$.phases[1].phase_id" << "phase \"p1\" is listed twice";
    p = base;
    p.phases[1].phaseIndex = 0;
    QTest::newRow("duplicate phase index") << p << "$.phases[1].phase_index" << "phase_index 0 is used twice in tier t1";
    p = base;
    p.tiers.append(PlanTier { "t1", 4, {}, {} });
    QTest::newRow("duplicate tier") << p << "$.tiers[1].tier_id" << "tier \"t1\" is listed twice";
    p = base;
    p.tiers.append(PlanTier { "t2", 0, {}, {} });
    QTest::newRow("duplicate tier index") << p << "$.tiers[1].tier_index" << "tier_index 0 is used by tiers t1 and t2";
    p = base;
    p.tiers.clear();
    QTest::newRow("no tiers") << p << "$.tiers" << "a plan needs at least one tier";
    p = base;
    p.phases.clear();
    QTest::newRow("no phases") << p << "$.phases" << "a plan needs at least one phase";
    p = base;
    p.run.safetyProfile = QStringLiteral("paranoid");
    QTest::newRow("bad profile") << p << "$.run.safety_profile"
                                 << "expected one of \"normal\", \"safety_critical\", got \"paranoid\"";
    p = base;
    p.run.runScope = QStringLiteral("all");
    QTest::newRow("bad scope") << p << "$.run.run_scope"
                               << "expected one of \"multi_tier\", \"single_tier\", \"incremental\", got \"all\"";
    p = base;
    p.phases[1].complexity = QStringLiteral("extreme");
    QTest::newRow("bad complexity") << p << "$.phases[1].complexity"
                                    << "expected one of \"low\", \"medium\", \"high\", got \"extreme\"";
    p = base;
    p.phases[0].builderMode = QStringLiteral("turbo");
    QTest::newRow("bad builder mode") << p << "$.phases[0].builder_mode"
                                      << "expected one of \"tweak_light\", \"scaffolding_heavy\", \"refactor_heavy\", "
                                         "\"schema_heavy\", got \"turbo\"";
    p = PlanBuilder().tier("a").phases(1).tier("b").phases(2);
    p.run.runScope = QStringLiteral("single_tier");
    QTest::newRow("single tier with two") << p << "$.tiers"
                                          << "run_scope single_tier runs exactly one tier, but the plan has 2 tiers "
                                             "(a, b); split it by tier and start one run per tier, or use run_scope "
                                             "multi_tier";
}

void TestStrategyCompiler::refusals()
{
    QFETCH(Plan, plan);
    const auto s = StrategyCompiler {}.compile(plan);
    QVERIFY2(!s, "an invalid plan was accepted");
    QTEST(s.error().path, "path");
    QTEST(s.error().message, "message");
}

void TestStrategyCompiler::tooManyPhasesSuggestsSplitByTier()
{
    Plan plan = PlanBuilder().tier("a").phases(10).tier("b").phases(12).tier("c").phases(8);
    auto s = StrategyCompiler {}.compile(plan);
    QVERIFY(!s);
    QCOMPARE(s.error().path, QStringLiteral("$.phases"));
    QCOMPARE(s.error().message,
             QStringLiteral("the plan has 30 phases, more than max_phases 25; split it by tier into runs of at most 25 "
                            "phases: run 1: tier a, b (22 phases); run 2: tier c (8 phases)"));

    plan = PlanBuilder().tier("a").phases(2).tier("huge").phases(27);
    s = StrategyCompiler {}.compile(plan);
    QVERIFY(!s);
    QVERIFY2(s.error().message.contains(
                 QStringLiteral("tier huge alone has 27 phases and must itself be split into tiers of at most 25")),
             qPrintable(s.error().message));

    // Exactly max_phases is fine.
    QCOMPARE(compileOk(StrategyCompiler {}, PlanBuilder().tier("a").phases(25)).phaseCount(), 25);
    // The ruleset's max_phases applies too.
    Ruleset rs;
    rs.runBudget.maxPhases = 2;
    s = StrategyCompiler(rs).compile(PlanBuilder().tier("a").phases(3));
    QVERIFY(!s);
    QVERIFY(s.error().message.startsWith(QStringLiteral("the plan has 3 phases, more than max_phases 2;")));
}

void TestStrategyCompiler::debtCleanupInsertedForAgedIssues()
{
    const QList<BacklogEntry> backlog {
        aged("lint:unused-import", 3, 3, "t1"), // 3 runs ≥ 3
        aged("flaky:test_io", 1, 2, "t1"), // 2 tiers ≥ 2
        aged("young", 1, 1, "t1"), // neither
    };
    const Strategy s = compileOk(StrategyCompiler {}, PlanBuilder()
                                                          .tier("t1")
                                                          .phase("a", "docs")
                                                          .phase("b", "tests")
                                                          .tier("t2")
                                                          .phase("c", "docs"),
                                 backlog);
    QCOMPARE(s.phaseOrder(), (QStringList { "a", "b", "debt-cleanup-t1", "c" }));
    const PhaseStrategy *d = s.phase("debt-cleanup-t1");
    QVERIFY(d);
    QVERIFY(d->debtCleanup);
    QCOMPARE(d->tierId, QStringLiteral("t1"));
    QCOMPARE(d->category, QStringLiteral("debt_cleanup"));
    QCOMPARE(toString(d->complexity), QStringLiteral("medium"));
    QVERIFY(!d->autoApply);
    QCOMPARE(toString(d->gate), QStringLiteral("reviewer"));
    QCOMPARE(d->maxBuilderAttempts, 2);
    QCOMPARE(d->maxAuditorAttempts, 1);
    QCOMPARE(d->incidentTokenCap, 400'000);
    QCOMPARE(d->auditorProfile, QStringLiteral("debt_cleanup_review"));
    QCOMPARE(d->cleanupIssueKeys, (QStringList { "flaky:test_io", "lint:unused-import" }));
    QVERIFY(d->phaseIndex > 2); // after every phase of the plan
    QVERIFY(s.isEscalated("lint:unused-import"));
    QVERIFY(s.isEscalated("flaky:test_io"));
    QVERIFY(!s.isEscalated("young"));
    QCOMPARE(s.escalatedIssues.size(), 2);
    QCOMPARE(s.escalatedIssues.at(1).cleanupPhaseId, QStringLiteral("debt-cleanup-t1"));
    QCOMPARE(s.escalatedIssues.at(1).ageInRuns, 3);
    // The inserted phase is part of the budgets.
    QCOMPARE(s.tiers.at(0).ciRunCap, 6);
    QCOMPARE(s.tiers.at(0).tokenCap, 3 * (200'000 + 300'000 + 400'000));
    QCOMPARE(s.budget.maxMinorIssuesTotal, 4 * 3);
}

void TestStrategyCompiler::debtCleanupThresholdsFollowProfile()
{
    const QList<BacklogEntry> backlog { aged("k", 2, 1) };
    Plan plan = PlanBuilder().tier("t1").phases(2);
    QVERIFY(!compileOk(StrategyCompiler {}, plan, backlog).isEscalated("k")); // normal: 3 runs / 2 tiers
    plan.run.safetyProfile = QStringLiteral("safety_critical");
    const Strategy s = compileOk(StrategyCompiler {}, plan, backlog); // 2 runs / 1 tier
    QVERIFY(s.isEscalated("k"));
    QCOMPARE(s.phaseCount(), 3);
    // Ruleset thresholds.
    Ruleset rs;
    rs.agingNormal = { 2, 5 };
    plan.run.safetyProfile.clear();
    QVERIFY(compileOk(StrategyCompiler(rs), plan, backlog).isEscalated("k"));
}

void TestStrategyCompiler::debtCleanupTierChoice()
{
    const Plan plan = PlanBuilder()
                          .tier("t1")
                          .phase("a", "tests")
                          .tier("t2")
                          .phase("b", "schema_change")
                          .tier("t3")
                          .phase("c", "docs");
    QList<BacklogEntry> backlog {
        aged("by-tier", 3, 1, "t2", "docs"), // a tier of that id exists: t2
        aged("by-category", 3, 1, "gone", "bulk_operation"), // no t "gone"; no bulk phase → last tier
        aged("by-category2", 3, 1, {}, "tests"), // the last tier with a tests phase: t1
        aged("needs", 0, 0, "t1"), // already needs_cleanup in the backlog
        aged("resolved", 9, 9, "t1"),
        aged("major", 9, 9, "t1"),
    };
    backlog[3].status = BacklogStatus::NeedsCleanup;
    backlog[4].status = BacklogStatus::Resolved;
    backlog[5].baseSeverity = Severity::Major;
    const Strategy s = compileOk(StrategyCompiler {}, plan, backlog);
    QCOMPARE(s.phaseOrder(),
             (QStringList { "a", "debt-cleanup-t1", "b", "debt-cleanup-t2", "c", "debt-cleanup-t3" }));
    QCOMPARE(s.phase("debt-cleanup-t1")->cleanupIssueKeys, (QStringList { "by-category2", "needs" }));
    QCOMPARE(s.phase("debt-cleanup-t2")->cleanupIssueKeys, QStringList { "by-tier" });
    QCOMPARE(s.phase("debt-cleanup-t3")->cleanupIssueKeys, QStringList { "by-category" });
    QVERIFY(!s.isEscalated("resolved"));
    QVERIFY(!s.isEscalated("major")); // already major: nothing to age
    // Distinct, increasing indexes after the plan's.
    QVERIFY(s.phase("debt-cleanup-t1")->phaseIndex >= 3);
    QVERIFY(s.phase("debt-cleanup-t2")->phaseIndex > s.phase("debt-cleanup-t1")->phaseIndex);
}

void TestStrategyCompiler::debtCleanupCanBeTurnedOff()
{
    Ruleset rs;
    rs.debtCleanupPhases = false;
    const Strategy s = compileOk(StrategyCompiler(rs), PlanBuilder().tier("t1").phases(1), { aged("k", 5, 5, "t1") });
    QVERIFY(s.isEscalated("k"));
    QCOMPARE(s.phaseCount(), 1);
    QCOMPARE(s.escalatedIssues.at(0).cleanupPhaseId, QString());
}

void TestStrategyCompiler::insertedPhasesDoNotCountAgainstMaxPhases()
{
    // Inserted phases never trigger the max_phases refusal, and a plan id that clashes
    // with the generated one is kept apart.
    Plan plan = PlanBuilder().tier("t1").phases(24).phase("debt-cleanup-t1", "docs");
    const Strategy s = compileOk(StrategyCompiler {}, plan, { aged("k", 3, 3, "t1") });
    QCOMPARE(s.phaseCount(), 26);
    QVERIFY(s.phase("debt-cleanup-t1-2"));
    QVERIFY(s.phase("debt-cleanup-t1-2")->debtCleanup);
    QVERIFY(!s.phase("debt-cleanup-t1")->debtCleanup);
    // Without aged issues the plan compiles as written.
    QCOMPARE(compileOk(StrategyCompiler {}, plan, { aged("k", 1, 1, "t1") }).phaseCount(), 25);
}

QTEST_GUILESS_MAIN(TestStrategyCompiler)
#include "tst_strategycompiler.moc"
