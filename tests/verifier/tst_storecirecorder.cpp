// StoreCiRecorder against a real Store (SQLite in a QTemporaryDir) fed by a real
// Verifier running real processes.
#include "store.h"
#include "storecirecorder.h"
#include "testrepo.h"
#include "verifier.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ci;

class TestStoreCiRecorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void redRecordsAttemptsAndCiIssue();
    void flakyRecordsMinorIssue();
    void outputIsStoredWhileRunning();
    void attemptNumbersContinueAcrossRuns();
    void boundedUtf8OutputStoredExactly();
    void environmentFailureStored();
    void refusedWriteIsReported();
    void noCommandNoticeIsAnEvent();

private:
    CiRequest request(const QByteArray &json);
    CiResult runOne(const CiRequest &req);

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<StoreCiRecorder> m_recorder;
    std::unique_ptr<Verifier> m_verifier;
    QString m_repo;
    QString m_head;
    QList<CiResult> m_results;
};

void TestStoreCiRecorder::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_repo = m_tmp->filePath(QStringLiteral("repo"));
    QString error;
    m_head = TestRepo::commit(
        m_repo, { { "red.sh", "echo boom: expected 1 got 2 >&2\nexit 3\n" } }, QString(), true, &error);
    QVERIFY2(!m_head.isEmpty(), qPrintable(error));

    auto store = Store::open(m_tmp->filePath(QStringLiteral("autopack.db")));
    QVERIFY2(store, qPrintable(store ? QString() : store.error().toString()));
    m_store = std::move(*store);
    Project project;
    project.name = QStringLiteral("demo");
    project.repoPath = m_repo;
    project.baseBranch = QStringLiteral("main");
    auto added = m_store->addProject(project);
    QVERIFY2(added, qPrintable(added ? QString() : added.error().toString()));
    Run run;
    run.runId = QStringLiteral("run-1");
    run.projectId = added->id;
    run.integrationBranch = QStringLiteral("autonomous/run-1");
    // Text columns are NOT NULL in the store's schema: give them values.
    run.debtStatus = QStringLiteral("none");
    run.strategyJson = QStringLiteral("{}");
    run.baseCommit = m_head;
    run.failureReason = QStringLiteral("");
    Tier tier;
    tier.tierId = QStringLiteral("T1");
    tier.name = QStringLiteral("Tier 1");
    tier.ciRunCap = 2;
    tier.description = QStringLiteral("");
    Phase phase;
    phase.tierId = tier.tierId;
    phase.phaseId = QStringLiteral("P1");
    phase.name = QStringLiteral("Phase 1");
    phase.taskCategory = QStringLiteral("tests");
    phase.description = QStringLiteral("");
    phase.complexity = QStringLiteral("low");
    phase.builderMode = QStringLiteral("tweak_light");
    phase.baseCommit = m_head;
    phase.candidateCommit = m_head;
    auto created = m_store->createRun(run, { tier }, { phase });
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));

    m_recorder = std::make_unique<StoreCiRecorder>(m_store.get());
    m_recorder->setFlushInterval(20);
    Verifier::Options opts;
    opts.workDir = m_tmp->filePath(QStringLiteral("work"));
    m_verifier = std::make_unique<Verifier>(m_recorder.get(), opts);
    m_results.clear();
    connect(m_verifier.get(), &Verifier::finished, this, [this](const CiResult &r) { m_results.append(r); });
}

void TestStoreCiRecorder::cleanup()
{
    m_verifier.reset();
    m_recorder.reset();
    m_store.reset();
    m_tmp.reset();
}

CiRequest TestStoreCiRecorder::request(const QByteArray &json)
{
    auto cfg = CiConfig::fromJson(json);
    if (!cfg)
        qFatal("bad config: %s", qPrintable(cfg.error().toString()));
    CiRequest r;
    r.projectId = 1;
    r.repoPath = m_repo;
    r.runId = QStringLiteral("run-1");
    r.tierId = QStringLiteral("T1");
    r.phaseId = QStringLiteral("P1");
    r.candidateCommit = m_head;
    r.config = *cfg;
    return r;
}

CiResult TestStoreCiRecorder::runOne(const CiRequest &req)
{
    const qsizetype before = m_results.size();
    m_verifier->enqueue(req);
    if (!QTest::qWaitFor([&] { return m_results.size() > before; }, 30000))
        return CiResult {};
    return m_results.last();
}

