#include "ruleset.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Autopack::Engine;

class TestRuleset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyIsDefaults_data();
    void emptyIsDefaults();
    void fullRuleset();
    void documentedExampleParses();
    void aliasesAndOverrideKeys();
    void highRiskListReplacesBuiltin();
    void defaultRunScopeFollowsProfile();
    void fromProjectMergesProtectedGlobs();
    void refused_data();
    void refused();
};

void TestRuleset::emptyIsDefaults_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("empty document") << QByteArray("");
    QTest::newRow("whitespace") << QByteArray("  \n");
}

void TestRuleset::emptyIsDefaults()
{
    QFETCH(QByteArray, json);
    const auto rs = Ruleset::fromJson(json);
    QVERIFY2(rs.has_value(), qPrintable(rs ? QString() : rs.error().toString()));
    QVERIFY(*rs == Ruleset {});
    QCOMPARE(toString(rs->safetyProfile), QStringLiteral("normal"));
    QVERIFY(rs->humanGates);
    QVERIFY(!rs->autoPromotion);
    QCOMPARE(rs->aging(SafetyProfile::Normal), (AgingThresholds { 3, 2 }));
    QCOMPARE(rs->aging(SafetyProfile::SafetyCritical), (AgingThresholds { 2, 1 }));
    QCOMPARE(rs->effectiveHighRisk(),
             (QStringList { "cross_cutting_refactor", "index_registry_change", "schema_contract_change",
                            "bulk_multi_file_operation", "security_auth_change" }));
    QVERIFY(rs->protectedGlobs.isEmpty());
}

void TestRuleset::fullRuleset()
{
    const QByteArray json = R"({
        "version": 1,
        "description": "x",
        "safety_profile": "safety_critical",
        "run_scope": "incremental",
        "human_gates": false,
        "auto_promotion": true,
        "debt_cleanup_phases": false,
        "protected_globs": ["migrations/**", "LICENSE"],
        "category_overrides": {
            "Docs": {"complexity": "medium", "ci_profile": "strict", "builder_mode": "tweak_light",
                     "builder_attempts": 5, "auditor_attempts": 0, "incident_token_cap": 123,
                     "tier_minor_multiplier": 0.25, "auto_apply": false, "auditor_profile": "docs_review",
                     "allow_protected_paths": true},
            "security_auth_change": {"auditor_profile": null}
        },
        "aging": {"normal": {"runs": 5}, "safety_critical": {"tiers": 3}},
        "budgets": {"run": {"token_cap": 10, "max_phases": 4, "max_duration_minutes": 60,
                            "max_minor_issues_per_phase": 0},
                    "tier": {"token_cap_multiplier": 4, "ci_runs_per_phase": 5, "max_major_issues_tolerated": 1}}
    })";
    const auto rs = Ruleset::fromJson(json);
    QVERIFY2(rs.has_value(), qPrintable(rs ? QString() : rs.error().toString()));
    QCOMPARE(rs->description, QStringLiteral("x"));
    QCOMPARE(toString(rs->safetyProfile), QStringLiteral("safety_critical"));
    QVERIFY(rs->runScope == RunScope::MultiTier);
    QVERIFY(!rs->humanGates);
    QVERIFY(rs->autoPromotion);
    QVERIFY(!rs->debtCleanupPhases);
    QCOMPARE(rs->protectedGlobs, (QStringList { "migrations/**", "LICENSE" }));
    QCOMPARE(rs->categoryOverrides.keys(), (QStringList { "docs", "security_auth_change" }));
    const CategoryOverride docs = rs->categoryOverrides.value("docs");
    QVERIFY(docs.complexity == Complexity::Medium);
    QVERIFY(docs.ciProfile == CiProfile::Strict);
    QVERIFY(docs.builderMode == BuilderMode::TweakLight);
    QCOMPARE(docs.builderAttempts, std::optional(5));
    QCOMPARE(docs.auditorAttempts, std::optional(0));
    QCOMPARE(docs.incidentTokenCap, std::optional<qint64>(123));
    QCOMPARE(docs.tierMinorMultiplier, std::optional(0.25));
    QCOMPARE(docs.autoApply, std::optional(false));
    QCOMPARE(docs.auditorProfile, std::optional(QStringLiteral("docs_review")));
    QCOMPARE(docs.allowProtectedPaths, std::optional(true));
    QCOMPARE(rs->categoryOverrides.value("security_auth_change").auditorProfile, std::optional(QString()));
    QCOMPARE(rs->agingNormal, (AgingThresholds { 5, 2 }));
    QCOMPARE(rs->agingSafetyCritical, (AgingThresholds { 2, 3 }));
    QCOMPARE(rs->runBudget.tokenCap, std::optional<qint64>(10));
    QCOMPARE(rs->runBudget.maxPhases, std::optional(4));
    QCOMPARE(rs->runBudget.maxDurationMinutes, std::optional(60));
    QCOMPARE(rs->runBudget.maxMinorIssuesPerPhase, std::optional(0));
    QCOMPARE(rs->tierBudget.tokenCapMultiplier, std::optional(4));
    QCOMPARE(rs->tierBudget.ciRunsPerPhase, std::optional(5));
    QCOMPARE(rs->tierBudget.maxMajorIssuesTolerated, std::optional(1));
}

