// ReportRoutes over a Store filled directly (no Supervisor: the routes need only a
// context thread and the store): figures of the metrics and reports computed from
// known rows, the status filter, the run's issue index and the backlog, 404s, and the
// project choice for the backlog. Served by a real ApiServer on 127.0.0.1.

#include "apiserver.h"
#include "eventfeed.h"
#include "httptestclient.h"
#include "reportroutes.h"
#include "store.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Autopack;
using namespace Autopack::Api;

class TestReportRoutes : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QThread m_thread;
    QObject *m_context = nullptr;
    EventFeed *m_feed = nullptr;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    qint64 m_projectId = 0;

    ApiTest::Response get(const QByteArray &target)
    {
        ApiTest::Client c(m_port);
        return c.request("GET", target, {}, { { "Authorization", "Bearer t" } }).value_or(ApiTest::Response {});
    }

    void makeRun(const QString &runId, qint64 tokens, qint64 cap)
    {
        Run run;
        run.runId = runId;
        run.projectId = m_projectId;
        run.tokenCap = cap;
        QList<Tier> tiers;
        QList<Phase> phases;
        for (int t = 0; t < 2; ++t) {
            Tier tier;
            tier.tierId = QStringLiteral("t%1").arg(t);
            tier.tierIndex = t;
            tier.name = QStringLiteral("Tier %1").arg(t);
            tiers.append(tier);
        }
        for (int i = 0; i < 3; ++i) {
            Phase p;
            p.tierId = i < 2 ? "t0" : "t1";
            p.phaseId = QStringLiteral("p%1").arg(i);
            p.phaseIndex = i < 2 ? i : 0;
            p.name = p.phaseId;
            phases.append(p);
        }
        QVERIFY(m_store->createRun(run, tiers, phases));
        RunUpdate u;
        u.tokensUsed = tokens;
        QVERIFY(m_store->updateRun(runId, u));
    }

    void recordIssue(const QString &runId, const QString &phaseId, const QString &key, Severity severity)
    {
        Issue i;
        i.runId = runId;
        i.phaseId = phaseId;
        i.issueKey = key;
        i.severity = severity;
        i.source = "test";
        i.category = "lint";
        auto r = m_store->recordIssue(i);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store = Store::open(m_dir.filePath("autopack.db"));
        QVERIFY(store);
        m_store = std::move(*store);
        Project p;
        p.name = "demo";
        p.repoPath = m_dir.path();
        p.baseBranch = "main";
        m_projectId = m_store->addProject(p)->id;
        makeRun("r1", 250, 1000);
        makeRun("r2", 600, 2000);
        QVERIFY(m_store->transitionRun("r2", RunState::PhaseQueueing, Actor::Supervisor, "go"));
        recordIssue("r1", "p0", "lint.a", Severity::Minor);
        recordIssue("r1", "p1", "lint.a", Severity::Minor);
        recordIssue("r1", "p2", "build.b", Severity::Major);

        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_feed = new EventFeed(*m_store);
        m_feed->moveToThread(&m_thread);
        m_thread.start();
        m_server = std::make_unique<ApiServer>([](const QString &) { return Principal { "t", Role::Observer }; });
        QVERIFY(ReportRoutes::addTo(*m_server, *m_context, *m_store, *m_feed));
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        m_port = *port;
    }

    void cleanupTestCase()
    {
        m_server.reset();
        QMetaObject::invokeMethod(m_feed, [this] {
            delete m_feed;
            delete m_context;
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        m_store.reset();
    }

    void runSummary()
    {
        const auto r = get("/reports/run_summary/r1");
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value("run_id").toString(), QStringLiteral("r1"));
        QCOMPARE(o.value("budgets")["tokens_used"].toInteger(), 250);
        QCOMPARE(o.value("budgets")["token_cap"].toInteger(), 1000);
        QCOMPARE(o.value("budgets")["token_utilization"].toDouble(), 0.25);
        QCOMPARE(o.value("budgets")["phase_count"].toInt(), 3);
        QCOMPARE(o.value("issues")["distinct_issues"].toInt(), 2);
        QCOMPARE(o.value("issues")["major_count"].toInt(), 1);
        QCOMPARE(o.value("tiers")[0]["phase_count"].toInt(), 2);
        QCOMPARE(o.value("tiers")[1]["phase_count"].toInt(), 1);
        QCOMPARE(o.value("phases")[2]["phase_id"].toString(), QStringLiteral("p2"));
        QCOMPARE(o.value("phases")[2]["major_issues"].toInt(), 1);
        QVERIFY(o.value("started_at").isNull());
        QCOMPARE(get("/reports/run_summary/nope").status, 404);
    }

    void metrics()
    {
        QCOMPARE(get("/metrics/runs").json().value("count").toInt(), 2);
        const QJsonObject queueing = get("/metrics/runs?status=PHASE_QUEUEING").json();
        QCOMPARE(queueing.value("count").toInt(), 1);
        QCOMPARE(queueing.value("runs")[0]["run_id"].toString(), QStringLiteral("r2"));
        QCOMPARE(queueing.value("runs")[0]["token_utilization"].toDouble(), 0.3);
        const auto bad = get("/metrics/runs?status=queued");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value("field").toString(), QStringLiteral("status"));
        const QJsonObject tiers = get("/metrics/tiers/r1").json();
        QCOMPARE(tiers.value("tiers").toArray().size(), 2);
        QCOMPARE(tiers.value("tiers")[0]["phase_count"].toInt(), 2);
        QCOMPARE(get("/metrics/tiers/nope").status, 404);
    }

    void budgetAnalysis()
    {
        const QJsonObject o = get("/reports/budget_analysis").json();
        QCOMPARE(o.value("run_count").toInt(), 2);
        QCOMPARE(o.value("total_tokens_used").toInteger(), 850);
        QCOMPARE(o.value("budget_exhausted_runs").toInt(), 0);
    }

    void issues()
    {
        const QJsonObject index = get("/runs/r1/issues/index").json();
        QCOMPARE(index.value("issues").toArray().size(), 2);
        QCOMPARE(get("/runs/nope/issues/index").status, 404);
        const QJsonObject backlog = get("/project/issues/backlog").json();
        QCOMPARE(backlog.value("project_id").toInteger(), m_projectId);
        QCOMPARE(backlog.value("issues").toArray().size(), 2);
        const auto badProject = get("/project/issues/backlog?project_id=abc");
        QCOMPARE(badProject.status, 400);
        QCOMPARE(badProject.json().value("field").toString(), QStringLiteral("project_id"));
        QCOMPARE(get("/project/issues/backlog?project_id=999").status, 404);
        const QJsonObject summary = get("/reports/issue_backlog_summary").json();
        QCOMPARE(summary.value("total").toInt(), 2);
        QCOMPARE(summary.value("by_severity")["major"].toInt(), 1);
        QCOMPARE(summary.value("by_severity")["minor"].toInt(), 1);
        QCOMPARE(summary.value("by_category")["lint"].toInt(), 2);
        QCOMPARE(summary.value("projects")[0]["unresolved"].toInt(), 2);
    }

    void integrationStatusOfANonRepository()
    {
        // The project's path is no repository: a 500 naming the run, not a crash.
        const auto r = get("/runs/r1/integration_status");
        QCOMPARE(r.status, 500);
        QVERIFY(r.json().value("detail").toString().contains("r1"));
        QCOMPARE(get("/runs/nope/integration_status").status, 404);
    }

    void integrationStatusOfAMissingRepository()
    {
        // The project's repository was moved away: a 503 naming project and path.
        Project gone;
        gone.name = "gone";
        gone.repoPath = m_dir.filePath("moved-away");
        gone.baseBranch = "main";
        const auto added = m_store->addProject(gone);
        QVERIFY(added);
        const qint64 first = m_projectId;
        m_projectId = added->id;
        makeRun("r-gone", 0, 1000);
        m_projectId = first;
        const auto r = get("/runs/r-gone/integration_status");
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value("error").toString(), QStringLiteral("unavailable"));
        QVERIFY(r.json().value("detail").toString().contains("gone"));
        QVERIFY(r.json().value("detail").toString().contains(gone.repoPath));
    }
};

QTEST_GUILESS_MAIN(TestReportRoutes)
#include "tst_reportroutes.moc"