void TestStoreCiRecorder::redRecordsAttemptsAndCiIssue()
{
    const CiResult r = runOne(request(R"({"normal": [["sh", "red.sh"]], "attempts": 2, "backoff_seconds": 0.02})"));
    QCOMPARE(toString(r.verdict), QStringLiteral("red"));

    const auto attempts = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QVERIFY(attempts);
    QCOMPARE(attempts->size(), 2);
    for (int i = 0; i < 2; ++i) {
        const Autopack::CiAttempt &row = attempts->at(i);
        QCOMPARE(row.attempt, i + 1);
        QCOMPARE(row.status, QStringLiteral("red"));
        QCOMPARE(row.exitCode, std::optional<int>(3));
        QCOMPARE(row.command, QStringLiteral("sh red.sh"));
        QCOMPARE(row.candidateCommit, m_head);
        QCOMPARE(row.profile, QStringLiteral("normal"));
        QCOMPARE(row.output, QString::fromUtf8(r.attempts.at(i).output));
        QVERIFY(row.output.contains(QStringLiteral("boom: expected 1 got 2")));
        QVERIFY(!row.truncated);
        QCOMPARE(row.durationMs, r.attempts.at(i).durationMs);
    }
    // Every attempt was charged to the tier and the run.
    QCOMPARE(m_store->tier(QStringLiteral("run-1"), QStringLiteral("T1"))->ciRunsUsed, 2);
    QCOMPARE(m_store->run(QStringLiteral("run-1"))->ciRunsUsed, 2);

    const auto issues = m_store->phaseIssues(QStringLiteral("run-1"), QStringLiteral("P1"));
    QVERIFY(issues);
    QCOMPARE(issues->size(), 1);
    const Issue &issue = issues->first();
    QCOMPARE(issue.issueKey, QStringLiteral("ci:sh red.sh"));
    QCOMPARE(toString(issue.severity), toString(Severity::Major));
    QCOMPARE(issue.source, QStringLiteral("ci"));
    QCOMPARE(issue.category, QStringLiteral("ci"));
    QCOMPARE(issue.evidenceRefs, QStringList { QStringLiteral("ci_attempt:%1").arg(attempts->last().id) });
    QVERIFY(issue.description.contains(QStringLiteral("boom: expected 1 got 2")));
    QCOMPARE(m_store->phase(QStringLiteral("run-1"), QStringLiteral("P1"))->majorIssues, 1);
}

void TestStoreCiRecorder::flakyRecordsMinorIssue()
{
    const QString marker = m_tmp->filePath(QStringLiteral("marker"));
    const CiResult r = runOne(request(QStringLiteral(R"({"normal": [{"shell": "[ -e '%1' ] || { : > '%1'; exit 1; }", )"
                                                     R"("name": "maybe"}], "backoff_seconds": 0.02})")
                                          .arg(marker)
                                          .toUtf8()));
    QCOMPARE(toString(r.verdict), QStringLiteral("green"));
    const auto attempts = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(attempts->size(), 2);
    QCOMPARE(attempts->at(0).status, QStringLiteral("red"));
    QCOMPARE(attempts->at(1).status, QStringLiteral("green"));
    QCOMPARE(attempts->at(1).exitCode, std::optional<int>(0));
    const auto issues = m_store->phaseIssues(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(issues->size(), 1);
    QCOMPARE(issues->first().issueKey, QStringLiteral("flaky_test:maybe"));
    QCOMPARE(toString(issues->first().severity), toString(Severity::Minor));
    QCOMPARE(issues->first().category, QStringLiteral("flaky_test"));
    QCOMPARE(m_store->phase(QStringLiteral("run-1"), QStringLiteral("P1"))->minorIssues, 1);
}

void TestStoreCiRecorder::outputIsStoredWhileRunning()
{
    m_verifier->enqueue(request(R"({"normal": [{"shell": "echo first-line; sleep 2; echo second-line"}]})"));
    // The row shows the first line while the command still sleeps.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto a = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
            return a && a->size() == 1 && a->first().output.contains(QStringLiteral("\nfirst-line\n"));
        },
        10000));
    auto running = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(running->first().status, QStringLiteral("running"));
    QVERIFY(!running->first().output.contains(QStringLiteral("\nsecond-line\n")));
    QVERIFY(QTest::qWaitFor([&] { return !m_results.isEmpty(); }, 10000));
    const auto done = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(done->first().status, QStringLiteral("green"));
    QVERIFY(done->first().output.contains(QStringLiteral("\nsecond-line\n")));
}

