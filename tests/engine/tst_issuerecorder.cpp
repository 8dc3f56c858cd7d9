#include "issuerecorder.h"
#include "runblueprint.h"
#include "strategycompiler.h"
#include "twotierplan.h"

#include "store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

// The same rules as IssueTracker, persisted: every case checks the store's rows.
class TestIssueRecorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void severityAndSliceFields();
    void agingAcrossRunsMarksNeedsCleanup();
    void escalatedInNextRunWithDebtCleanup();
    void refusalsWriteNothing();

private:
    // Two tiers: t1 = p1 (docs), p2 (schema_change); t2 = p3 (tests).
    Strategy startRun(const QString &runId, const QString &profile = QStringLiteral("normal"));
    IssueRecord recordOk(const Strategy &s, const QString &phase, const QString &key,
                         std::optional<Severity> severity = Severity::Minor);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_projectId = 0;
};

void TestIssueRecorder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = Store::open(m_dir->filePath(QStringLiteral("autopack.db")));
    QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
    m_store = std::move(*store);
    Project project;
    project.name = QStringLiteral("p");
    project.repoPath = m_dir->path();
    project.baseBranch = QStringLiteral("main");
    auto added = m_store->addProject(project);
    QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
    m_projectId = added->id;
}

void TestIssueRecorder::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

Strategy TestIssueRecorder::startRun(const QString &runId, const QString &profile)
{
    auto backlog = IssueRecorder(*m_store).backlog(m_projectId);
    if (!backlog)
        qFatal("%s", qPrintable(backlog.error().message));
    const Strategy s = TestSupport::compileTwoTierPlan(runId, *backlog, profile);
    const RunBlueprint b = RunBlueprint::fromStrategy(s, m_projectId);
    auto created = m_store->createRun(b.run, b.tiers, b.phases);
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    return s;
}

IssueRecord TestIssueRecorder::recordOk(const Strategy &s, const QString &phase, const QString &key,
                                        std::optional<Severity> severity)
{
    IssueReport r;
    r.phaseId = phase;
    r.issueKey = key;
    r.severity = severity;
    r.source = QStringLiteral("ci");
    r.category = QStringLiteral("test_failure");
    r.evidenceRefs = { QStringLiteral("tests/test_x.py::test_y") };
    auto recorded = IssueRecorder(*m_store).record(s, r);
    if (!recorded)
        qFatal("record refused: %s", qPrintable(recorded.error().message));
    return *recorded;
}

void TestIssueRecorder::severityAndSliceFields()
{
    const Strategy s = startRun(QStringLiteral("r1"));
    IssueRecord r = recordOk(s, "p2", "schema:drift", std::nullopt);
    QCOMPARE(toString(r.stored.issue.severity), QStringLiteral("major")); // high-risk default
    QCOMPARE(r.stored.issue.taskCategory, QStringLiteral("schema_contract_change"));
    QCOMPARE(r.stored.issue.complexity, QStringLiteral("high"));
    QCOMPARE(r.stored.issue.tierId, QStringLiteral("t1"));
    QCOMPARE(r.stored.phase.issueState, QStringLiteral("has_major_issues"));
    r = recordOk(s, "p1", "docs:typo", std::nullopt);
    QCOMPARE(toString(r.stored.issue.severity), QStringLiteral("minor"));
    r = recordOk(s, "p1", "docs:typo");
    QCOMPARE(r.stored.issue.occurrenceCount, 2);
    QCOMPARE(r.stored.phase.minorIssues, 1);
    QCOMPARE(r.stored.run.minorIssues, 1);
    QCOMPARE(r.stored.run.majorIssues, 1);
    QCOMPARE(r.stored.runIssue.occurrenceCount, 2);
}

