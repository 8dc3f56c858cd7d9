#include "strategy.h"
#include "strategycompiler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Autopack::Engine;

namespace {

// A strategy that uses every field: overrides, a debt-cleanup phase, escalated issues,
// protected globs, an auditor-decided gate and a fractional multiplier.
Strategy richStrategy()
{
    // A plain string literal: moc reads "/**" inside a raw string as a comment opener.
    auto rs = Ruleset::fromJson(QByteArray("{\"human_gates\": false, \"protected_globs\": [\"migrations/**\"], "
                                           "\"category_overrides\": {\"docs\": {\"tier_minor_multiplier\": 0.75, "
                                           "\"auditor_profile\": \"docs_review\"}}}"));
    Plan plan;
    plan.run.runId = QStringLiteral("run-json");
    plan.run.safetyProfile = QStringLiteral("safety_critical");
    plan.tiers = { PlanTier { "t1", 0, "First", "the only tier" } };
    plan.phases = {
        PlanPhase { "a", 0, "t1", "Docs", "write docs", "docs", {}, "tweak_light" },
        PlanPhase { "b", 1, "t1", "Schema", {}, "schema_change", "high", {} },
    };
    BacklogEntry old;
    old.issueKey = QStringLiteral("lint:old");
    old.category = QStringLiteral("lint");
    old.ageInRuns = 2;
    old.ageInTiers = 2;
    auto s = StrategyCompiler(*rs).compile(plan, { old });
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}

} // namespace

class TestStrategy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void stableBytes();
    void jsonShape();
    void lookups();
    void sliceForAgents();
    void refusedWhenDamaged_data();
    void refusedWhenDamaged();
};

void TestStrategy::roundTrip()
{
    const Strategy s = richStrategy();
    QCOMPARE(s.phaseCount(), 3);
    const auto back = Strategy::fromJson(s.toJson());
    QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
    QVERIFY(*back == s);
    const auto fromBytes = Strategy::fromJson(s.toJsonBytes());
    QVERIFY(fromBytes);
    QVERIFY(*fromBytes == s);
    // A default-compiled one too.
    Plan plain;
    plain.run.runId = QStringLiteral("p");
    plain.tiers = { PlanTier { "t", 0, {}, {} } };
    plain.phases = { PlanPhase { "x", 0, "t", {}, {}, {}, {}, {} } };
    const Strategy d = *StrategyCompiler {}.compile(plain);
    QVERIFY(*Strategy::fromJson(d.toJson()) == d);
}

void TestStrategy::stableBytes()
{
    const QByteArray first = richStrategy().toJsonBytes();
    QCOMPARE(richStrategy().toJsonBytes(), first);
    QCOMPARE(Strategy::fromJson(first)->toJsonBytes(), first);
    // Keys in sorted order at the top level, so diffs of two strategies line up.
    const QByteArray compact = QJsonDocument(richStrategy().toJson()).toJson(QJsonDocument::Compact);
    QVERIFY(compact.startsWith("{\"aging\":"));
    QVERIFY(compact.indexOf("\"auto_promotion\"") < compact.indexOf("\"budgets\""));
}

void TestStrategy::jsonShape()
{
    const QJsonObject o = richStrategy().toJson();
    QCOMPARE(o.value("format_version").toInt(), 1);
    QCOMPARE(o.value("run_id").toString(), QStringLiteral("run-json"));
    QCOMPARE(o.value("safety_profile").toString(), QStringLiteral("safety_critical"));
    QCOMPARE(o.value("run_scope").toString(), QStringLiteral("single_tier"));
    QCOMPARE(o.value("budgets").toObject().value("max_minor_issues_total").toInt(), 9);
    const QJsonObject tier = o.value("tiers").toArray().at(0).toObject();
    QCOMPARE(tier.value("budgets").toObject().value("ci_run_cap").toInt(), 6);
    const QJsonArray phases = tier.value("phases").toArray();
    QCOMPARE(phases.size(), 3);
    const QJsonObject a = phases.at(0).toObject();
    QCOMPARE(a.value("builder_mode").toString(), QStringLiteral("tweak_light"));
    QCOMPARE(a.value("max_builder_attempts").toInt(), 2);
    QCOMPARE(a.value("tier_minor_multiplier").toDouble(), 0.75);
    QCOMPARE(a.value("gate").toString(), QStringLiteral("automatic"));
    QCOMPARE(a.value("protected_globs").toArray(), QJsonArray { "migrations/**" });
    const QJsonObject b = phases.at(1).toObject();
    QCOMPARE(b.value("gate").toString(), QStringLiteral("auditor"));
    QCOMPARE(b.value("category").toString(), QStringLiteral("schema_contract_change"));
    QCOMPARE(b.value("task_category").toString(), QStringLiteral("schema_change"));
    const QJsonObject d = phases.at(2).toObject();
    QVERIFY(d.value("debt_cleanup").toBool());
    QCOMPARE(d.value("cleanup_issue_keys").toArray(), QJsonArray { "lint:old" });
    const QJsonObject e = o.value("escalated_issues").toArray().at(0).toObject();
    QCOMPARE(e.value("issue_key").toString(), QStringLiteral("lint:old"));
    QCOMPARE(e.value("cleanup_phase_id").toString(), QStringLiteral("debt-cleanup-t1"));
    // No auditor profile is null, not an empty string.
    Plan plain;
    plain.run.runId = QStringLiteral("p");
    plain.tiers = { PlanTier { "t", 0, {}, {} } };
    plain.phases = { PlanPhase { "x", 0, "t", {}, {}, "docs", {}, {} } };
    const QJsonObject x
        = StrategyCompiler {}.compile(plain)->toJson().value("tiers").toArray().at(0).toObject().value("phases").toArray().at(0).toObject();
    QVERIFY(x.value("auditor_profile").isNull());
}

