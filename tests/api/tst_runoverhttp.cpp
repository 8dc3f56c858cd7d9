// The Agent API end to end: a real Store in a QTemporaryDir, a real git repository made
// with the git CLI, the Supervisor on its own engine thread with CI commands `true`, and
// the ApiServer on 127.0.0.1 with an ephemeral port. Builder, auditor and reviewer are
// scripted HTTP clients; nothing is driven behind the API's back.

#include "agentroutes.h"
#include "apiserver.h"
#include "clock.h"
#include "eventfeed.h"
#include "httptestclient.h"
#include "reportroutes.h"
#include "reviewerroutes.h"
#include "runnerroutes.h"
#include "store.h"
#include "storetokenverifier.h"
#include "supervisor.h"

#include "../runfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Autopack;
using namespace Autopack::Api;
using namespace Autopack::Engine;
using Autopack::TestSupport::git;
using Autopack::TestSupport::kGreenCi;
using Autopack::TestSupport::makeProjectRepository;
using Autopack::TestSupport::newFilePatch;
using Autopack::TestSupport::phaseJson;
using Autopack::TestSupport::runGit;

namespace {

// The plan every run here starts from: the run's budget and scope spelled out, as an
// agent would send them.
QJsonObject plan(const QString &runId, const QList<QJsonObject> &phases)
{
    return TestSupport::plan(runId, phases,
        QJsonObject { { "safety_profile", "normal" }, { "run_scope", "multi_tier" }, { "token_cap", 1000000 },
            { "max_phases", 10 }, { "max_duration_minutes", 60 } });
}

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

#define EXPECT_STATUS(response, code)                                                                                  \
    QVERIFY2((response).status == (code),                                                                              \
        qPrintable(                                                                                                    \
            QStringLiteral("status %1, body %2").arg((response).status).arg(QString::fromUtf8((response).body))))

class TestRunOverHttp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_repo;
    std::unique_ptr<Store> m_store;
    Clock m_clock;
    QThread m_engine;
    Supervisor *m_sup = nullptr;
    EventFeed *m_feed = nullptr;
    std::unique_ptr<ApiServer> m_server;
    QHash<QByteArray, QByteArray> m_tokens; // role -> bearer token
    qint64 m_projectId = 0;
    quint16 m_port = 0;

    QString makeRepo(const QString &name)
    {
        const QString repo = m_dir->filePath(name);
        makeProjectRepository(repo);
        return repo;
    }

    qint64 addProject(const QString &name, const QString &repo, const QString &ruleset)
    {
        Project p;
        p.name = name;
        p.repoPath = repo;
        p.baseBranch = "main";
        p.ciCommandsJson = kGreenCi;
        p.rulesetJson = ruleset;
        auto added = m_store->addProject(p);
        return added ? added->id : 0;
    }

    void setUp(const QString &ruleset = QStringLiteral("{}"))
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_repo = makeRepo("repo");
        auto store = Store::open(m_dir->filePath("autopack.db"));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        m_store = std::move(*store);
        m_projectId = addProject("demo", m_repo, ruleset);
        QVERIFY(m_projectId > 0);
        for (const char *role : { "admin", "builder", "auditor", "observer" }) {
            auto token = m_store->createToken(QStringLiteral("%1-1").arg(role), role);
            QVERIFY(token);
            m_tokens.insert(role, token->plainToken.toUtf8());
        }

        m_engine.start();
        SupervisorOptions o;
        o.dataDir = m_dir->filePath("data");
        o.timerIntervalMs = 3'600'000;
        QObject context;
        context.moveToThread(&m_engine);
        QMetaObject::invokeMethod(
            &context,
            [&] {
                m_sup = new Supervisor(*m_store, m_clock, o);
                m_sup->resume();
                m_feed = new EventFeed(*m_store);
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(m_sup && m_feed);

        m_server = std::make_unique<ApiServer>(makeStoreTokenVerifier(*m_store, std::chrono::milliseconds(0)));
        QVERIFY(AgentRoutes::addTo(*m_server, *m_sup));
        QVERIFY(ReviewerRoutes::addTo(*m_server, *m_sup, *m_store));
        QVERIFY(RunnerRoutes::addTo(*m_server, *m_sup, *m_store));
        QVERIFY(ReportRoutes::addTo(*m_server, *m_sup, *m_store, *m_feed));
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port, qPrintable(port ? QString() : port.error()));
        m_port = *port;
    }

    ApiTest::Response call(const QByteArray &method, const QByteArray &target, const QByteArray &role,
        const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &extra = {})
    {
        ApiTest::Client client(m_port, 40000);
        QList<std::pair<QByteArray, QByteArray>> headers = extra;
        if (!role.isEmpty())
            headers.append(
                std::pair<QByteArray, QByteArray>("Authorization", QByteArray("Bearer " + m_tokens.value(role))));
        if (!body.isEmpty())
            headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
        auto r = client.request(method, target, body, headers);
        return r.value_or(ApiTest::Response {});
    }
    ApiTest::Response post(const QByteArray &target, const QByteArray &role, const QJsonObject &body,
        const QList<std::pair<QByteArray, QByteArray>> &extra = {})
    {
        return call("POST", target, role, json(body), extra);
    }
    ApiTest::Response get(const QByteArray &target, const QByteArray &role = "observer")
    {
        return call("GET", target, role);
    }