void TestStoreCiRecorder::attemptNumbersContinueAcrossRuns()
{
    runOne(request(R"({"normal": [["true"]]})"));
    runOne(request(R"({"normal": [["false"]], "attempts": 1})"));
    const auto attempts = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(attempts->size(), 2);
    QCOMPARE(attempts->at(0).attempt, 1);
    QCOMPARE(attempts->at(1).attempt, 2);
    QCOMPARE(attempts->at(1).status, QStringLiteral("red"));
    QCOMPARE(attempts->at(1).exitCode, std::optional<int>(1));

    // After a restart (a new recorder) numbering goes on from what the store holds.
    m_verifier.reset();
    m_recorder = std::make_unique<StoreCiRecorder>(m_store.get());
    Verifier::Options opts;
    opts.workDir = m_tmp->filePath(QStringLiteral("work"));
    m_verifier = std::make_unique<Verifier>(m_recorder.get(), opts);
    connect(m_verifier.get(), &Verifier::finished, this, [this](const CiResult &r) { m_results.append(r); });
    runOne(request(R"({"normal": [["true"]]})"));
    const auto after = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(after->size(), 3);
    QCOMPARE(after->at(2).attempt, 3);
}

void TestStoreCiRecorder::boundedUtf8OutputStoredExactly()
{
    // ~6.6 MB of two-byte characters: pipe reads split characters across chunks, and
    // the cut leaves only the first and last 2 MB.
    const CiResult r = runOne(request(R"({"normal": [{"shell": "yes 'üöäß€' | head -n 600000"}]})"));
    QCOMPARE(toString(r.verdict), QStringLiteral("green"));
    const auto attempts = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(attempts->size(), 1);
    QVERIFY(attempts->first().truncated);
    QVERIFY(r.attempts.first().cutBytes > 0);
    QCOMPARE(attempts->first().output, QString::fromUtf8(r.attempts.first().output));
    QVERIFY(attempts->first().output.contains(QStringLiteral(" bytes cut ...]")));
    QVERIFY(!attempts->first().output.contains(QChar::ReplacementCharacter));
}

void TestStoreCiRecorder::environmentFailureStored()
{
    const CiResult r = runOne(request(R"({"normal": [["no-such-program-autopack"]], "attempts": 1})"));
    QCOMPARE(toString(r.verdict), QStringLiteral("environment"));
    const auto attempts = m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(attempts->size(), 1);
    QCOMPARE(attempts->first().status, QStringLiteral("environment"));
    QCOMPARE(attempts->first().exitCode, std::nullopt);
    QVERIFY(attempts->first().output.contains(QStringLiteral("cannot start 'no-such-program-autopack'")));
    const auto issues = m_store->phaseIssues(QStringLiteral("run-1"), QStringLiteral("P1"));
    QCOMPARE(issues->size(), 1);
    QCOMPARE(issues->first().category, QStringLiteral("environment"));
}

void TestStoreCiRecorder::refusedWriteIsReported()
{
    QSignalSpy failures(m_recorder.get(), &StoreCiRecorder::storeFailed);
    CiRequest req = request(R"({"normal": [["false"]], "attempts": 1})");
    req.phaseId = QStringLiteral("NO-SUCH-PHASE");
    const CiResult r = runOne(req);
    // The verdict is still given; the store's refusals are reported, naming the phase.
    QCOMPARE(toString(r.verdict), QStringLiteral("red"));
    QVERIFY(failures.size() >= 2); // the attempt row, the issue
    QVERIFY(failures.first().first().toString().contains(QStringLiteral("NO-SUCH-PHASE")));
    QCOMPARE(m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"))->size(), 0);
    QCOMPARE(m_store->tier(QStringLiteral("run-1"), QStringLiteral("T1"))->ciRunsUsed, 0);
}

void TestStoreCiRecorder::noCommandNoticeIsAnEvent()
{
    const CiResult r = runOne(request("{}"));
    QCOMPARE(toString(r.verdict), QStringLiteral("green"));
    QVERIFY(!r.notice.isEmpty());
    QCOMPARE(m_store->ciAttempts(QStringLiteral("run-1"), QStringLiteral("P1"))->size(), 0);
    const auto events = m_store->runEvents(QStringLiteral("run-1"));
    QVERIFY(events);
    QVERIFY(!events->isEmpty());
    const Event &e = events->last();
    QCOMPARE(toString(e.entityKind), toString(EntityKind::Phase));
    QCOMPARE(e.entityId, QStringLiteral("P1"));
    QCOMPARE(toString(e.actor), QStringLiteral("verifier"));
    QCOMPARE(e.reason, r.notice);
}

QTEST_GUILESS_MAIN(TestStoreCiRecorder)
#include "tst_storecirecorder.moc"