void TestStrategy::lookups()
{
    const Strategy s = richStrategy();
    QCOMPARE(s.phase("b")->name, QStringLiteral("Schema"));
    QVERIFY(!s.phase("zz"));
    QCOMPARE(s.tierOfPhase("a")->name, QStringLiteral("First"));
    QVERIFY(!s.tier("t9"));
    QCOMPARE(s.phaseOrder(), (QStringList { "a", "b", "debt-cleanup-t1" }));
    QVERIFY(s.isEscalated("lint:old"));
    QVERIFY(!s.isEscalated("lint:new"));
}

void TestStrategy::sliceForAgents()
{
    const Strategy s = richStrategy();
    const QJsonObject slice = s.sliceJson(QStringLiteral("b"));
    QCOMPARE(slice.value("run_id").toString(), QStringLiteral("run-json"));
    QCOMPARE(slice.value("safety_profile").toString(), QStringLiteral("safety_critical"));
    QCOMPARE(slice.value("human_gates").toBool(), false);
    QCOMPARE(slice.value("phase").toObject(), s.phase("b")->toJson());
    QCOMPARE(slice.value("phase").toObject().value("max_auditor_attempts").toInt(), 3);
    QCOMPARE(slice.value("tier_budgets").toObject().value("ci_run_cap").toInt(), 6);
    QCOMPARE(slice.value("escalated_issue_keys").toArray(), QJsonArray { "lint:old" });
    QVERIFY(s.sliceJson(QStringLiteral("nope")).isEmpty());
}

void TestStrategy::refusedWhenDamaged_data()
{
    QTest::addColumn<QString>("pointer"); // slash-separated path into the JSON to change
    QTest::addColumn<QJsonValue>("value"); // Undefined: remove the key
    QTest::addColumn<QString>("error");

    QTest::newRow("wrong version") << "format_version" << QJsonValue(2)
                                   << "$.format_version: expected 1, got 2";
    QTest::newRow("missing run id") << "run_id" << QJsonValue(QJsonValue::Undefined)
                                    << "$.run_id: required field is missing";
    QTest::newRow("incremental not stored") << "run_scope" << QJsonValue("incremental")
                                            << "$.run_scope: expected one of \"multi_tier\", \"single_tier\", got \"incremental\"";
    QTest::newRow("unknown key") << "surprise" << QJsonValue(1)
                                 << "$.surprise: unknown field (known fields here: aging, auto_promotion, budgets, "
                                    "escalated_issues, format_version, high_risk_categories, human_gates, run_id, "
                                    "run_scope, safety_profile, tiers)";
    QTest::newRow("phase attempts") << "tiers/0/phases/1/max_builder_attempts" << QJsonValue("2")
                                    << "$.tiers[0].phases[1].max_builder_attempts: expected a positive integer, got \"2\"";
    QTest::newRow("phase gate") << "tiers/0/phases/0/gate" << QJsonValue("nobody")
                                << "$.tiers[0].phases[0].gate: expected one of \"automatic\", \"reviewer\", "
                                   "\"auditor\", got \"nobody\"";
    QTest::newRow("phase in wrong tier") << "tiers/0/phases/0/tier_id" << QJsonValue("t2")
                                         << "$.tiers[0].phases[0].tier_id: the phase is listed under tier t1 but names "
                                            "tier t2";
    QTest::newRow("missing multiplier") << "tiers/0/phases/2/tier_minor_multiplier" << QJsonValue(QJsonValue::Undefined)
                                        << "$.tiers[0].phases[2].tier_minor_multiplier: required field is missing";
    QTest::newRow("tier budgets") << "tiers/0/budgets/ci_run_cap" << QJsonValue(-1)
                                  << "$.tiers[0].budgets.ci_run_cap: expected a non-negative integer, got -1";
}

namespace {
QJsonValue changed(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    const QString head = path.takeFirst();
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        a[head.toInt()] = changed(a.at(head.toInt()), path, value);
        return a;
    }
    QJsonObject o = node.toObject();
    if (path.isEmpty()) {
        if (value.isUndefined())
            o.remove(head);
        else
            o.insert(head, value);
    } else {
        o.insert(head, changed(o.value(head), path, value));
    }
    return o;
}
} // namespace

void TestStrategy::refusedWhenDamaged()
{
    QFETCH(QString, pointer);
    QFETCH(QJsonValue, value);
    const QJsonObject damaged = changed(richStrategy().toJson(), pointer.split(u'/'), value).toObject();
    const auto s = Strategy::fromJson(damaged);
    QVERIFY2(!s, "a damaged strategy was accepted");
    QTEST(s.error().toString(), "error");
}

QTEST_GUILESS_MAIN(TestStrategy)
#include "tst_strategy.moc"
