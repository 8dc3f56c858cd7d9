// ArtefactWriter: the SPEC §9 files of a run written from a real store, the incident
// pack only for DONE_FAILED_*, rewriting with current figures, and a clear error when
// the directory cannot be written.

#include "artefactwriter.h"

#include "store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Engine;

class TestArtefactWriter : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;

    QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A run r1 with tiers t1, t2 and phases p1 (t1), p2 (t2); p1 executing.
    void makeRun()
    {
        Project p;
        p.name = QStringLiteral("demo");
        p.repoPath = m_dir->filePath(QStringLiteral("repo"));
        p.baseBranch = QStringLiteral("main");
        auto project = m_store->addProject(p);
        QVERIFY(project);
        Run run;
        run.runId = QStringLiteral("r1");
        run.projectId = project->id;
        run.strategyJson = QStringLiteral("{\"format_version\": 1}");
        run.integrationBranch = QStringLiteral("autonomous/r1");
        QList<Tier> tiers;
        for (const QString id : { "t1", "t2" }) {
            Tier t;
            t.runId = run.runId;
            t.tierId = id;
            t.tierIndex = tiers.size();
            t.name = "Tier " + id;
            tiers << t;
        }
        QList<Phase> phases;
        for (const auto &[id, tier] : { std::pair { "p1", "t1" }, std::pair { "p2", "t2" } }) {
            Phase ph;
            ph.runId = run.runId;
            ph.tierId = tier;
            ph.phaseId = id;
            ph.name = QStringLiteral("Phase %1").arg(id);
            ph.taskCategory = QStringLiteral("tests");
            ph.maxBuilderAttempts = 3;
            ph.maxAuditorAttempts = 1;
            phases << ph;
        }
        QVERIFY(m_store->createRun(run, tiers, phases));
        Issue issue;
        issue.runId = run.runId;
        issue.phaseId = QStringLiteral("p1");
        issue.issueKey = QStringLiteral("lint-1");
        issue.source = QStringLiteral("static_check");
        issue.category = QStringLiteral("lint");
        issue.evidenceRefs = { QStringLiteral("src/a.cpp:42") };
        QVERIFY(m_store->recordIssue(issue));
        QVERIFY(m_store->addTokens(run.runId, QStringLiteral("p1"), 1234));
    }

    void endRun(RunState terminal, const QString &reason)
    {
        QList<TransitionRequest> rs;
        TransitionContext ending;
        ending.runEnding = true;
        ending.budgetExceeded = true;
        ending.reason = reason;
        TransitionRequest skip;
        skip.runId = "r1";
        skip.entityId = "p1";
        skip.to = PhaseState::Skipped;
        skip.reason = reason;
        skip.context = ending;
        rs << skip;
        skip.entityId = "p2";
        rs << skip;
        TransitionRequest run;
        run.runId = "r1";
        run.to = terminal;
        run.actor = terminal == RunState::DoneFailedCancelled ? Actor::Reviewer : Actor::Supervisor;
        run.reason = reason;
        run.context = ending;
        rs << run;
        auto batch = m_store->transitionAll(rs);
        QVERIFY2(batch, qPrintable(batch ? QString() : batch.error().message));
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto store = Store::open(m_dir->filePath(QStringLiteral("a.db")));
        QVERIFY(store);
        m_store = std::move(*store);
        makeRun();
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void writesTheRunFiles()
    {
        const QString dir = m_dir->filePath(QStringLiteral("data/runs/r1"));
        auto written = ArtefactWriter(*m_store, dir).write(QStringLiteral("r1"));
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        QCOMPARE(*written, dir);
        const QByteArray summary = read(dir + "/RUN_SUMMARY.md");
        QVERIFY(summary.startsWith("# Run r1\n"));
        QVERIFY(summary.contains("- state: RUN_CREATED"));
        QVERIFY(summary.contains("- tokens: 1234 of 5000000"));
        QVERIFY(summary.contains("| p1 | t1 | QUEUED | 0/3 | 0/1 | 1234 |"));
        QVERIFY(read(dir + "/tiers/t2.md").contains("# Tier t2: Tier t2"));
        QVERIFY(read(dir + "/phases/p2.md").contains("- attempts: builder 0/3, auditor 0/1"));
        const QJsonObject p1Issues = QJsonDocument::fromJson(read(dir + "/phases/p1_issues.json")).object();
        QCOMPARE(p1Issues.value("issues").toArray().size(), 1);
        QCOMPARE(p1Issues.value("issues").toArray().first().toObject().value("evidence_refs").toArray().first().toString(),
                 QStringLiteral("src/a.cpp:42"));
        QCOMPARE(QJsonDocument::fromJson(read(dir + "/phases/p2_issues.json")).object().value("issues").toArray().size(), 0);
        const QJsonObject index = QJsonDocument::fromJson(read(dir + "/run_issue_index.json")).object();
        QCOMPARE(index.value("issues").toArray().first().toObject().value("occurrence_count").toInt(), 1);
        const QJsonObject backlog = QJsonDocument::fromJson(read(dir + "/project_issue_backlog.json")).object();
        QCOMPARE(backlog.value("issues").toArray().first().toObject().value("age_in_runs").toInt(), 1);
        QCOMPARE(read(dir + "/strategy.json"), QByteArray("{\"format_version\": 1}"));
        QVERIFY(!QDir(dir + "/incident").exists()); // not failed
    }

    void incidentPackOnFailure()
    {
        const QString dir = m_dir->filePath(QStringLiteral("data/runs/r1"));
        // Patches the supervisor kept: the newest per phase goes into the pack.
        QDir().mkpath(dir + "/patches");
        for (const QString name : { "p1-1-builder.patch", "p1-2-builder.patch", "p1-2-auditor.patch" }) {
            QFile f(dir + "/patches/" + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(name.toUtf8());
        }
        endRun(RunState::DoneFailedBudgetExhausted, QStringLiteral("run token_cap exceeded: 6 tokens used, cap 5"));
        auto written = ArtefactWriter(*m_store, dir).write(QStringLiteral("r1"));
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        const QByteArray summary = read(dir + "/incident/SUMMARY.md");
        QVERIFY(summary.contains("DONE_FAILED_BUDGET_EXHAUSTED"));
        QVERIFY(summary.contains("token_cap exceeded: 6 tokens used, cap 5"));
        const QJsonArray events = QJsonDocument::fromJson(read(dir + "/incident/events.json")).array();
        QVERIFY(events.size() >= 4); // creation, two skips, the end
        QCOMPARE(events.last().toObject().value("to").toString(), QStringLiteral("DONE_FAILED_BUDGET_EXHAUSTED"));
        QCOMPARE(QJsonDocument::fromJson(read(dir + "/incident/issues.json")).array().size(), 1);
        QVERIFY(QFile::exists(dir + "/incident/ci_output.json"));
        const QStringList packed = QDir(dir + "/incident/patches").entryList(QDir::Files);
        QCOMPARE(packed.size(), 1);
        QVERIFY(packed.first().startsWith("p1-2-"));
        QVERIFY(read(dir + "/RUN_SUMMARY.md").contains("failure reason: run token_cap exceeded"));
    }

    void rewritesWithCurrentFigures()
    {
        const QString dir = m_dir->filePath(QStringLiteral("data/runs/r1"));
        QVERIFY(ArtefactWriter(*m_store, dir).write(QStringLiteral("r1")));
        QVERIFY(m_store->addTokens("r1", "p2", 1000));
        QVERIFY(ArtefactWriter(*m_store, dir).write(QStringLiteral("r1")));
        QVERIFY(read(dir + "/RUN_SUMMARY.md").contains("- tokens: 2234 of"));
    }

    void errorsNameWhatFailed()
    {
        auto unknown = ArtefactWriter(*m_store, m_dir->filePath("x")).write(QStringLiteral("nope"));
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().contains("nope"), qPrintable(unknown.error()));
        // A file where the directory should be: nothing can be written below it.
        QFile blocker(m_dir->filePath(QStringLiteral("blocked")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        auto blocked = ArtefactWriter(*m_store, blocker.fileName()).write(QStringLiteral("r1"));
        QVERIFY(!blocked);
        QVERIFY2(blocked.error().contains("RUN_SUMMARY.md"), qPrintable(blocked.error()));
    }
};

QTEST_GUILESS_MAIN(TestArtefactWriter)
#include "tst_artefactwriter.moc"
