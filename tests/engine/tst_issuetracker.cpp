#include "issuetracker.h"
#include "strategycompiler.h"
#include "twotierplan.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

namespace {

// Two tiers: t1 = p1 (docs), p2 (schema_change, high-risk); t2 = p3 (tests).
Strategy strategy(const QString &runId, const QList<BacklogEntry> &backlog = {},
                  const QString &profile = QStringLiteral("normal"))
{
    return TestSupport::compileTwoTierPlan(runId, backlog, profile);
}

IssueReport report(const QString &run, const QString &phase, const QString &key,
                   std::optional<Severity> severity = Severity::Minor)
{
    IssueReport r;
    r.runId = run;
    r.phaseId = phase;
    r.issueKey = key;
    r.severity = severity;
    r.source = QStringLiteral("test");
    r.category = QStringLiteral("test_failure");
    r.evidenceRefs = { QStringLiteral("src/a.py:1") };
    r.seenAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    return r;
}

RecordOutcome recordOk(IssueTracker &t, const IssueReport &r)
{
    auto o = t.record(r);
    if (!o)
        qFatal("record refused: %s", qPrintable(o.error().toString()));
    return *o;
}

} // namespace

class TestIssueTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phaseLevelDedup();
    void runIndexCountsOccurrences();
    void tierAndRunCounts();
    void defaultSeverityFollowsHighRisk();
    void agingAcrossRuns();
    void agingAcrossTiersInOneRun();
    void safetyCriticalAgesFaster();
    void majorIssuesDoNotAge();
    void agedIssueEscalatedAndCleanedUpInNextRun();
    void resolveAndReopen();
    void refusalsChangeNothing();
    void restoredBacklogContinuesCounting();
    void reportFromJson();
    void artefactsJson();
};

void TestIssueTracker::phaseLevelDedup()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    RecordOutcome o = recordOk(t, report("r1", "p1", "lint:a"));
    QVERIFY(o.newInPhase);
    QVERIFY(o.newInRun);
    QVERIFY(o.newInBacklog);
    QCOMPARE(o.phase, (IssueCounts { 1, 0 }));
    QCOMPARE(o.phase.issueState(), QStringLiteral("has_minor_issues"));

    IssueReport again = report("r1", "p1", "lint:a");
    again.evidenceRefs = { QStringLiteral("src/b.py:2"), QStringLiteral("src/a.py:1") };
    o = recordOk(t, again);
    QVERIFY(!o.newInPhase);
    QVERIFY(!o.newInRun);
    QCOMPARE(o.phase, (IssueCounts { 1, 0 }));

    o = recordOk(t, report("r1", "p1", "lint:b"));
    QCOMPARE(o.phase, (IssueCounts { 2, 0 }));
    o = recordOk(t, report("r1", "p1", "crash", Severity::Major));
    QCOMPARE(o.phase, (IssueCounts { 2, 1 }));
    QCOMPARE(o.phase.issueState(), QStringLiteral("has_major_issues"));

    const QList<PhaseIssue> issues = t.phaseIssues("r1", "p1");
    QCOMPARE(issues.size(), 3);
    QCOMPARE(issues.at(1).issueKey, QStringLiteral("lint:a"));
    QCOMPARE(issues.at(1).occurrenceCount, 2);
    QCOMPARE(issues.at(1).evidenceRefs, (QStringList { "src/a.py:1", "src/b.py:2" }));
    QCOMPARE(t.phaseCounts("r1", "p3").issueState(), QStringLiteral("no_issues"));

    // A repeat reported as major raises the key, it does not add one.
    o = recordOk(t, report("r1", "p1", "lint:b", Severity::Major));
    QCOMPARE(o.phase, (IssueCounts { 1, 2 }));
}

void TestIssueTracker::runIndexCountsOccurrences()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "k"));
    recordOk(t, report("r1", "p1", "k"));
    recordOk(t, report("r1", "p3", "k"));
    recordOk(t, report("r1", "p2", "other", Severity::Minor));
    const QList<RunIssueEntry> index = t.runIndex("r1");
    QCOMPARE(index.size(), 2);
    const RunIssueEntry &k = index.at(0);
    QCOMPARE(k.issueKey, QStringLiteral("k"));
    QCOMPARE(k.occurrenceCount, 3);
    QCOMPARE(k.firstPhaseIndex, 0);
    QCOMPARE(k.lastPhaseIndex, 2);
    QCOMPARE(k.phasesSeen, (QStringList { "p1", "p3" }));
    QCOMPARE(k.tiersSeen, (QStringList { "t1", "t2" }));
    QCOMPARE(k.taskCategory, QStringLiteral("docs"));
    QCOMPARE(k.complexity, QStringLiteral("low"));
    QCOMPARE(index.at(1).issueKey, QStringLiteral("other"));
    QCOMPARE(index.at(1).firstPhaseIndex, 1);
    // Distinct counts: 2 keys, however often seen.
    QCOMPARE(t.runCounts("r1"), (IssueCounts { 2, 0 }));
}

