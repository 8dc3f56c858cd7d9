// The whole Agent API (an EngineHost: Store, Supervisor on its engine thread, every
// route) fed bad input over real sockets. Cases the listener's and the end-to-end
// tests already cover (413, byte-by-byte clients, clients vanishing at the listener,
// malformed /runs/start, an unknown phase state, concurrent submissions) are not
// repeated; here each agent route's validation names the field and changes nothing,
// huge strings get a documented answer, and clients that break off in the middle of
// a real submission or a real response leave the store whole and the server serving.

#include "enginehost.h"
#include "httptestclient.h"
#include "store.h"

#include "../runfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using ApiTest::Client;
using ApiTest::Response;

namespace {

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

class TestApiAbuse : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_repo;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Host::EngineHost> m_host;
    QHash<QByteArray, QByteArray> m_tokens;
    quint16 m_port = 0;

    Response call(const QByteArray &method, const QByteArray &target, const QByteArray &role, const QByteArray &body = {})
    {
        Client client(m_port, 30000);
        QList<std::pair<QByteArray, QByteArray>> headers { { "Authorization", "Bearer " + m_tokens.value(role) } };
        if (!body.isEmpty())
            headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
        return client.request(method, target, body, headers).value_or(Response {});
    }
    QJsonObject phase(const QByteArray &run, const QByteArray &phaseId)
    {
        return call("GET", "/runs/" + run + "/phases/" + phaseId, "observer").json();
    }
    bool waitForPhase(const QByteArray &run, const QByteArray &phaseId, const QString &state)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (phase(run, phaseId).value("state").toString() == state)
                return true;
            QTest::qWait(50);
        }
        return false;
    }
    void startRun(const QString &runId)
    {
        const auto started = call("POST", "/runs/start", "admin",
                                  json(TestSupport::plan(runId, { TestSupport::phaseJson("p1", 0, "t1", "tests") })));
        QVERIFY2(started.status == 201, started.body.constData());
    }
    // Headers of a builder_result whose body is `length` bytes long.
    QByteArray submissionHead(const QByteArray &run, qsizetype length)
    {
        return "POST /runs/" + run + "/phases/p1/builder_result HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + m_tokens.value("builder") + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(length) + "\r\n\r\n";
    }
    void verifyStillServing()
    {
        const auto health = call("GET", "/health", "observer");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value("status").toString(), QStringLiteral("healthy"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_repo = m_dir.filePath("repo");
        TestSupport::makeProjectRepository(m_repo);
        auto store = Store::open(m_dir.filePath("autopack.db"));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        m_store = std::move(*store);
        Project p;
        p.name = "abuse";
        p.repoPath = m_repo;
        p.baseBranch = "main";
        p.ciCommandsJson = TestSupport::kGreenCi;
        QVERIFY(m_store->addProject(p));
        for (const char *role : { "admin", "builder", "auditor", "observer" }) {
            auto token = m_store->createToken(QStringLiteral("%1-1").arg(role), role);
            QVERIFY(token);
            m_tokens.insert(role, token->plainToken.toUtf8());
        }
        m_host = std::make_unique<Host::EngineHost>(*m_store);
        Host::EngineHostOptions options;
        options.dataDir = m_dir.filePath("data");
        options.listen = "127.0.0.1:0";
        const auto started = m_host->start(options);
        QVERIFY2(started, qPrintable(started ? QString() : started.error()));
        m_port = quint16(m_host->listenAddress().section(':', -1).toUInt());
        QVERIFY(m_port > 0);
        startRun("r-bad");
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_store.reset();
    }

    // Every agent route: 400 naming the field, and the phase is exactly as before.
    void badFieldsAreNamedAndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("route");
        QTest::addColumn<QByteArray>("role");
        QTest::addColumn<QByteArray>("body");
        // "field" is what the error's field must end with. After a ':',
        // what the detail names instead when the field is an element of an array: the
        // detail of a bad suggested issue names the issue's own field, not the array.
        QTest::addColumn<QString>("field");
        const QByteArray patch = json({ { "patch_content", TestSupport::newFilePatch("a.txt", "a") } }).mid(1);
        QTest::newRow("result: malformed json") << QByteArray("builder_result") << QByteArray("builder")
                                                << QByteArray(R"({"status": "success", )") << "body";
        QTest::newRow("result: array body") << QByteArray("builder_result") << QByteArray("builder") << QByteArray("[1, 2]")
                                            << "body";
        QTest::newRow("result: empty body") << QByteArray("builder_result") << QByteArray("builder") << QByteArray()
                                            << "body";
        QTest::newRow("result: status wrong type") << QByteArray("builder_result") << QByteArray("builder")
                                                   << QByteArray(R"({"status": 5, )" + patch) << "status";
        QTest::newRow("result: status unknown") << QByteArray("builder_result") << QByteArray("builder")
                                                << QByteArray(R"({"status": "maybe", )" + patch) << "status";
        QTest::newRow("result: tokens as text") << QByteArray("builder_result") << QByteArray("builder")
                                                << QByteArray(R"({"status": "success", "tokens_used": "many", )" + patch)
                                                << "tokens_used";
        QTest::newRow("result: negative tokens") << QByteArray("builder_result") << QByteArray("builder")
                                                 << QByteArray(R"({"status": "success", "tokens_used": -3, )" + patch)
                                                 << "tokens_used";
        QTest::newRow("result: no patch") << QByteArray("builder_result") << QByteArray("builder")
                                          << QByteArray(R"({"status": "success"})") << "patch_content";
        QTest::newRow("result: patch not text") << QByteArray("builder_result") << QByteArray("builder")
                                                << QByteArray(R"({"status": "success", "patch_content": {"a": 1}})")
                                                << "patch_content";
        QTest::newRow("result: issues not array") << QByteArray("builder_result") << QByteArray("builder")
                                                  << QByteArray(R"({"status": "success", "suggested_issues": "x", )" + patch)
                                                  << "suggested_issues";
        QTest::newRow("result: issue without key")
            << QByteArray("builder_result") << QByteArray("builder")
            << QByteArray(R"({"status": "success", "suggested_issues": [{"severity": "minor"}], )" + patch)
            << "suggested_issues[0]:issue_key";
        QTest::newRow("result: run_id a number") << QByteArray("builder_result") << QByteArray("builder")
                                                 << QByteArray(R"({"status": "success", "run_id": 7, )" + patch) << "run_id";
        QTest::newRow("issue: no key") << QByteArray("record_issue") << QByteArray("auditor")
                                       << QByteArray(R"({"severity": "minor"})") << "issue_key";
        QTest::newRow("issue: severity unknown") << QByteArray("record_issue") << QByteArray("auditor")
                                                 << QByteArray(R"({"issue_key": "k", "severity": "catastrophic"})")
                                                 << "severity";
        QTest::newRow("issue: severity a number") << QByteArray("record_issue") << QByteArray("auditor")
                                                  << QByteArray(R"({"issue_key": "k", "severity": 3})") << "severity";
        QTest::newRow("issue: key a list") << QByteArray("record_issue") << QByteArray("builder")
                                           << QByteArray(R"({"issue_key": ["k"], "severity": "minor"})") << "issue_key";
        QTest::newRow("issue: evidence of numbers")
            << QByteArray("record_issue") << QByteArray("builder")
            << QByteArray(R"({"issue_key": "k", "severity": "minor", "evidence_refs": [1]})") << "evidence_refs[0]";
        QTest::newRow("status: missing") << QByteArray("update_status") << QByteArray("builder") << QByteArray("{}")
                                         << "state";
        QTest::newRow("status: a number") << QByteArray("update_status") << QByteArray("builder")
                                          << QByteArray(R"({"state": 7})") << "state";
        QTest::newRow("status: lower case") << QByteArray("update_status") << QByteArray("builder")
                                            << QByteArray(R"({"state": "executing"})") << "state";
        QTest::newRow("status: tokens a float") << QByteArray("update_status") << QByteArray("builder")
                                                << QByteArray(R"({"state": "EXECUTING", "tokens_used": 1.5})")
                                                << "tokens_used";
    }

    void badFieldsAreNamedAndChangeNothing()
    {
        QFETCH(QByteArray, route);
        QFETCH(QByteArray, role);
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const QString mentioned = field.contains(':') ? field.section(':', 1) : field.section('[', 0, 0);
        field = field.section(':', 0, 0);
        const QJsonObject before = phase("r-bad", "p1");
        QCOMPARE(before.value("state").toString(), QStringLiteral("QUEUED"));

        const auto r = call("POST", "/runs/r-bad/phases/p1/" + route, role, body);
        QVERIFY2(r.status == 400, r.body.constData());
        QVERIFY2(r.json().value("field").toString().endsWith(field), r.body.constData());
        QVERIFY2(r.json().value("detail").toString().contains(mentioned), r.body.constData());

        const QJsonObject after = phase("r-bad", "p1");
        QCOMPARE(after.value("state").toString(), QStringLiteral("QUEUED"));
        QCOMPARE(after.value("builder_attempts"), before.value("builder_attempts"));
        QCOMPARE(after.value("tokens_used"), before.value("tokens_used"));
        QCOMPARE(call("GET", "/runs/r-bad/issues/index", "observer").json().value("issues").toArray().size(), 0);
    }

    // There is no length limit on issue strings below the 32 MB body limit: a 1 MB
    // issue key or description is accepted and stored whole, not truncated, and a
    // retry of the same key counts an occurrence rather than storing it twice.
    void hugeStringsAreStoredWhole()
    {
        const QString bigKey = QStringLiteral("lint.") + QString(1024 * 1024, QLatin1Char('k'));
        const QString bigText = QString(1024 * 1024, QLatin1Char('d'));
        const QByteArray body = json({ { "issue_key", bigKey }, { "severity", "minor" }, { "description", bigText } });
        QVERIFY(body.size() > 2 * 1024 * 1024);
        const auto recorded = call("POST", "/runs/r-bad/phases/p1/record_issue", "auditor", body);
        QVERIFY2(recorded.status == 200, recorded.body.left(500).constData());
        QCOMPARE(recorded.json().value("issue").toObject().value("issue_key").toString(), bigKey);
        const QJsonArray issues = call("GET", "/runs/r-bad/issues/index", "observer").json().value("issues").toArray();
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.at(0).toObject().value("issue_key").toString(), bigKey);
        QCOMPARE(call("POST", "/runs/r-bad/phases/p1/record_issue", "auditor", body).status, 200);
        QCOMPARE(call("GET", "/runs/r-bad/issues/index", "observer").json().value("issues").toArray().size(), 1);
        QCOMPARE(phase("r-bad", "p1").value("state").toString(), QStringLiteral("QUEUED"));
    }

    // A builder that sends its headers and half its body, then goes away: nothing is
    // applied, the phase is still QUEUED, and the same submission sent whole then wins.
    void submissionBrokenOffMidRequestChangesNothing()
    {
        startRun("r-cut");
        const QByteArray body = json({ { "status", "success" }, { "tokens_used", 10 },
                                       { "patch_content", TestSupport::newFilePatch("cut.txt", "cut") } });
        for (int i = 0; i < 5; ++i) {
            Client quitter(m_port);
            quitter.write(submissionHead("r-cut", body.size()) + body.left(body.size() / 2));
            quitter.socket().disconnectFromHost();
        }
        {
            Client headersOnly(m_port);
            headersOnly.write(submissionHead("r-cut", body.size()).chopped(3));
            headersOnly.socket().abort();
        }
        verifyStillServing();
        QCOMPARE(phase("r-cut", "p1").value("state").toString(), QStringLiteral("QUEUED"));
        QCOMPARE(phase("r-cut", "p1").value("builder_attempts").toInt(), 0);

        Client whole(m_port, 30000);
        whole.write(submissionHead("r-cut", body.size()) + body);
        const auto answer = whole.read();
        QVERIFY(answer);
        QVERIFY2(answer->status == 200, answer->body.constData());
        QVERIFY(waitForPhase("r-cut", "p1", "COMPLETE"));
        QCOMPARE(call("GET", "/runs/r-cut/integration_status", "observer").json().value("ahead").toInt(), 1);
    }

    // A 1 MB patch is within limits and accepted; clients that read a few bytes of its
    // diff and hang up (mid-response) do not stop the server, and the next reader
    // gets the whole diff.
    void clientsLeavingMidResponse()
    {
        startRun("r-big");
        QString lines;
        for (int i = 0; i < 20000; ++i)
            lines += QStringLiteral("+line %1 of a one megabyte patch, fifty characters\n").arg(i, 5, 10, QLatin1Char('0'));
        const QString patch = QStringLiteral("diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n"
                                             "+++ b/big.txt\n@@ -0,0 +1,20000 @@\n")
            + lines;
        QVERIFY(patch.size() > 1000 * 1000);
        const auto submitted = call("POST", "/runs/r-big/phases/p1/builder_result", "builder",
                                    json({ { "status", "success" }, { "patch_content", patch } }));
        QVERIFY2(submitted.status == 200, submitted.body.constData());
        QVERIFY(waitForPhase("r-big", "p1", "COMPLETE"));

        const QByteArray request = "GET /runs/r-big/phases/p1/diff HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + m_tokens.value("observer") + "\r\n\r\n";
        for (int i = 0; i < 10; ++i) {
            Client leaver(m_port);
            leaver.write(request);
            QVERIFY(leaver.socket().waitForReadyRead(10000));
            QVERIFY(!leaver.socket().read(100).isEmpty());
            if (i % 2)
                leaver.socket().abort(); // a reset rather than a FIN
            else
                leaver.socket().disconnectFromHost();
        }
        verifyStillServing();
        const auto diff = call("GET", "/runs/r-big/phases/p1/diff", "observer");
        QCOMPARE(diff.status, 200);
        QVERIFY2(diff.body.contains("+line 19999 of a one megabyte patch"), diff.body.right(200).constData());
        QVERIFY(diff.body.size() > 1000 * 1000);
    }
};

QTEST_GUILESS_MAIN(TestApiAbuse)
#include "tst_apiabuse.moc"