void TestIssueRecorder::agingAcrossRunsMarksNeedsCleanup()
{
    // Normal thresholds: 3 runs or 2 run+tier pairs. One sighting per run in t1.
    const Strategy r1 = startRun(QStringLiteral("r1"));
    IssueRecord rec = recordOk(r1, "p1", "lint:x");
    QCOMPARE(rec.stored.backlogIssue.status, QStringLiteral("open"));
    QVERIFY(!rec.becameNeedsCleanup);
    rec = recordOk(r1, "p1", "lint:x"); // a repeat in the same run does not age it
    QCOMPARE(rec.stored.backlogIssue.ageInRuns, 1);
    QCOMPARE(rec.stored.backlogIssue.ageInTiers, 1);

    const Strategy r2 = startRun(QStringLiteral("r2"));
    rec = recordOk(r2, "p1", "lint:x");
    QCOMPARE(rec.stored.backlogIssue.ageInRuns, 2);
    QCOMPARE(rec.stored.backlogIssue.ageInTiers, 2);
    QVERIFY(rec.becameNeedsCleanup);
    QCOMPARE(rec.stored.backlogIssue.status, QStringLiteral("needs_cleanup"));
    // What the store keeps, read back.
    auto backlog = m_store->backlog(m_projectId);
    QVERIFY(backlog);
    QCOMPARE(backlog->size(), 1);
    QCOMPARE(backlog->at(0).status, QStringLiteral("needs_cleanup"));
    QCOMPARE(toString(backlog->at(0).effectiveSeverity), QStringLiteral("major"));
    QCOMPARE(toString(backlog->at(0).baseSeverity), QStringLiteral("minor"));
    // A major issue never ages.
    recordOk(r2, "p1", "crash", Severity::Major);
    const IssueRecord major = recordOk(r2, "p3", "crash", Severity::Major);
    QCOMPARE(major.stored.backlogIssue.ageInTiers, 2);
    QCOMPARE(major.stored.backlogIssue.status, QStringLiteral("open"));
}

void TestIssueRecorder::escalatedInNextRunWithDebtCleanup()
{
    const Strategy r1 = startRun(QStringLiteral("r1"), QStringLiteral("safety_critical"));
    // safety_critical: 1 run+tier pair is enough.
    QVERIFY(recordOk(r1, "p1", "flaky:io").becameNeedsCleanup);

    // Where it was last seen comes from r1's index, so cleanup lands in that tier.
    auto entries = IssueRecorder(*m_store).backlog(m_projectId);
    QVERIFY(entries);
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->at(0).lastTierId, QStringLiteral("t1"));
    QCOMPARE(entries->at(0).taskCategory, QStringLiteral("docs"));
    QCOMPARE(toString(entries->at(0).status), QStringLiteral("needs_cleanup"));

    const Strategy r2 = startRun(QStringLiteral("r2"));
    QVERIFY(r2.isEscalated("flaky:io"));
    QCOMPARE(r2.phaseOrder(), (QStringList { "p1", "p2", "debt-cleanup-t1", "p3" }));
    auto run = m_store->run(QStringLiteral("r2"));
    QVERIFY(run);
    QCOMPARE(run->debtStatus, QStringLiteral("needs_cleanup"));
    auto phase = m_store->phase(QStringLiteral("r2"), QStringLiteral("debt-cleanup-t1"));
    QVERIFY(phase);
    QCOMPARE(phase->taskCategory, QStringLiteral("debt_cleanup"));
    QCOMPARE(phase->complexity, QStringLiteral("medium"));

    // Reported as minor, counted as major in the escalated run: t2 tolerates no major.
    const IssueRecord rec = recordOk(r2, "p3", "flaky:io", Severity::Minor);
    QCOMPARE(toString(rec.stored.issue.effectiveSeverity), QStringLiteral("major"));
    QCOMPARE(rec.stored.tier.majorIssues, 1);
    QCOMPARE(rec.stored.phase.issueState, QStringLiteral("has_major_issues"));
    QCOMPARE(toString(rec.stored.runIssue.effectiveSeverity), QStringLiteral("major"));
}

void TestIssueRecorder::refusalsWriteNothing()
{
    const Strategy s = startRun(QStringLiteral("r1"));
    IssueRecorder recorder(*m_store);
    IssueReport r;
    r.phaseId = QStringLiteral("p9");
    r.issueKey = QStringLiteral("k");
    auto refused = recorder.record(s, r);
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(StoreError::Kind::NotFound));
    QCOMPARE(refused.error().message, QStringLiteral("unknown phase p9 in run r1"));

    r.phaseId = QStringLiteral("p1");
    r.issueKey = QStringLiteral("  ");
    refused = recorder.record(s, r);
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("issue_key"));

    r.issueKey = QStringLiteral("k");
    r.runId = QStringLiteral("other");
    refused = recorder.record(s, r);
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("run_id"));

    auto issues = m_store->runIssues(QStringLiteral("r1"));
    QVERIFY(issues);
    QVERIFY(issues->isEmpty());
    auto backlog = m_store->backlog(m_projectId);
    QVERIFY(backlog);
    QVERIFY(backlog->isEmpty());
}

QTEST_GUILESS_MAIN(TestIssueRecorder)
#include "tst_issuerecorder.moc"