void TestIssueTracker::tierAndRunCounts()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "a"));
    recordOk(t, report("r1", "p2", "a")); // same key, same tier
    recordOk(t, report("r1", "p2", "b", Severity::Major));
    recordOk(t, report("r1", "p3", "a"));
    recordOk(t, report("r1", "p3", "c"));
    QCOMPARE(t.tierCounts("r1", "t1"), (IssueCounts { 1, 1 }));
    QCOMPARE(t.tierCounts("r1", "t2"), (IssueCounts { 2, 0 }));
    QCOMPARE(t.runCounts("r1"), (IssueCounts { 2, 1 }));
}

void TestIssueTracker::defaultSeverityFollowsHighRisk()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    QCOMPARE(toString(recordOk(t, report("r1", "p2", "schema", std::nullopt)).effectiveSeverity), QStringLiteral("major"));
    QCOMPARE(toString(recordOk(t, report("r1", "p1", "docs", std::nullopt)).effectiveSeverity), QStringLiteral("minor"));
    // An explicit severity is kept, even in a high-risk category.
    QCOMPARE(toString(recordOk(t, report("r1", "p2", "small", Severity::Minor)).effectiveSeverity), QStringLiteral("minor"));
    QCOMPARE(toString(t.backlogEntry("schema")->baseSeverity), QStringLiteral("major"));
}

void TestIssueTracker::agingAcrossRuns()
{
    // Normal: 3 runs or 2 tiers. Seen once per run, always in tier t1: ages by runs.
    IssueTracker t;
    for (int run = 1; run <= 3; ++run) {
        const QString id = QStringLiteral("r%1").arg(run);
        QVERIFY(t.startRun(strategy(id)));
        recordOk(t, report(id, "p1", "flaky"));
        const RecordOutcome o = recordOk(t, report(id, "p1", "flaky")); // repeats do not age
        const BacklogEntry e = *t.backlogEntry("flaky");
        QCOMPARE(e.ageInRuns, run);
        QCOMPARE(e.ageInTiers, run);
        QCOMPARE(e.firstRun, QStringLiteral("r1"));
        QCOMPARE(e.lastRun, id);
        if (run < 2)
            QCOMPARE(toString(o.backlogStatus), QStringLiteral("open"));
    }
    // Run 2 already made 2 run+tier pairs: needs_cleanup by the tiers threshold.
    QCOMPARE(toString(t.backlogEntry("flaky")->status), QStringLiteral("needs_cleanup"));
}

void TestIssueTracker::agingAcrossTiersInOneRun()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    RecordOutcome o = recordOk(t, report("r1", "p1", "k"));
    QCOMPARE(toString(o.backlogStatus), QStringLiteral("open"));
    o = recordOk(t, report("r1", "p2", "k")); // same tier: still one pair
    QCOMPARE(t.backlogEntry("k")->ageInTiers, 1);
    QVERIFY(!o.becameNeedsCleanup);
    o = recordOk(t, report("r1", "p3", "k")); // second tier
    QCOMPARE(t.backlogEntry("k")->ageInTiers, 2);
    QCOMPARE(t.backlogEntry("k")->ageInRuns, 1);
    QVERIFY(o.becameNeedsCleanup);
    QCOMPARE(toString(o.backlogStatus), QStringLiteral("needs_cleanup"));
    o = recordOk(t, report("r1", "p3", "k"));
    QVERIFY(!o.becameNeedsCleanup); // only once
}

void TestIssueTracker::safetyCriticalAgesFaster()
{
    // safety_critical: 2 runs or 1 tier, so the first sighting already ages it.
    IssueTracker t;
    Strategy s = strategy("r1", {}, QStringLiteral("safety_critical"));
    QVERIFY(t.startRun(s));
    const RecordOutcome o = recordOk(t, report("r1", "p1", "k"));
    QVERIFY(o.becameNeedsCleanup);
}

