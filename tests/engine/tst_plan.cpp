#include "plan.h"

#include <QTest>

using namespace Autopack::Engine;

class TestPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsStartBody();
    void lenientAboutExtrasAndNulls();
    void refused_data();
    void refused();
};

void TestPlan::runsStartBody()
{
    // The body existing agents send to POST /runs/start (SPEC §8).
    const auto plan = Plan::fromJson(QByteArray(R"({
        "run": {"run_id": "auto-build-1", "safety_profile": "normal", "run_scope": "incremental",
                "token_cap": 1000000, "max_phases": 10, "max_duration_minutes": 60},
        "tiers": [{"tier_id": "T1", "tier_index": 0, "name": "Foundation", "description": "base"},
                  {"tier_id": "T2", "tier_index": 1, "name": "Features", "description": ""}],
        "phases": [{"phase_id": "P1", "phase_index": 0, "tier_id": "T1", "name": "Schema", "description": "d",
                    "task_category": "schema_change", "complexity": "high", "builder_mode": "schema_heavy"},
                   {"phase_id": "P2", "phase_index": 1, "tier_id": "T2", "name": "UI",
                    "task_category": "feature_scaffolding", "complexity": "medium"}]
    })"));
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().toString()));
    QCOMPARE(plan->run.runId, QStringLiteral("auto-build-1"));
    QCOMPARE(plan->run.runScope, QStringLiteral("incremental"));
    QCOMPARE(plan->run.tokenCap, std::optional<qint64>(1'000'000));
    QCOMPARE(plan->run.maxPhases, std::optional(10));
    QCOMPARE(plan->run.maxDurationMinutes, std::optional(60));
    QCOMPARE(plan->tiers.size(), 2);
    QCOMPARE(plan->tiers.at(1).name, QStringLiteral("Features"));
    QCOMPARE(plan->phases.size(), 2);
    QCOMPARE(plan->phases.at(0).builderMode, QStringLiteral("schema_heavy"));
    QCOMPARE(plan->phases.at(1).tierId, QStringLiteral("T2"));
    QCOMPARE(plan->phases.at(1).phaseIndex, 1);
    QVERIFY(plan->phases.at(1).builderMode.isEmpty());
}

void TestPlan::lenientAboutExtrasAndNulls()
{
    const auto plan = Plan::fromJson(QByteArray(R"({
        "project_id": 3, "client": "x",
        "run": {"run_id": "r", "safety_profile": null, "token_cap": null, "priority": 2},
        "tiers": [{"tier_id": "a", "color": "red"}, {"tier_id": "b"}],
        "phases": [{"phase_id": "p", "tier_id": "b", "complexity": null, "estimate": 3}]
    })"));
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().toString()));
    QVERIFY(plan->run.safetyProfile.isEmpty());
    QVERIFY(!plan->run.tokenCap);
    QCOMPARE(plan->tiers.at(1).tierIndex, 1); // position when not given
    QCOMPARE(plan->phases.at(0).phaseIndex, 0);
}

void TestPlan::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no run") << QByteArray(R"({"tiers": [], "phases": []})") << "$.run: required field is missing";
    QTest::newRow("no run id") << QByteArray(R"({"run": {}, "tiers": [], "phases": []})")
                               << "$.run.run_id: required field is missing";
    QTest::newRow("run id number") << QByteArray(R"({"run": {"run_id": 5}, "tiers": [], "phases": []})")
                                   << "$.run.run_id: expected a string, got 5";
    QTest::newRow("token cap text") << QByteArray(R"({"run": {"run_id": "r", "token_cap": "lots"}, "tiers": [], "phases": []})")
                                    << "$.run.token_cap: expected a positive integer, got \"lots\"";
    QTest::newRow("tiers object") << QByteArray(R"({"run": {"run_id": "r"}, "tiers": {}, "phases": []})")
                                  << "$.tiers: expected an array, got an object";
    QTest::newRow("tier not object") << QByteArray(R"({"run": {"run_id": "r"}, "tiers": ["a"], "phases": []})")
                                     << "$.tiers[0]: expected an object, got \"a\"";
    QTest::newRow("phase without tier")
        << QByteArray(R"({"run": {"run_id": "r"}, "tiers": [{"tier_id": "a"}], "phases": [{"phase_id": "p"}]})")
        << "$.phases[0].tier_id: required field is missing";
    QTest::newRow("negative index")
        << QByteArray(R"({"run": {"run_id": "r"}, "tiers": [{"tier_id": "a", "tier_index": -1}], "phases": []})")
        << "$.tiers[0].tier_index: expected a non-negative integer, got -1";
    QTest::newRow("not json") << QByteArray("{run") << "$: not valid JSON at offset 2: …";
}

void TestPlan::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const auto plan = Plan::fromJson(json);
    QVERIFY2(!plan, "an invalid plan was accepted");
    if (error.endsWith(u'…'))
        QVERIFY2(plan.error().toString().startsWith(error.chopped(1)), qPrintable(plan.error().toString()));
    else
        QCOMPARE(plan.error().toString(), error);
}

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