void TestRuleset::documentedExampleParses()
{
    QFile doc(QStringLiteral(AUTOPACK_SOURCE_DIR "/docs/ruleset.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
    const QString text = QString::fromUtf8(doc.readAll());
    const auto match = QRegularExpression(QStringLiteral("```json\\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption)
                           .match(text);
    QVERIFY(match.hasMatch());
    const auto rs = Ruleset::fromJson(match.captured(1).toUtf8());
    QVERIFY2(rs.has_value(), qPrintable(rs ? QString() : rs.error().toString()));
    // Spot checks that the example means what its text says.
    QCOMPARE(rs->canonicalCategory(u"billing"), QStringLiteral("payments"));
    QVERIFY(rs->isHighRisk(QStringLiteral("payments")));
    QVERIFY(rs->isHighRisk(QStringLiteral("schema_contract_change")));
    QCOMPARE(rs->categoryOverrides.value("schema_contract_change").auditorAttempts, std::optional(4));
    QCOMPARE(rs->runBudget.maxPhases, std::optional(30));
}

void TestRuleset::aliasesAndOverrideKeys()
{
    const auto rs = Ruleset::fromJson(QByteArray(R"({
        "category_aliases": {"Refactor": "cross-cutting refactor", "db": "schema_change"},
        "category_overrides": {"bulk_operation": {"builder_attempts": 4}, "refactor": {"auditor_attempts": 1}}
    })"));
    QVERIFY2(rs.has_value(), qPrintable(rs ? QString() : rs.error().toString()));
    QCOMPARE(rs->canonicalCategory(u"REFACTOR"), QStringLiteral("cross_cutting_refactor"));
    // An alias of an alias ends at the canonical category.
    QCOMPARE(rs->canonicalCategory(u"db"), QStringLiteral("schema_contract_change"));
    QCOMPARE(rs->canonicalCategory(u"index_registry_maintenance"), QStringLiteral("index_registry_change"));
    QCOMPARE(rs->canonicalCategory(u"something new"), QStringLiteral("something_new"));
    QCOMPARE(rs->categoryOverrides.keys(), (QStringList { "bulk_multi_file_operation", "cross_cutting_refactor" }));
}

void TestRuleset::highRiskListReplacesBuiltin()
{
    const auto rs = Ruleset::fromJson(QByteArray(R"({"high_risk_categories": ["schema_change", "Payments", "payments"]})"));
    QVERIFY2(rs.has_value(), qPrintable(rs ? QString() : rs.error().toString()));
    QCOMPARE(rs->effectiveHighRisk(), (QStringList { "schema_contract_change", "payments" }));
    QVERIFY(!rs->isHighRisk(QStringLiteral("cross_cutting_refactor")));
}

void TestRuleset::defaultRunScopeFollowsProfile()
{
    Ruleset rs;
    QCOMPARE(toString(rs.defaultRunScope(SafetyProfile::Normal)), QStringLiteral("multi_tier"));
    QCOMPARE(toString(rs.defaultRunScope(SafetyProfile::SafetyCritical)), QStringLiteral("single_tier"));
    rs.runScope = RunScope::MultiTier;
    QCOMPARE(toString(rs.defaultRunScope(SafetyProfile::SafetyCritical)), QStringLiteral("multi_tier"));
}

void TestRuleset::fromProjectMergesProtectedGlobs()
{
    Autopack::Project project;
    project.rulesetJson = QStringLiteral(R"({"protected_globs": ["LICENSE", "secrets/*"], "human_gates": false})");
    project.protectedGlobs = { QStringLiteral("secrets/*"), QStringLiteral("*.pem") };
    const auto rs = Ruleset::fromProject(project);
    QVERIFY2(rs, qPrintable(rs ? QString() : rs.error().toString()));
    QCOMPARE(rs->protectedGlobs, (QStringList { "LICENSE", "secrets/*", "*.pem" }));
    QVERIFY(!rs->humanGates);

    project.rulesetJson = QStringLiteral(R"({"human_gates": "no"})");
    const auto bad = Ruleset::fromProject(project);
    QVERIFY(!bad);
    QCOMPARE(bad.error().toString(), QStringLiteral(R"($.human_gates: expected true or false, got "no")"));
    // A project row's default ruleset is "{}".
    QVERIFY(Ruleset::fromProject(Autopack::Project {}));
}

void TestRuleset::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // the whole "path: message", or a prefix ending in "…"

    QTest::newRow("attempts not a number")
        << QByteArray(R"({"category_overrides": {"docs": {"builder_attempts": "x"}}})")
        << R"($.category_overrides.docs.builder_attempts: expected a positive integer, got "x")";
    QTest::newRow("attempts zero") << QByteArray(R"({"category_overrides": {"docs": {"builder_attempts": 0}}})")
                                   << "$.category_overrides.docs.builder_attempts: expected a positive integer, got 0";
    QTest::newRow("attempts fractional")
        << QByteArray(R"({"category_overrides": {"tests": {"builder_attempts": 2.5}}})")
        << "$.category_overrides.tests.builder_attempts: expected a positive integer, got 2.5";
    QTest::newRow("attempts too many")
        << QByteArray(R"({"category_overrides": {"tests": {"builder_attempts": 500}}})")
        << "$.category_overrides.tests.builder_attempts: expected a positive integer no greater than 20, got 500";
    QTest::newRow("auditor negative")
        << QByteArray(R"({"category_overrides": {"tests": {"auditor_attempts": -1}}})")
        << "$.category_overrides.tests.auditor_attempts: expected a non-negative integer, got -1";
    QTest::newRow("unknown top key") << QByteArray(R"({"human_gate": true})")
                                     << "$.human_gate: unknown field (known fields here: …";
    QTest::newRow("unknown override key")
        << QByteArray(R"({"category_overrides": {"docs": {"retries": 2}}})")
        << "$.category_overrides.docs.retries: unknown field (known fields here: …";
    QTest::newRow("unknown budget key") << QByteArray(R"({"budgets": {"run": {"max_phase": 3}}})")
                                        << "$.budgets.run.max_phase: unknown field (known fields here: …";
    QTest::newRow("bad safety profile") << QByteArray(R"({"safety_profile": "paranoid"})")
                                        << R"($.safety_profile: expected one of "normal", "safety_critical", got "paranoid")";
    QTest::newRow("bad run scope") << QByteArray(R"({"run_scope": 2})")
                                   << R"($.run_scope: expected one of "multi_tier", "single_tier", "incremental", got 2)";
    QTest::newRow("bad complexity") << QByteArray(R"({"category_overrides": {"docs": {"complexity": "huge"}}})")
                                    << R"($.category_overrides.docs.complexity: expected one of "low", "medium", "high", got "huge")";
    QTest::newRow("bad ci profile") << QByteArray(R"({"category_overrides": {"docs": {"ci_profile": "lenient"}}})")
                                    << "$.category_overrides.docs.ci_profile: expected one of \"normal\", \"strict\", got \"lenient\"";
    QTest::newRow("bad builder mode")
        << QByteArray(R"({"category_overrides": {"docs": {"builder_mode": "heavy"}}})")
        << "$.category_overrides.docs.builder_mode: expected one of \"tweak_light\", \"scaffolding_heavy\", "
           "\"refactor_heavy\", \"schema_heavy\", got \"heavy\"";
    QTest::newRow("bool as string") << QByteArray(R"({"human_gates": "yes"})")
                                    << R"($.human_gates: expected true or false, got "yes")";
    QTest::newRow("multiplier negative")
        << QByteArray(R"({"category_overrides": {"docs": {"tier_minor_multiplier": -0.5}}})")
        << "$.category_overrides.docs.tier_minor_multiplier: expected a number from 0 to 100, got -0.5";
    QTest::newRow("auditor profile empty")
        << QByteArray(R"({"category_overrides": {"docs": {"auditor_profile": ""}}})")
        << R"($.category_overrides.docs.auditor_profile: expected a non-empty string or null, got "")";
    QTest::newRow("override not object") << QByteArray(R"({"category_overrides": {"docs": 3}})")
                                         << "$.category_overrides.docs: expected an object, got 3";
    QTest::newRow("override twice through alias")
        << QByteArray(R"({"category_overrides": {"schema_change": {}, "schema_contract_change": {}}})")
        << "$.category_overrides.schema_contract_change: \"schema_contract_change\" names the category "
           "schema_contract_change a second time";
    QTest::newRow("override key with space")
        << QByteArray(R"({"category_overrides": {"my docs": {"auto_apply": 1}}})")
        << R"($.category_overrides["my docs"].auto_apply: expected true or false, got 1)";
    QTest::newRow("alias redefines builtin") << QByteArray(R"({"category_aliases": {"docs": "tests"}})")
                                             << "$.category_aliases.docs: \"docs\" is already a built-in category "
                                                "or alias and cannot be redefined";
    QTest::newRow("alias target not string") << QByteArray(R"({"category_aliases": {"d": 1}})")
                                             << "$.category_aliases.d: expected a category name, got 1";
    QTest::newRow("glob absolute") << QByteArray(R"({"protected_globs": ["src/**", "/etc/*"]})")
                                   << "$.protected_globs[1]: expected a glob relative to the repository root, "
                                      "without '..', got \"/etc/*\"";
    QTest::newRow("glob escapes") << QByteArray(R"({"protected_globs": ["../x"]})")
                                  << "$.protected_globs[0]: expected a glob relative to the repository root, "
                                     "without '..', got \"../x\"";
    QTest::newRow("glob not string") << QByteArray(R"({"protected_globs": ["a", 2]})")
                                     << "$.protected_globs[1]: expected a non-empty string, got 2";
    QTest::newRow("globs not array") << QByteArray(R"({"protected_globs": "src/**"})")
                                     << R"($.protected_globs: expected an array of strings, got "src/**")";
    QTest::newRow("high risk not array") << QByteArray(R"({"high_risk_categories": {}})")
                                         << "$.high_risk_categories: expected an array of strings, got an object";
    QTest::newRow("aging zero") << QByteArray(R"({"aging": {"safety_critical": {"runs": 0}}})")
                                << "$.aging.safety_critical.runs: expected a positive integer, got 0";
    QTest::newRow("aging unknown profile") << QByteArray(R"({"aging": {"strict": {"runs": 1}}})")
                                           << "$.aging.strict: unknown field (known fields here: normal, safety_critical)";
    QTest::newRow("token cap null") << QByteArray(R"({"budgets": {"run": {"token_cap": null}}})")
                                    << "$.budgets.run.token_cap: expected a positive integer, got null";
    QTest::newRow("max duration too long") << QByteArray(R"({"budgets": {"run": {"max_duration_minutes": 100000}}})")
                                           << "$.budgets.run.max_duration_minutes: expected a positive integer no "
                                              "greater than 10080, got 100000";
    QTest::newRow("tier multiplier zero") << QByteArray(R"({"budgets": {"tier": {"token_cap_multiplier": 0}}})")
                                          << "$.budgets.tier.token_cap_multiplier: expected a positive integer, got 0";
    QTest::newRow("budgets not object") << QByteArray(R"({"budgets": []})")
                                        << "$.budgets: expected an object, got an array";
    QTest::newRow("version 2") << QByteArray(R"({"version": 2})")
                               << "$.version: expected 1, got 2";
    QTest::newRow("not json") << QByteArray("{\"human_gates\": tru}") << "$: not valid JSON at offset …";
    QTest::newRow("array at top") << QByteArray("[]") << "$: expected a JSON object at the top level";
}

void TestRuleset::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const auto rs = Ruleset::fromJson(json);
    QVERIFY2(!rs.has_value(), "an invalid ruleset was accepted");
    const QString got = rs.error().toString();
    if (expected.endsWith(u'…'))
        QVERIFY2(got.startsWith(expected.chopped(1)), qPrintable(got));
    else
        QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestRuleset)
#include "tst_ruleset.moc"
