// RunCache: the supervisor's per-request copy of live runs must equal what the store
// holds after every kind of write, from this thread or another, and must never keep a
// tree that was read before a change it did not see.

#include "runcache.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Autopack;
using Autopack::Engine::RunCache;

namespace {

// One tier T1 with phases P1, P2.
CreatedRun plan(const QString &runId, qint64 projectId)
{
    CreatedRun p;
    p.run.runId = runId;
    p.run.projectId = projectId;
    p.run.safetyProfile = QStringLiteral("normal");
    p.run.runScope = QStringLiteral("multi_tier");
    p.run.tokenCap = 100000;
    p.run.maxPhases = 5;
    p.run.maxDurationMinutes = 60;
    p.run.strategyJson = QStringLiteral("{}");
    p.run.state = RunState::RunCreated;
    Tier t;
    t.tierId = QStringLiteral("T1");
    t.name = QStringLiteral("Tier 1");
    t.tokenCap = 50000;
    t.ciRunCap = 5;
    p.tiers << t;
    for (int i = 0; i < 2; ++i) {
        Phase ph;
        ph.tierId = t.tierId;
        ph.phaseId = QStringLiteral("P%1").arg(i + 1);
        ph.phaseIndex = i;
        ph.name = ph.phaseId;
        ph.taskCategory = QStringLiteral("tests");
        ph.complexity = QStringLiteral("low");
        ph.maxBuilderAttempts = 3;
        ph.maxAuditorAttempts = 1;
        p.phases << ph;
    }
    return p;
}

// The fields a supervisor decides on, as one line per row.
QString describe(const CreatedRun &tree)
{
    QStringList lines;
    const Run &r = tree.run;
    lines << QStringLiteral("run %1 %2 tokens=%3 ci=%4 minor=%5 major=%6 updated=%7")
                 .arg(r.runId, toString(r.state))
                 .arg(r.tokensUsed)
                 .arg(r.ciRunsUsed)
                 .arg(r.minorIssues)
                 .arg(r.majorIssues)
                 .arg(r.updatedAt.toString(Qt::ISODateWithMs));
    for (const Tier &t : tree.tiers)
        lines << QStringLiteral("tier %1 %2 tokens=%3 ci=%4 minor=%5 major=%6")
                     .arg(t.tierId, toString(t.state))
                     .arg(t.tokensUsed)
                     .arg(t.ciRunsUsed)
                     .arg(t.minorIssues)
                     .arg(t.majorIssues);
    for (const Phase &p : tree.phases)
        lines << QStringLiteral("phase %1 %2 tokens=%3 builder=%4 minor=%5 major=%6 candidate=%7 awaiting=%8")
                     .arg(p.phaseId, toString(p.state))
                     .arg(p.tokensUsed)
                     .arg(p.builderAttempts)
                     .arg(p.minorIssues)
                     .arg(p.majorIssues)
                     .arg(p.candidateCommit)
                     .arg(p.awaitingReviewer);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestRunCache : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_projectId = 0;
    int m_serial = 0;

    QString newRun()
    {
        const QString id = QStringLiteral("run-%1").arg(++m_serial);
        const CreatedRun p = plan(id, m_projectId);
        auto created = m_store->createRun(p.run, p.tiers, p.phases);
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        return id;
    }
    static void onAnotherThread(const std::function<void()> &work)
    {
        std::unique_ptr<QThread> writer(QThread::create(work));
        writer->start();
        if (!writer->wait(30000))
            qFatal("the writer thread did not finish");
    }
    // The cache's mark, then the run as stored: what the supervisor holds before putRun.
    std::pair<quint64, CreatedRun> readMarked(const RunCache &cache, const QString &runId)
    {
        const quint64 mark = cache.mark();
        auto tree = m_store->runTree(runId);
        if (!tree)
            qFatal("%s", qPrintable(tree.error().message));
        return { mark, *tree };
    }
    // Reads the run into the cache as the supervisor does.
    void warm(RunCache &cache, const QString &runId)
    {
        const auto [mark, tree] = readMarked(cache, runId);
        cache.putRun(tree, mark);
        QVERIFY(cache.run(runId));
    }
    void expectCurrent(const RunCache &cache, const QString &runId)
    {
        auto stored = m_store->runTree(runId);
        QVERIFY(stored);
        auto cached = cache.run(runId);
        QVERIFY2(cached, "the run fell out of the cache");
        QCOMPARE(describe(*cached), describe(*stored));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto opened = Store::open(m_dir.filePath("cache.db"));
        QVERIFY(opened);
        m_store = std::move(*opened);
        Project project;
        project.name = QStringLiteral("p");
        project.repoPath = m_dir.filePath("repo");
        project.baseBranch = QStringLiteral("main");
        auto added = m_store->addProject(project);
        QVERIFY(added);
        m_projectId = added->id;
    }

    void followsEveryKindOfWrite()
    {
        RunCache cache(*m_store);
        const QString id = newRun();
        warm(cache, id);

        QVERIFY(m_store->transitionRun(id, RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("go")));
        expectCurrent(cache, id);
        QVERIFY(m_store->transitionPhase(id, QStringLiteral("P1"), PhaseState::Executing, Actor::Builder, QStringLiteral("b")));
        expectCurrent(cache, id);
        QVERIFY(m_store->addTokens(id, QStringLiteral("P1"), 700));
        expectCurrent(cache, id);
        PhaseUpdate pu;
        pu.builderAttempts = 2;
        pu.candidateCommit = QStringLiteral("c0ffee");
        pu.awaitingReviewer = true;
        QVERIFY(m_store->updatePhase(id, QStringLiteral("P1"), pu));
        expectCurrent(cache, id);
        Issue issue;
        issue.runId = id;
        issue.tierId = QStringLiteral("T1");
        issue.phaseId = QStringLiteral("P1");
        issue.issueKey = QStringLiteral("lint.unused");
        issue.severity = Severity::Major;
        issue.effectiveSeverity = Severity::Major;
        QVERIFY(m_store->recordIssue(issue));
        expectCurrent(cache, id);
        CiAttempt attempt;
        attempt.runId = id;
        attempt.phaseId = QStringLiteral("P1");
        attempt.attempt = 1;
        attempt.profile = QStringLiteral("normal");
        attempt.command = QStringLiteral("true");
        QVERIFY(m_store->startCiAttempt(attempt));
        expectCurrent(cache, id);
        TierUpdate tu;
        tu.cleanliness = Cleanliness::NotClean;
        QVERIFY(m_store->updateTier(id, QStringLiteral("T1"), tu));
        expectCurrent(cache, id);
    }

    void dropsRunsWrittenOnAnotherThread()
    {
        // Two threads' notifications about one row may arrive out of commit order, so a
        // row written elsewhere is not patched in: the run is read again.
        RunCache cache(*m_store);
        const QString id = newRun();
        warm(cache, id);
        onAnotherThread([&] {
            for (int i = 0; i < 50; ++i)
                m_store->addTokens(id, QStringLiteral("P2"), 3);
        });
        QVERIFY2(!cache.run(id), "a run written on another thread stayed cached");
        warm(cache, id);
        expectCurrent(cache, id);
        QCOMPARE(cache.run(id)->run.tokensUsed, 150);
    }

    void refusesATreeReadBeforeAChange()
    {
        RunCache cache(*m_store);
        const QString id = newRun();
        auto [mark, before] = readMarked(cache, id);
        QVERIFY(m_store->addTokens(id, QStringLiteral("P1"), 5)); // lands between the read and the put
        cache.putRun(before, mark);
        QVERIFY2(!cache.run(id), "a tree older than a notified change was kept");
        warm(cache, id);
        QCOMPARE(cache.run(id)->run.tokensUsed, 5);
    }

    void dropsARunItCannotPlaceARowIn()
    {
        RunCache cache(*m_store);
        const QString id = newRun();
        auto [mark, tree] = readMarked(cache, id);
        tree.phases.removeLast(); // as if P2 had been added after the read
        cache.putRun(tree, mark);
        QVERIFY(cache.run(id));
        QVERIFY(m_store->addTokens(id, QStringLiteral("P2"), 1));
        QVERIFY2(!cache.run(id), "a change to an unknown phase left the run cached");
    }

    void dropsTerminalRuns()
    {
        RunCache cache(*m_store);
        const QString id = newRun();
        warm(cache, id);
        QVERIFY(m_store->transitionRun(id, RunState::DoneFailedCancelled, Actor::Reviewer, QStringLiteral("stop")));
        QVERIFY(!cache.run(id));
        const auto [mark, ended] = readMarked(cache, id);
        cache.putRun(ended, mark);
        QVERIFY2(!cache.run(id), "a finished run was cached");
    }

    void fullCacheDropsOneRunForEachNewOne()
    {
        RunCache cache(*m_store);
        CreatedRun tree = plan(QStringLiteral("x"), m_projectId);
        for (qsizetype i = 0; i <= RunCache::MaxRuns; ++i) {
            tree.run.runId = QStringLiteral("many-%1").arg(i);
            cache.putRun(tree, cache.mark());
        }
        int kept = 0;
        for (qsizetype i = 0; i <= RunCache::MaxRuns; ++i)
            kept += cache.run(QStringLiteral("many-%1").arg(i)).has_value();
        QCOMPARE(kept, int(RunCache::MaxRuns)); // not cleared: one went out for the last one
        QVERIFY(cache.run(QStringLiteral("many-%1").arg(RunCache::MaxRuns)));
    }

    void destroyedWhileAnotherThreadWrites()
    {
        // Caches come and go (as the engine stops) while a writer thread keeps notifying;
        // a notification already running must not touch a destroyed cache. A crash here is
        // a use after free (valgrind or ASan make it certain rather than likely).
        const QString id = newRun();
        std::atomic_bool stop = false;
        std::unique_ptr<QThread> writer(QThread::create([&] {
            while (!stop)
                m_store->addTokens(id, QStringLiteral("P1"), 1);
        }));
        writer->start();
        int kept = 0;
        for (int i = 0; i < 200; ++i) {
            RunCache cache(*m_store);
            const auto [mark, tree] = readMarked(cache, id);
            cache.putRun(tree, mark); // refused when a write landed meanwhile, which is right
            kept += cache.run(id).has_value();
        }
        qDebug() << kept << "of 200 caches kept their run between the writer's notifications";
        stop = true;
        QVERIFY(writer->wait(30000));
        RunCache last(*m_store);
        warm(last, id);
        expectCurrent(last, id);
    }

    void followsProjects()
    {
        RunCache cache(*m_store);
        QVERIFY(!cache.project(m_projectId));
        const quint64 mark = cache.mark();
        auto stored = m_store->project(m_projectId);
        QVERIFY(stored);
        cache.putProject(*stored, mark);
        Project changed = *stored;
        changed.protectedGlobs = QStringList { QStringLiteral("secrets/**") };
        QVERIFY(m_store->updateProject(changed));
        QCOMPARE(cache.project(m_projectId)->protectedGlobs, changed.protectedGlobs);
        // Changed on another thread (the window's project dialog): read again.
        changed.protectedGlobs = QStringList { QStringLiteral("keys/**") };
        onAnotherThread([&] { m_store->updateProject(changed); });
        QVERIFY(!cache.project(m_projectId));
    }
};

QTEST_GUILESS_MAIN(TestRunCache)
#include "tst_runcache.moc"