    // Polls the phase detail until it reaches `state` (CI runs asynchronously).
    bool waitForPhase(const QString &runId, const QString &phaseId, const QString &state)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (get(QStringLiteral("/runs/%1/phases/%2").arg(runId, phaseId).toUtf8()).json().value("state").toString()
                == state)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    // A builder claims the next phase, checks it is `phaseId` on the integration tip, and
    // submits a patch adding <file>. Returns the builder_result answer.
    ApiTest::Response build(
        const QString &runId, const QString &phaseId, const QString &file, QJsonObject *claimed = nullptr)
    {
        const ApiTest::Response claim = post("/work/claim", "builder", {});
        if (claim.status != 200)
            return claim;
        const QJsonObject work = claim.json();
        if (claimed)
            *claimed = work;
        if (work.value("phase_id").toString() != phaseId || work.value("run_id").toString() != runId
            || work.value("base_commit").toString().toUtf8() != git(m_repo, { "rev-parse", "autonomous/" + runId }))
            return ApiTest::Response { -1, {}, claim.body };
        return post(QStringLiteral("/runs/%1/phases/%2/builder_result").arg(runId, phaseId).toUtf8(), "builder",
            QJsonObject { { "run_id", runId }, { "phase_id", phaseId },
                { "patch_content", newFilePatch(file, phaseId) }, { "files_changed", QJsonArray { file } },
                { "lines_added", 1 }, { "lines_removed", 0 }, { "builder_attempts", 1 }, { "tokens_used", 1000 },
                { "duration_minutes", 0.5 },
                { "probe_results",
                    QJsonArray { QJsonObject { { "probe_type", "pytest" }, { "exit_code", 0 }, { "stdout", "ok" },
                        { "stderr", "" }, { "duration_seconds", 0.1 } } } },
                { "suggested_issues", QJsonArray() }, { "status", "success" }, { "notes", "" } });
    }

private Q_SLOTS:
    void cleanup()
    {
        m_server.reset();
        if (m_sup) {
            QObject context;
            context.moveToThread(&m_engine);
            QMetaObject::invokeMethod(
                &context,
                [&] {
                    delete m_feed;
                    delete m_sup;
                },
                Qt::BlockingQueuedConnection);
        }
        m_feed = nullptr;
        m_sup = nullptr;
        m_engine.quit();
        m_engine.wait();
        m_tokens.clear();
        m_store.reset();
        m_dir.reset();
    }