void TestIssueTracker::majorIssuesDoNotAge()
{
    IssueTracker t;
    for (const QString &id : { QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3") }) {
        QVERIFY(t.startRun(strategy(id)));
        recordOk(t, report(id, "p1", "crash", Severity::Major));
        recordOk(t, report(id, "p3", "crash", Severity::Major));
    }
    QCOMPARE(t.backlogEntry("crash")->ageInRuns, 3);
    QCOMPARE(toString(t.backlogEntry("crash")->status), QStringLiteral("open"));
}

void TestIssueTracker::agedIssueEscalatedAndCleanedUpInNextRun()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "lint:x"));
    QVERIFY(t.startRun(strategy("r2")));
    recordOk(t, report("r2", "p1", "lint:x"));
    QCOMPARE(toString(t.backlogEntry("lint:x")->status), QStringLiteral("needs_cleanup"));
    // While aging, r2's own record stays minor: escalation is for new runs.
    QCOMPARE(t.runCounts("r2"), (IssueCounts { 1, 0 }));

    const Strategy r3 = strategy("r3", t.backlog());
    QVERIFY(r3.isEscalated("lint:x"));
    QCOMPARE(r3.phaseOrder(), (QStringList { "p1", "p2", "debt-cleanup-t1", "p3" }));
    QVERIFY(t.startRun(r3));
    const RecordOutcome o = recordOk(t, report("r3", "p3", "lint:x", Severity::Minor));
    QCOMPARE(toString(o.effectiveSeverity), QStringLiteral("major"));
    QCOMPARE(o.phase, (IssueCounts { 0, 1 }));
    QCOMPARE(t.tierCounts("r3", "t2"), (IssueCounts { 0, 1 }));
    QCOMPARE(toString(t.runIndex("r3").at(0).severity), QStringLiteral("minor"));
    QCOMPARE(toString(t.runIndex("r3").at(0).effectiveSeverity), QStringLiteral("major"));
    QCOMPARE(toString(t.backlogEntry("lint:x")->baseSeverity), QStringLiteral("minor"));
    QCOMPARE(t.backlogEntry("lint:x")->ageInRuns, 3);
}

void TestIssueTracker::resolveAndReopen()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "k"));
    QVERIFY(!t.resolve("k", "alice", "  "));
    const auto unknown = t.resolve("nope", "alice", "fixed");
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().toString(), QStringLiteral("$.issue_key: no backlog issue with key nope"));
    const auto resolved = t.resolve("k", "alice", "fixed in abc123");
    QVERIFY(resolved);
    QCOMPARE(toString(resolved->status), QStringLiteral("resolved"));
    QCOMPARE(resolved->resolvedBy, QStringLiteral("alice"));
    // A resolved issue is not escalated in a new run.
    QVERIFY(!strategy("r2", t.backlog()).isEscalated("k"));

    QVERIFY(t.startRun(strategy("r2")));
    const RecordOutcome o = recordOk(t, report("r2", "p1", "k"));
    QVERIFY(o.reopened);
    // Seen in 2 run+tier pairs by now: reopened straight into needs_cleanup.
    QCOMPARE(toString(o.backlogStatus), QStringLiteral("needs_cleanup"));
    QVERIFY(t.backlogEntry("k")->resolvedBy.isEmpty());
}

void TestIssueTracker::refusalsChangeNothing()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    const auto twice = t.startRun(strategy("r1"));
    QVERIFY(!twice);
    QCOMPARE(twice.error().toString(), QStringLiteral("$.run_id: run r1 is already tracked"));

    auto r = t.record(report("r9", "p1", "k"));
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.run_id: unknown run r9"));
    r = t.record(report("r1", "p9", "k"));
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.phase_id: unknown phase p9 in run r1"));
    r = t.record(report("r1", "p1", " "));
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.issue_key: required field is missing"));
    QVERIFY(t.backlog().isEmpty());
    QVERIFY(t.runIndex("r1").isEmpty());
    QVERIFY(t.phaseIssues("r1", "p1").isEmpty());
}