    void serviceInfoAndOpenApi()
    {
        setUp();
        const auto info = get("/");
        EXPECT_STATUS(info, 200);
        QCOMPARE(info.json().value("service").toString(), QStringLiteral("Autopack Supervisor"));
        QCOMPARE(call("GET", "/health", {}).json().value("status").toString(), QStringLiteral("healthy"));

        // Every registered route is in the served document...
        const auto doc = get("/openapi.json");
        EXPECT_STATUS(doc, 200);
        const QJsonObject paths = doc.json().value("paths").toObject();
        for (const Route &route : m_server->router().routes()) {
            QVERIFY2(paths.value(route.pattern).toObject().contains(QString::fromLatin1(route.method).toLower()),
                qPrintable(route.pattern));
        }
        QVERIFY(paths.contains("/work/claim"));
        QVERIFY(paths.contains("/reports/run_summary/{run_id}"));
        // ...and docs/openapi.json is that document. AUTOPACK_UPDATE_OPENAPI=1 rewrites it.
        const QString checkedIn = QStringLiteral(AUTOPACK_SOURCE_DIR "/docs/openapi.json");
        const QJsonDocument served = QJsonDocument::fromJson(doc.body);
        if (qEnvironmentVariableIntValue("AUTOPACK_UPDATE_OPENAPI") == 1) {
            QFile out(checkedIn);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(served.toJson(QJsonDocument::Indented));
        }
        QFile in(checkedIn);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(checkedIn));
        QVERIFY2(QJsonDocument::fromJson(in.readAll()) == served,
            "docs/openapi.json differs from GET /openapi.json; rerun with AUTOPACK_UPDATE_OPENAPI=1");
    }

    // From /runs/start to DONE_SUCCESS and promotion, only over HTTP: an auto-applied
    // phase, a reviewer-gated phase rejected once then approved, and a second tier.
    void wholeRunOverHttp()
    {
        setUp();
        const QString runId = "run-http";
        const auto started = post("/runs/start", "admin",
            plan(runId,
                { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "cross_cutting_refactor"),
                    phaseJson("p3", 0, "t2", "tests") }));
        EXPECT_STATUS(started, 201);
        QJsonObject run = started.json();
        QCOMPARE(run.value("id").toString(), runId);
        QCOMPARE(run.value("run_id").toString(), runId);
        QCOMPARE(run.value("state").toString(), QStringLiteral("PHASE_QUEUEING"));
        QCOMPARE(run.value("tiers").toArray().size(), 2);
        QCOMPARE(run.value("tiers")[0]["tier_id"].toString(), QStringLiteral("t1"));
        QCOMPARE(run.value("tiers")[0]["phases"][1]["phase_id"].toString(), QStringLiteral("p2"));
        QCOMPARE(
            run.value("tiers")[0]["phases"][1]["task_category"].toString(), QStringLiteral("cross_cutting_refactor"));

        // p1: claim, heartbeat, submit (retried with the same Idempotency-Key), CI green.
        QJsonObject work;
        const QList<std::pair<QByteArray, QByteArray>> key { { "Idempotency-Key", "p1-attempt-1" } };
        {
            const auto claim = post("/work/claim", "builder", {});
            EXPECT_STATUS(claim, 200);
            work = claim.json();
            QCOMPARE(work.value("phase_id").toString(), QStringLiteral("p1"));
            QCOMPARE(
                work.value("base_commit").toString().toUtf8(), git(m_repo, { "rev-parse", "autonomous/" + runId }));
            const qint64 lease = work.value("lease_id").toInteger();
            QVERIFY(lease > 0);
            const auto beat = post(QStringLiteral("/work/%1/heartbeat").arg(lease).toUtf8(), "builder", {});
            EXPECT_STATUS(beat, 200);
            QCOMPARE(beat.json().value("lease_id").toInteger(), lease);
        }
        const QJsonObject p1Body { { "run_id", runId }, { "phase_id", "p1" },
            { "patch_content", newFilePatch("p1.txt", "p1") }, { "tokens_used", 1000 }, { "status", "success" },
            { "notes", "" } };
        const auto first = post("/runs/run-http/phases/p1/builder_result", "builder", p1Body, key);
        EXPECT_STATUS(first, 200);
        const QString p1Commit = first.json().value("commit_sha").toString();
        QCOMPARE(p1Commit.size(), 40);
        QCOMPARE(first.json().value("phase_state").toString(), QStringLiteral("CI_RUNNING"));
        const int attempts = get("/runs/run-http/phases/p1").json().value("builder_attempts").toInt();
        const auto retry = post("/runs/run-http/phases/p1/builder_result", "builder", p1Body, key);
        EXPECT_STATUS(retry, 200);
        QCOMPARE(retry.body, first.body);
        QVERIFY(waitForPhase(runId, "p1", "COMPLETE"));
        const QJsonObject p1 = get("/runs/run-http/phases/p1").json();
        QCOMPARE(p1.value("builder_attempts").toInt(), attempts);
        QCOMPARE(p1.value("candidate_commit").toString(), p1Commit);
        QVERIFY(!p1.value("ci_results").toArray().isEmpty());
        QCOMPARE(p1.value("ci_results")[0]["status"].toString(), QStringLiteral("green"));
        QVERIFY(!p1.value("events").toArray().isEmpty());
        QCOMPARE(git(m_repo, { "rev-parse", "autonomous/" + runId }), p1Commit.toUtf8());

        // p2 waits for a reviewer: the diff, a refused reject, a reject, a new attempt, approve.
        const auto p2First = build(runId, "p2", "p2.txt");
        EXPECT_STATUS(p2First, 200);
        QCOMPARE(p2First.json().value("phase_state").toString(), QStringLiteral("GATE"));
        const auto diff = get("/runs/run-http/phases/p2/diff");
        EXPECT_STATUS(diff, 200);
        QVERIFY2(diff.body.contains("+++ b/p2.txt") && diff.body.contains("+p2"), diff.body.constData());
        EXPECT_STATUS(post("/runs/run-http/phases/p2/reject", "admin", {}), 400);
        QCOMPARE(post("/runs/run-http/phases/p2/reject", "admin", {}).json().value("field").toString(),
            QStringLiteral("reason"));
        EXPECT_STATUS(post("/runs/run-http/phases/p2/reject", "builder", { { "reason", "no" } }), 403);
        const auto rejected = post("/runs/run-http/phases/p2/reject", "admin",
            { { "reason", "name the file better" },
                { "comments",
                    QJsonArray { QJsonObject { { "path", "p2.txt" }, { "line", 1 }, { "text", "why?" } } } } });
        EXPECT_STATUS(rejected, 200);
        QJsonObject again;
        const auto p2Second = build(runId, "p2", "p2b.txt", &again);
        EXPECT_STATUS(p2Second, 200);
        QCOMPARE(again.value("rejections")[0]["reason"].toString(), QStringLiteral("name the file better"));
        QCOMPARE(again.value("rejections")[0]["comments"][0]["text"].toString(), QStringLiteral("why?"));
        const auto stale = post("/runs/run-http/phases/p2/approve", "admin",
            { { "candidate_commit", p2First.json().value("commit_sha").toString() } });
        EXPECT_STATUS(stale, 409);
        EXPECT_STATUS(post("/runs/run-http/phases/p2/approve", "observer",
                          { { "candidate_commit", p2Second.json().value("commit_sha").toString() } }),
            403);
        const auto approved = post("/runs/run-http/phases/p2/approve", "admin",
            { { "candidate_commit", p2Second.json().value("commit_sha").toString() } });
        EXPECT_STATUS(approved, 200);
        QVERIFY(waitForPhase(runId, "p2", "COMPLETE"));

        // p3, the second tier; then the run is done.
        EXPECT_STATUS(build(runId, "p3", "p3.txt"), 200);
        QVERIFY(waitForPhase(runId, "p3", "COMPLETE"));
        run = get("/runs/run-http").json();
        QCOMPARE(run.value("state").toString(), QStringLiteral("DONE_SUCCESS"));
        QCOMPARE(run.value("promotion_eligible_to_main").toBool(), true);
        QCOMPARE(run.value("tokens_used").toInteger(), 4000);
        EXPECT_STATUS(post("/work/claim", "builder", {}), 204);

        // Reads over the finished run.
        const QJsonObject summary = get("/reports/run_summary/run-http").json();
        QCOMPARE(summary.value("state").toString(), QStringLiteral("DONE_SUCCESS"));
        QCOMPARE(summary.value("budgets")["tokens_used"].toInteger(), 4000);
        QCOMPARE(summary.value("budgets")["phase_count"].toInt(), 3);
        QCOMPARE(summary.value("tiers").toArray().size(), 2);
        QCOMPARE(summary.value("phases")[1]["builder_attempts"].toInt(), 2);
        QVERIFY(summary.value("started_at").isString() && summary.value("completed_at").isString());
        QCOMPARE(get("/metrics/runs?status=DONE_SUCCESS").json().value("count").toInt(), 1);
        QCOMPARE(get("/metrics/runs?status=GATE").json().value("count").toInt(), 0);
        const QJsonObject tiers = get("/metrics/tiers/run-http").json();
        QCOMPARE(tiers.value("tiers")[0]["phase_count"].toInt(), 2);
        QCOMPARE(tiers.value("tiers")[1]["phases_complete"].toInt(), 1);
        const QJsonObject integration = get("/runs/run-http/integration_status").json();
        QCOMPARE(integration.value("ahead").toInt(), 3);
        QCOMPARE(integration.value("behind").toInt(), 0);
        QCOMPARE(integration.value("tip").toString().toUtf8(), git(m_repo, { "rev-parse", "autonomous/" + runId }));
        QCOMPARE(integration.value("commits")[0]["phase_id"].toString(), QStringLiteral("p3"));
        QCOMPARE(get("/reports/budget_analysis").json().value("total_tokens_used").toInteger(), 4000);
        EXPECT_STATUS(get("/runs/run-http/issues/index"), 200);
        EXPECT_STATUS(get("/project/issues/backlog"), 200);
        EXPECT_STATUS(get("/reports/issue_backlog_summary"), 200);

        // Promotion is the admin's.
        EXPECT_STATUS(post("/runs/run-http/promote", "builder", {}), 403);
        const auto promoted = post("/runs/run-http/promote", "admin", {});
        EXPECT_STATUS(promoted, 200);
        QCOMPARE(promoted.json().value("kind").toString(), QStringLiteral("fast_forward"));
        QCOMPARE(git(m_repo, { "rev-parse", "main" }), git(m_repo, { "rev-parse", "autonomous/" + runId }));
        QCOMPARE(runGit(m_repo, { "fsck", "--no-progress" }).exitCode, 0);
    }

    // With human gates off, a gated phase goes to an auditor claiming over HTTP.
    void auditorReviewsOverHttp()
    {
        setUp(QStringLiteral(R"({"human_gates": false})"));
        EXPECT_STATUS(
            post("/runs/start", "admin", plan("run-aud", { phaseJson("p1", 0, "t1", "cross_cutting_refactor") })), 201);
        EXPECT_STATUS(post("/work/claim", "auditor", {}), 204);
        const auto built = build("run-aud", "p1", "a.txt");
        EXPECT_STATUS(built, 200);
        QCOMPARE(built.json().value("phase_state").toString(), QStringLiteral("GATE"));
        const auto request = post("/runs/run-aud/phases/p1/auditor_request", "builder",
            { { "phase_id", "p1" }, { "run_id", "run-aud" }, { "tier_id", "t1" }, { "failure_context", "" },
                { "review_focus", "naming" } });
        EXPECT_STATUS(request, 200);
        QCOMPARE(request.json().value("review_focus").toString(), QStringLiteral("naming"));
        QVERIFY(!request.json().value("auditor_profile").toString().isEmpty());
        const auto claim = post("/work/claim", "auditor", {});
        EXPECT_STATUS(claim, 200);
        QCOMPARE(claim.json().value("candidate_commit").toString(), built.json().value("commit_sha").toString());
        EXPECT_STATUS(
            post("/runs/run-aud/phases/p1/auditor_result", "builder", { { "recommendation", "approve" } }), 403);
        const auto bad = post("/runs/run-aud/phases/p1/auditor_result", "auditor", { { "recommendation", "maybe" } });
        EXPECT_STATUS(bad, 400);
        QCOMPARE(bad.json().value("field").toString(), QStringLiteral("recommendation"));
        const auto result = post("/runs/run-aud/phases/p1/auditor_result", "auditor",
            { { "phase_id", "p1" }, { "run_id", "run-aud" }, { "review_notes", "fine" },
                { "issues_found", QJsonArray() }, { "suggested_patches", QJsonArray() }, { "auditor_attempts", 1 },
                { "tokens_used", 10 }, { "recommendation", "approve" }, { "confidence", 0.9 } });
        EXPECT_STATUS(result, 200);
        QCOMPARE(result.json().value("recommendation").toString(), QStringLiteral("approve"));
        QCOMPARE(result.json().value("phase_state").toString(), QStringLiteral("CI_RUNNING"));
        QVERIFY(waitForPhase("run-aud", "p1", "COMPLETE"));
        QCOMPARE(get("/runs/run-aud").json().value("state").toString(), QStringLiteral("DONE_SUCCESS"));
    }

    void errorsNameWhatWasWrong()
    {
        setUp();
        // 401 without or with a wrong token.
        EXPECT_STATUS(call("GET", "/runs/x", {}), 401);
        EXPECT_STATUS(call("GET", "/runs/x", {}, {}, { { "Authorization", "Bearer nope" } }), 401);
        // 403 for roles that may not.
        EXPECT_STATUS(post("/runs/start", "builder", plan("r", { phaseJson("p1", 0, "t1", "tests") })), 403);
        EXPECT_STATUS(post("/work/claim", "observer", {}), 403);
        // 400: malformed body, unknown tier, duplicate run.
        const auto malformed = call("POST", "/runs/start", "admin", "{not json");
        EXPECT_STATUS(malformed, 400);
        QCOMPARE(malformed.json().value("field").toString(), QStringLiteral("body"));
        QJsonObject badTier = plan("r1", { phaseJson("p1", 0, "t1", "tests") });
        QJsonArray phases = badTier.value("phases").toArray();
        QJsonObject p = phases[0].toObject();
        p.insert("tier_id", "t9");
        phases[0] = p;
        badTier.insert("phases", phases);
        const auto unknownTier = post("/runs/start", "admin", badTier);
        EXPECT_STATUS(unknownTier, 400);
        QVERIFY(unknownTier.json().value("detail").toString().contains("unknown tier"));
        EXPECT_STATUS(post("/runs/start", "admin",
                          plan("r1", { phaseJson("p1", 0, "t1", "tests"), phaseJson("p2", 1, "t1", "tests") })),
            201);
        const auto duplicate = post("/runs/start", "admin", plan("r1", { phaseJson("p1", 0, "t1", "tests") }));
        EXPECT_STATUS(duplicate, 400);
        QCOMPARE(duplicate.json().value("detail").toString(), QStringLiteral("Run r1 already exists"));
        // 404 unknown run and phase.
        EXPECT_STATUS(get("/runs/nope"), 404);
        EXPECT_STATUS(get("/runs/r1/phases/p9"), 404);
        EXPECT_STATUS(get("/reports/run_summary/nope"), 404);
        EXPECT_STATUS(get("/metrics/tiers/nope"), 404);
        EXPECT_STATUS(post("/runs/r1/phases/p9/update_status", "builder", { { "state", "EXECUTING" } }), 404);
        // Phase states: an unknown one is 400, an illegal one 409 stating the current state.
        const auto invalidState = post("/runs/r1/phases/p1/update_status", "builder", { { "state", "BOGUS" } });
        EXPECT_STATUS(invalidState, 400);
        QCOMPARE(invalidState.json().value("detail").toString(), QStringLiteral("Invalid phase state: BOGUS"));
        const auto executing = post("/runs/r1/phases/p1/update_status", "builder", { { "state", "EXECUTING" } });
        EXPECT_STATUS(executing, 200);
        QCOMPARE(executing.json().value("phase")["state"].toString(), QStringLiteral("EXECUTING"));
        const auto illegal = post("/runs/r1/phases/p1/update_status", "builder", { { "state", "COMPLETE" } });
        EXPECT_STATUS(illegal, 409);
        QCOMPARE(illegal.json().value("current_state").toString(), QStringLiteral("EXECUTING"));
        // Path and body must agree; 422 for a patch that does not apply.
        const auto mismatch = post("/runs/r1/phases/p1/builder_result", "builder",
            { { "run_id", "r2" }, { "status", "success" }, { "patch_content", "" } });
        EXPECT_STATUS(mismatch, 400);
        QCOMPARE(mismatch.json().value("field").toString(), QStringLiteral("run_id"));
        const QString badPatch = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n"
                                 "@@ -1 +1 @@\n-not what is there\n+x\n";
        const auto refused = post("/runs/r1/phases/p1/builder_result", "builder",
            { { "patch_content", badPatch }, { "status", "success" }, { "tokens_used", 1 } });
        EXPECT_STATUS(refused, 422);
        QVERIFY(!refused.json().value("detail").toString().isEmpty());
        // Query parameters are checked too.
        const auto lease = post("/work/abc/heartbeat", "builder", {});
        EXPECT_STATUS(lease, 400);
        QCOMPARE(lease.json().value("field").toString(), QStringLiteral("lease"));
        EXPECT_STATUS(post("/work/999/heartbeat", "builder", {}), 404);
        const auto status = get("/metrics/runs?status=NOPE");
        EXPECT_STATUS(status, 400);
        QCOMPARE(status.json().value("field").toString(), QStringLiteral("status"));
        const auto wait = get("/events?after=0&wait=99");
        EXPECT_STATUS(wait, 400);
        QCOMPARE(wait.json().value("field").toString(), QStringLiteral("wait"));
        // record_issue takes its fields from the query as well.
        const auto issue = post("/runs/r1/phases/p1/record_issue?issue_key=lint.x&severity=minor&source=static_check"
                                "&category=lint",
            "auditor", {});
        EXPECT_STATUS(issue, 200);
        QCOMPARE(
            get("/runs/r1/issues/index").json().value("issues")[0]["issue_key"].toString(), QStringLiteral("lint.x"));
        QCOMPARE(
            get("/project/issues/backlog").json().value("issues")[0]["issue_key"].toString(), QStringLiteral("lint.x"));
        // Cancel, then a second cancel is illegal.
        const auto cancelled = post("/runs/r1/cancel", "admin", { { "reason", "enough" } });
        EXPECT_STATUS(cancelled, 200);
        QCOMPARE(cancelled.json().value("state").toString(), QStringLiteral("DONE_FAILED_CANCELLED"));
        EXPECT_STATUS(post("/runs/r1/cancel", "admin", {}), 409);
        EXPECT_STATUS(post("/runs/r1/promote", "admin", {}), 409);
    }

    // Four builders post results for the same phase at once: the Supervisor takes them
    // one at a time, the first makes the candidate, the others are told the phase moved on.
    void concurrentSubmissionsOneWins()
    {
        setUp();
        EXPECT_STATUS(post("/runs/start", "admin", plan("r-c", { phaseJson("p1", 0, "t1", "tests") })), 201);
        EXPECT_STATUS(post("/work/claim", "builder", {}), 200);
        std::vector<std::unique_ptr<ApiTest::Client>> clients;
        for (int i = 0; i < 4; ++i) {
            const QByteArray body = json({ { "patch_content", newFilePatch(QStringLiteral("c%1.txt").arg(i), "c") },
                { "status", "success" }, { "tokens_used", 1 } });
            clients.push_back(std::make_unique<ApiTest::Client>(m_port, 40000));
            clients.back()->write(
                "POST /runs/r-c/phases/p1/builder_result HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + m_tokens.value("builder") + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
                + body);
        }
        int won = 0, conflicts = 0;
        for (auto &c : clients) {
            const auto r = c->read();
            QVERIFY(r);
            won += r->status == 200;
            conflicts += r->status == 409;
        }
        QCOMPARE(won, 1);
        QCOMPARE(conflicts, 3);
        QVERIFY(waitForPhase("r-c", "p1", "COMPLETE"));
        QCOMPARE(get("/runs/r-c/integration_status").json().value("ahead").toInt(), 1);
    }

    // Who may claim what: a builder or auditor token claims for its own role, an admin
    // names the role, a lease is renewed only by its holder.
    void claimRolesAndLeases()
    {
        setUp();
        QJsonObject older = plan("r-cl", { phaseJson("p1", 0, "t1", "tests") });
        QJsonObject run = older.value("run").toObject();
        run.insert("run_scope", "incremental"); // older clients' name for multi_tier
        older.insert("run", run);
        const auto created = post("/runs/start", "admin", older);
        EXPECT_STATUS(created, 201);
        QCOMPARE(created.json().value("run_scope").toString(), QStringLiteral("multi_tier"));
        const auto noRole = post("/work/claim", "admin", {});
        EXPECT_STATUS(noRole, 400);
        QCOMPARE(noRole.json().value("field").toString(), QStringLiteral("role"));
        const auto badRole = post("/work/claim", "admin", { { "role", "observer" } });
        EXPECT_STATUS(badRole, 400);
        QCOMPARE(badRole.json().value("field").toString(), QStringLiteral("role"));
        EXPECT_STATUS(post("/work/claim", "builder", { { "role", "auditor" } }), 403);
        EXPECT_STATUS(post("/work/claim", "admin", { { "role", "auditor" } }), 204);
        const auto claim = post("/work/claim", "admin", { { "role", "builder" } });
        EXPECT_STATUS(claim, 200);
        QCOMPARE(claim.json().value("role").toString(), QStringLiteral("builder"));
        const QByteArray heartbeat
            = QStringLiteral("/work/%1/heartbeat").arg(claim.json().value("lease_id").toInteger()).toUtf8();
        const auto foreign = post(heartbeat, "builder", {});
        EXPECT_STATUS(foreign, 409); // held by admin-1, not builder-1
        EXPECT_STATUS(post(heartbeat, "admin", {}), 200);
        EXPECT_STATUS(post("/work/claim", "builder", {}), 204); // the phase is leased
        // record_issue: the body wins over a query parameter of the same name.
        const auto issue = post("/runs/r-cl/phases/p1/record_issue?issue_key=from.query&severity=major", "builder",
            { { "issue_key", "from.body" }, { "severity", "minor" }, { "source", "test" }, { "category", "lint" } });
        EXPECT_STATUS(issue, 200);
        QCOMPARE(issue.json().value("issue")["issue_key"].toString(), QStringLiteral("from.body"));
        QCOMPARE(issue.json().value("issue")["severity"].toString(), QStringLiteral("minor"));
        const QJsonObject detail = get("/runs/r-cl/phases/p1").json();
        QCOMPARE(detail.value("issues").toArray().size(), 1);
        QCOMPARE(detail.value("minor_issues_count").toInt(), 1);
        const auto noCandidate = get("/runs/r-cl/phases/p1/diff");
        EXPECT_STATUS(noCandidate, 404);
        QVERIFY(noCandidate.json().value("detail").toString().contains("no candidate"));
    }

    // What the agent runner reads and writes besides its claim: a commit's listing and
    // archive, the transcript, and giving a phase back without an attempt charged.
    void runnerRoutes()
    {
        setUp();
        EXPECT_STATUS(post("/runs/start", "admin", plan("r-w", { phaseJson("p1", 0, "t1", "tests") })), 201);
        const QString base = QString::fromUtf8(git(m_repo, { "rev-parse", "autonomous/r-w" }));
        const auto listing = get(QStringLiteral("/runs/r-w/tree/%1").arg(base).toUtf8());
        EXPECT_STATUS(listing, 200);
        QCOMPARE(listing.json().value("tree_id").toString().toUtf8(), git(m_repo, { "rev-parse", base + "^{tree}" }));
        const QJsonArray entries = listing.json().value("entries").toArray();
        QVERIFY(!entries.isEmpty());
        const QString path = entries.first().toObject().value("path").toString();
        QCOMPARE(entries.first().toObject().value("oid").toString().toUtf8(),
            git(m_repo, { "rev-parse", base + ":" + path }));
        const auto tar = call("POST", QStringLiteral("/runs/r-w/archive/%1").arg(base).toUtf8(), "observer",
            json({ { "paths", QJsonArray { path } } }));
        EXPECT_STATUS(tar, 200);
        QVERIFY(tar.body.size() % 512 == 0 && tar.body.size() >= 1536); // one header, data, end blocks
        QCOMPARE(tar.body.left(path.size()), path.toUtf8());
        EXPECT_STATUS(get("/runs/r-w/tree/main"), 400); // a full id, not a name
        EXPECT_STATUS(get("/runs/r-w/tree/0123456789012345678901234567890123456789"), 404);
        const auto missing = call("POST", QStringLiteral("/runs/r-w/archive/%1").arg(base).toUtf8(), "observer",
            json({ { "paths", QJsonArray { "no/such/file" } } }));
        EXPECT_STATUS(missing, 404);
        QVERIFY(missing.json().value("detail").toString().contains("no/such/file"));
        EXPECT_STATUS(get(QStringLiteral("/runs/nope/tree/%1").arg(base).toUtf8()), 404);
        // ?since=: only what differs, and what went.
        const QByteArray blob = git(m_repo, { "hash-object", "-w", "--stdin" }, "changed\n");
        const QByteArray tree
            = git(m_repo, { "mktree" }, "100644 blob " + blob + "\tREADME.md\n100644 blob " + blob + "\tnew.txt\n");
        const QString next
            = QString::fromUtf8(git(m_repo, { "commit-tree", QString::fromUtf8(tree), "-p", base, "-m", "next" }));
        const auto forward = get(QStringLiteral("/runs/r-w/tree/%1?since=%2").arg(next, base).toUtf8());
        EXPECT_STATUS(forward, 200);
        QCOMPARE(forward.json().value("since").toString(), base);
        QCOMPARE(forward.json().value("commit").toString(), next);
        QCOMPARE(forward.json().value("tree_id").toString().toUtf8(), tree);
        QCOMPARE(forward.json().value("deleted").toArray(), QJsonArray());
        const QJsonArray changed = forward.json().value("entries").toArray();
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).toObject().value("path").toString(), QStringLiteral("README.md"));
        QCOMPARE(changed.at(1).toObject().value("path").toString(), QStringLiteral("new.txt"));
        QCOMPARE(changed.at(1).toObject().value("mode").toString(), QStringLiteral("100644"));
        QCOMPARE(changed.at(1).toObject().value("oid").toString().toUtf8(), blob);
        QCOMPARE(changed.at(1).toObject().value("size").toInt(), 8);
        const auto back = get(QStringLiteral("/runs/r-w/tree/%1?since=%2").arg(base, next).toUtf8());
        EXPECT_STATUS(back, 200);
        QCOMPARE(back.json().value("deleted").toArray(), QJsonArray { "new.txt" });
        QCOMPARE(back.json().value("entries").toArray().size(), 1);
        const auto same = get(QStringLiteral("/runs/r-w/tree/%1?since=%1").arg(base).toUtf8());
        EXPECT_STATUS(same, 200);
        QVERIFY(same.json().value("entries").toArray().isEmpty() && same.json().value("deleted").toArray().isEmpty());
        const auto unknownSince = get(
            QStringLiteral("/runs/r-w/tree/%1?since=0123456789012345678901234567890123456789").arg(base).toUtf8());
        EXPECT_STATUS(unknownSince, 404);
        QVERIFY(unknownSince.json().value("detail").toString().contains("0123456789012345678901234567890123456789"));
        const auto badSince = get(QStringLiteral("/runs/r-w/tree/%1?since=main").arg(base).toUtf8());
        EXPECT_STATUS(badSince, 400);
        QCOMPARE(badSince.json().value("field").toString(), QStringLiteral("since"));

        const auto claim = post("/work/claim", "builder", {});
        EXPECT_STATUS(claim, 200);
        const qint64 lease = claim.json().value("lease_id").toInteger();
        QVERIFY(claim.json().contains("budget_left"));
        QCOMPARE(claim.json().value("tier_name").toString(), QStringLiteral("Tier t1"));
        const QByteArray transcript = QStringLiteral("/work/%1/transcript").arg(lease).toUtf8();
        const auto appended = post(transcript, "builder",
            { { "events",
                QJsonArray { QJsonObject { { "kind", "message" }, { "text", "hello" } },
                    QJsonObject { { "kind", "tool_call" }, { "tool", "Edit" }, { "path", "a.txt" } } } } });
        EXPECT_STATUS(appended, 200);
        QCOMPARE(appended.json().value("stored").toInt(), 2);
        const auto badKind
            = post(transcript, "builder", { { "events", QJsonArray { QJsonObject { { "kind", "yell" } } } } });
        EXPECT_STATUS(badKind, 400);
        QCOMPARE(badKind.json().value("field").toString(), QStringLiteral("events[0].kind"));
        const auto foreign = post(transcript, "auditor", { { "events", QJsonArray() } });
        EXPECT_STATUS(foreign, 409); // not the holder
        const QJsonArray stored = get("/runs/r-w/phases/p1/transcript").json().value("events").toArray();
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(0).toObject().value("text").toString(), QStringLiteral("hello"));
        QCOMPARE(stored.at(0).toObject().value("attempt").toInt(), 1);
        QCOMPARE(stored.at(1).toObject().value("tool").toString(), QStringLiteral("Edit"));

        const QByteArray release = QStringLiteral("/work/%1/release").arg(lease).toUtf8();
        const auto badFlag = post(release, "builder", { { "rate_limited", "yes" } });
        EXPECT_STATUS(badFlag, 400);
        const auto released = post(release, "builder", { { "reason", "usage window" }, { "rate_limited", true } });
        EXPECT_STATUS(released, 200);
        const QJsonObject phase = get("/runs/r-w/phases/p1").json();
        QCOMPARE(phase.value("builder_attempts").toInt(), 0);
        QCOMPARE(phase.value("state").toString(), QStringLiteral("EXECUTING"));
        const auto lateHeartbeat = post(QStringLiteral("/work/%1/heartbeat").arg(lease).toUtf8(), "builder", {});
        EXPECT_STATUS(lateHeartbeat, 409);
        const auto lateTranscript = post(transcript, "builder", { { "events", QJsonArray() } });
        EXPECT_STATUS(lateTranscript, 409);
        const auto again = post("/work/claim", "builder", {});
        EXPECT_STATUS(again, 200); // free again at once
    }

    void defaultProjectMustBeChosen()
    {
        setUp();
        QVERIFY(addProject("other", makeRepo("repo2"), "{}") > 0);
        const auto ambiguous = post("/runs/start", "admin", plan("r2", { phaseJson("p1", 0, "t1", "tests") }));
        EXPECT_STATUS(ambiguous, 409);
        QVERIFY(ambiguous.json().value("detail").toString().contains("project"));
        EXPECT_STATUS(get("/project/issues/backlog"), 409);
        QJsonObject named = plan("r2", { phaseJson("p1", 0, "t1", "tests") });
        named.insert("project_id", m_projectId);
        const auto created = post("/runs/start", "admin", named);
        EXPECT_STATUS(created, 201);
        QCOMPARE(created.json().value("project_id").toInteger(), m_projectId);
        EXPECT_STATUS(get(QStringLiteral("/project/issues/backlog?project_id=%1").arg(m_projectId).toUtf8()), 200);
    }

    void eventsLongPoll()
    {
        setUp();
        const auto now = get("/events?after=0");
        EXPECT_STATUS(now, 200);
        const qint64 last = now.json().value("last_id").toInteger();
        // Nothing happens: the wait runs out with an empty answer.
        QElapsedTimer t;
        t.start();
        const auto empty = get(QStringLiteral("/events?after=%1&wait=1").arg(last).toUtf8());
        EXPECT_STATUS(empty, 200);
        QVERIFY(t.elapsed() >= 900);
        QVERIFY(empty.json().value("events").toArray().isEmpty());
        QCOMPARE(empty.json().value("last_id").toInteger(), last);

        // A waiting client is answered as soon as a run is created, long before its wait ends.
        ApiTest::Client waiting(m_port, 40000);
        waiting.write(
            QStringLiteral("GET /events?after=%1&wait=30 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %2\r\n\r\n")
                .arg(last)
                .arg(QString::fromUtf8(m_tokens.value("observer")))
                .toUtf8());
        QTest::qWait(300); // parked
        t.restart();
        EXPECT_STATUS(post("/runs/start", "admin", plan("r-ev", { phaseJson("p1", 0, "t1", "tests") })), 201);
        const auto woken = waiting.read();
        QVERIFY(woken);
        EXPECT_STATUS(*woken, 200);
        QVERIFY(t.elapsed() < 10000);
        const QJsonArray events = woken->json().value("events").toArray();
        QVERIFY(!events.isEmpty());
        QCOMPARE(events[0]["run_id"].toString(), QStringLiteral("r-ev"));
        QVERIFY(events[0]["id"].toInteger() > last);
        QCOMPARE(woken->json().value("last_id").toInteger(), events.last()["id"].toInteger());
    }
};

QTEST_GUILESS_MAIN(TestRunOverHttp)
#include "tst_runoverhttp.moc"