void TestIssueTracker::restoredBacklogContinuesCounting()
{
    BacklogEntry stored;
    stored.issueKey = QStringLiteral("k");
    stored.ageInRuns = 1;
    stored.ageInTiers = 1;
    stored.firstRun = QStringLiteral("r1");
    stored.lastRun = QStringLiteral("r1");
    stored.lastTierId = QStringLiteral("t1");
    IssueTracker t({ stored });
    // r1 was in progress when the tracker was rebuilt: seeing k again in r1/t1 adds nothing.
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "k"));
    QCOMPARE(t.backlogEntry("k")->ageInRuns, 1);
    QCOMPARE(t.backlogEntry("k")->ageInTiers, 1);
    QVERIFY(t.startRun(strategy("r2")));
    recordOk(t, report("r2", "p3", "k"));
    QCOMPARE(t.backlogEntry("k")->ageInRuns, 2);
    QCOMPARE(t.backlogEntry("k")->ageInTiers, 2);
    QCOMPARE(t.backlogEntry("k")->firstRun, QStringLiteral("r1"));

    BacklogIssue row;
    row.issueKey = QStringLiteral("x");
    row.ageInRuns = 4;
    row.ageInTiers = 5;
    row.status = QStringLiteral("needs_cleanup");
    row.baseSeverity = Severity::Major;
    const BacklogEntry e = BacklogEntry::fromStored(row);
    QCOMPARE(e.ageInRuns, 4);
    QCOMPARE(e.ageInTiers, 5);
    QCOMPARE(toString(e.status), QStringLiteral("needs_cleanup"));
    QCOMPARE(toString(e.baseSeverity), QStringLiteral("major"));
}

void TestIssueTracker::reportFromJson()
{
    auto r = IssueReport::fromJson(QJsonObject {
        { "issue_key", "lint:x" },
        { "severity", "major" },
        { "source", "static_check" },
        { "category", "lint" },
        { "expected_fail", true },
        { "evidence_refs", "src/x.py:3" },
        { "description", "unused import" },
        { "extra", 1 },
    });
    QVERIFY(r);
    QCOMPARE(r->issueKey, QStringLiteral("lint:x"));
    QVERIFY(r->severity == Severity::Major);
    QCOMPARE(r->evidenceRefs, QStringList { "src/x.py:3" });
    QCOMPARE(r->description, QStringLiteral("unused import"));
    QVERIFY(r->expectedFail);

    r = IssueReport::fromJson(QJsonObject { { "issue_key", "k" }, { "evidence_refs", QJsonArray { "a", "b" } },
                                            { "severity", QJsonValue::Null } });
    QVERIFY(r);
    QVERIFY(!r->severity.has_value());
    QCOMPARE(r->evidenceRefs, (QStringList { "a", "b" }));

    r = IssueReport::fromJson(QJsonObject { { "issue_key", "k" }, { "severity", "critical" } });
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.severity: expected one of \"minor\", \"major\", got \"critical\""));
    r = IssueReport::fromJson(QJsonObject { { "severity", "minor" } });
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.issue_key: required field is missing"));
    r = IssueReport::fromJson(QJsonObject { { "issue_key", "k" }, { "evidence_refs", QJsonArray { "a", 3 } } });
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), QStringLiteral("$.evidence_refs[1]: expected a non-empty string, got 3"));
}

void TestIssueTracker::artefactsJson()
{
    IssueTracker t;
    QVERIFY(t.startRun(strategy("r1")));
    recordOk(t, report("r1", "p1", "k"));
    recordOk(t, report("r1", "p3", "k"));
    const QJsonObject index = t.runIndexJson("r1");
    QCOMPARE(index.value("run_id").toString(), QStringLiteral("r1"));
    QCOMPARE(index.value("distinct_issues").toInt(), 1);
    const QJsonObject entry = index.value("issues").toArray().at(0).toObject();
    QCOMPARE(entry.value("occurrence_count").toInt(), 2);
    QCOMPARE(entry.value("tiers_seen").toArray(), (QJsonArray { "t1", "t2" }));
    QCOMPARE(entry.value("effective_severity").toString(), QStringLiteral("minor"));
    QCOMPARE(entry.value("first_seen").toString(), QStringLiteral("2026-01-01T12:00:00.000Z"));
    const QJsonObject backlog = t.backlogJson().value("issues").toArray().at(0).toObject();
    QCOMPARE(backlog.value("age_in_runs").toInt(), 1);
    QCOMPARE(backlog.value("age_in_tiers").toInt(), 2);
    QCOMPARE(backlog.value("status").toString(), QStringLiteral("needs_cleanup"));
}

QTEST_GUILESS_MAIN(TestIssueTracker)
#include "tst_issuetracker.moc"
