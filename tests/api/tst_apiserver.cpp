// ApiServer over real sockets: GET / and /health payloads, 401/403/404/405, field
// validation errors, Idempotency-Key replays, handlers on another thread, request log.

#include "apiserver.h"
#include "httptestclient.h"
#include "jsonvalidator.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace Autopack::Api;
using ApiTest::Client;

namespace {

std::expected<Principal, ApiServer::VerifyFailure> verify(const QString &token)
{
    if (token == QLatin1String("tok-db-down"))
        return std::unexpected(ApiServer::VerifyFailure{ApiServer::VerifyFailure::Kind::Unavailable, QStringLiteral("database is locked")});
    static const QHash<QString, Principal> tokens{
            {QStringLiteral("tok-admin"), {QStringLiteral("ops"), Role::Admin}},
            {QStringLiteral("tok-builder"), {QStringLiteral("builder-1"), Role::Builder}},
            {QStringLiteral("tok-builder2"), {QStringLiteral("builder-2"), Role::Builder}},
            {QStringLiteral("tok-auditor"), {QStringLiteral("auditor-1"), Role::Auditor}},
            {QStringLiteral("tok-observer"), {QStringLiteral("watcher"), Role::Observer}},
    };
    const auto it = tokens.constFind(token);
    if (it == tokens.constEnd())
        return std::unexpected(ApiServer::VerifyFailure{ApiServer::VerifyFailure::Kind::InvalidToken, QStringLiteral("unknown token")});
    return *it;
}

QList<std::pair<QByteArray, QByteArray>> bearer(const QByteArray &token, QList<std::pair<QByteArray, QByteArray>> more = {})
{
    more.prepend({"Authorization", "Bearer " + token});
    return more;
}

} // namespace

class tst_ApiServer : public QObject
{
    Q_OBJECT

private:
    QThread m_workerThread;
    QObject *m_worker = nullptr; // handlers that stand for store work run here
    std::unique_ptr<ApiServer> m_server;
    std::atomic_int m_counterRuns = 0;
    std::atomic<QThread *> m_counterThread = nullptr;

    quint16 port() const { return m_server->port(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_worker = new QObject;
        m_worker->moveToThread(&m_workerThread);
        m_workerThread.start();

        ApiServerOptions options;
        options.requestLogCapacity = 5;
        m_server = std::make_unique<ApiServer>(&verify, options);
        QVERIFY(m_server->addRoute({.method = "POST",
                                    .pattern = QStringLiteral("/runs/start"),
                                    .access = Access::Roles,
                                    .handler =
                                            [](const ApiRequest &request, HttpResponder responder) {
                                                const auto body = parseJsonObject(request.http.body);
                                                if (!body)
                                                    return void(responder.send(body.error().toResponse()));
                                                JsonValidator v(*body);
                                                JsonValidator run = v.object(QStringLiteral("run"));
                                                const QString runId = run.requiredString(QStringLiteral("run_id"), {.maxLength = 64, .allowEmpty = false});
                                                run.optionalEnum(QStringLiteral("safety_profile"), {QStringLiteral("normal"), QStringLiteral("safety_critical")});
                                                if (!v.ok())
                                                    return void(responder.send(v.error()->toResponse()));
                                                responder.send(HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), runId}}));
                                            },
                                    .summary = QStringLiteral("create a run")}));
        QVERIFY(m_server->addRoute({.method = "GET",
                                    .pattern = QStringLiteral("/runs/{run_id}"),
                                    .handler =
                                            [](const ApiRequest &request, HttpResponder responder) {
                                                const QString id = request.params.value(QStringLiteral("run_id"));
                                                if (id != QLatin1String("r1"))
                                                    return void(responder.send(HttpResponse::error(404, QStringLiteral("not_found"),
                                                                                                   QStringLiteral("Run %1 not found").arg(id))));
                                                responder.send(HttpResponse::json(200, QJsonObject{{QStringLiteral("id"), id},
                                                                                                   {QStringLiteral("caller"), request.principal->name}}));
                                            }}));
        QVERIFY(m_server->addRoute({.method = "POST",
                                    .pattern = QStringLiteral("/runs/{run_id}/phases/{phase_id}/record_issue"),
                                    .access = Access::Roles,
                                    .roles = {Role::Builder, Role::Auditor},
                                    .handler =
                                            [](const ApiRequest &request, HttpResponder responder) {
                                                responder.send(HttpResponse::json(
                                                        200, QJsonObject{{QStringLiteral("phase"), request.params.value(QStringLiteral("phase_id"))}}));
                                            }}));
        // Stands for a write: runs on the worker thread, answers 50 ms later ("after the
        // commit"; 1 s for the body "slow"), counts its runs.
        QVERIFY(m_server->addRoute({.method = "POST",
                                    .pattern = QStringLiteral("/counter"),
                                    .access = Access::Roles,
                                    .roles = {Role::Builder},
                                    .handler =
                                            [this](const ApiRequest &request, HttpResponder responder) {
                                                const int n = ++m_counterRuns;
                                                m_counterThread = QThread::currentThread();
                                                const QString body = QString::fromUtf8(request.http.body);
                                                const int delayMs = body == QLatin1String("slow") ? 1000 : 50;
                                                QTimer::singleShot(delayMs, m_worker, [responder, n, body] {
                                                    responder.send(HttpResponse::json(
                                                            200, QJsonObject{{QStringLiteral("count"), n}, {QStringLiteral("echo"), body}}));
                                                });
                                            },
                                    .context = m_worker}));
        // Takes a body (a request schema): the handler, on the worker thread, finds it
        // parsed already.
        QVERIFY(m_server->addRoute({.method = "POST",
                                    .pattern = QStringLiteral("/parsed"),
                                    .access = Access::Roles,
                                    .roles = {Role::Builder},
                                    .handler =
                                            [](const ApiRequest &request, HttpResponder responder) {
                                                if (!request.json)
                                                    return void(responder.send(HttpResponse::json(200, QJsonObject{{QStringLiteral("pre_parsed"), false}})));
                                                if (!*request.json)
                                                    return void(responder.send(request.json->error().toResponse()));
                                                QJsonObject answer = **request.json;
                                                answer.insert(QStringLiteral("pre_parsed"), true);
                                                responder.send(HttpResponse::json(200, answer));
                                            },
                                    .context = m_worker,
                                    .requestSchema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}));
        const auto refused = m_server->addRoute({.method = "GET", .pattern = QStringLiteral("/health"), .handler = [](const ApiRequest &, HttpResponder) {}});
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(QStringLiteral("already registered")));

        const auto endpoint = parseListenAddress(QStringLiteral("127.0.0.1:0"));
        QVERIFY(endpoint);
        const auto bound = m_server->listen(*endpoint);
        QVERIFY2(bound, bound ? "" : qPrintable(bound.error()));
        QCOMPARE(*bound, m_server->port());
        QVERIFY(!m_server->addRoute({.method = "GET", .pattern = QStringLiteral("/late"), .handler = [](const ApiRequest &, HttpResponder) {}}));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        QMetaObject::invokeMethod(m_worker, &QObject::deleteLater);
        m_workerThread.quit();
        m_workerThread.wait();
    }

    void healthNeedsNoToken()
    {
        Client c(port());
        const auto r = c.request("GET", "/health");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("content-type"), QByteArray("application/json"));
        QCOMPARE(r->json().value(QStringLiteral("status")).toString(), QStringLiteral("healthy"));
    }

    void serviceInfo()
    {
        Client c(port());
        const auto anonymous = c.request("GET", "/");
        QVERIFY(anonymous);
        QCOMPARE(anonymous->status, 401);
        const auto r = c.request("GET", "/", {}, bearer("tok-observer"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QJsonObject o = r->json();
        QCOMPARE(o.value(QStringLiteral("service")).toString(), QStringLiteral("Autopack Supervisor"));
        QVERIFY(!o.value(QStringLiteral("version")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("description")).toString().isEmpty());
    }

    void unauthorized()
    {
        Client c(port());
        const auto none = c.request("GET", "/runs/r1");
        QVERIFY(none);
        QCOMPARE(none->status, 401);
        QCOMPARE(none->header("www-authenticate"), QByteArray("Bearer"));
        QCOMPARE(none->json().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
        QVERIFY(none->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("Authorization")));
        const auto wrong = c.request("GET", "/runs/r1", {}, bearer("tok-nobody"));
        QVERIFY(wrong);
        QCOMPARE(wrong->status, 401);
        QCOMPARE(wrong->json().value(QStringLiteral("detail")).toString(), QStringLiteral("invalid token: unknown token"));
        const auto down = c.request("GET", "/runs/r1", {}, bearer("tok-db-down"));
        QVERIFY(down);
        QCOMPARE(down->status, 503);
        QVERIFY(down->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("database is locked")));
        const auto basic = c.request("GET", "/runs/r1", {}, {{"Authorization", "Basic dG9rLWFkbWlu"}});
        QVERIFY(basic);
        QCOMPARE(basic->status, 401);
        // Unknown paths say nothing to strangers.
        const auto unknown = c.request("GET", "/secret/path");
        QVERIFY(unknown);
        QCOMPARE(unknown->status, 401);
    }

    void everyValidTokenMayRead()
    {
        Client c(port());
        for (const QByteArray token : {"tok-observer", "tok-builder", "tok-auditor", "tok-admin"}) {
            const auto r = c.request("GET", "/runs/r1", {}, bearer(token));
            QVERIFY(r);
            QCOMPARE(r->status, 200);
        }
        const auto r = c.request("GET", "/runs/r1", {}, {{"Authorization", "bearer   tok-auditor"}});
        QVERIFY(r);
        QCOMPARE(r->json().value(QStringLiteral("caller")).toString(), QStringLiteral("auditor-1"));
    }

    void forbiddenByRole()
    {
        Client c(port());
        const QByteArray plan = R"({"run":{"run_id":"r9"}})";
        const auto builder = c.request("POST", "/runs/start", plan, bearer("tok-builder"));
        QVERIFY(builder);
        QCOMPARE(builder->status, 403);
        QCOMPARE(builder->json().value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
        QVERIFY2(builder->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("role builder may not POST /runs/start")),
                 builder->body.constData());
        const auto admin = c.request("POST", "/runs/start", plan, bearer("tok-admin"));
        QVERIFY(admin);
        QCOMPARE(admin->status, 201);

        const QByteArray issue = "/runs/r1/phases/p%201/record_issue";
        const auto observer = c.request("POST", issue, "{}", bearer("tok-observer"));
        QVERIFY(observer);
        QCOMPARE(observer->status, 403);
        for (const QByteArray token : {"tok-builder", "tok-auditor", "tok-admin"}) {
            const auto r = c.request("POST", issue, "{}", bearer(token));
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json().value(QStringLiteral("phase")).toString(), QStringLiteral("p 1"));
        }
    }

    void notFoundAndMethodNotAllowed()
    {
        Client c(port());
        const auto unknownPath = c.request("GET", "/nothing/here", {}, bearer("tok-observer"));
        QVERIFY(unknownPath);
        QCOMPARE(unknownPath->status, 404);
        QCOMPARE(unknownPath->json().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
        const auto unknownRun = c.request("GET", "/runs/zz", {}, bearer("tok-observer"));
        QVERIFY(unknownRun);
        QCOMPARE(unknownRun->status, 404);
        QCOMPARE(unknownRun->json().value(QStringLiteral("detail")).toString(), QStringLiteral("Run zz not found"));
        const auto wrongMethod = c.request("DELETE", "/runs/r1", {}, bearer("tok-admin"));
        QVERIFY(wrongMethod);
        QCOMPARE(wrongMethod->status, 405);
        QCOMPARE(wrongMethod->header("allow"), QByteArray("GET"));
        QCOMPARE(wrongMethod->json().value(QStringLiteral("error")).toString(), QStringLiteral("method_not_allowed"));
    }

    void badInputNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << QByteArray("{run:") << "body";
        QTest::newRow("array") << QByteArray("[]") << "body";
        QTest::newRow("no run") << QByteArray("{}") << "run";
        QTest::newRow("no run_id") << QByteArray(R"({"run":{}})") << "run.run_id";
        QTest::newRow("wrong type") << QByteArray(R"({"run":{"run_id":5}})") << "run.run_id";
        QTest::newRow("huge string") << QByteArray(R"({"run":{"run_id":")" + QByteArray(100000, 'x') + R"("}})") << "run.run_id";
        QTest::newRow("bad enum") << QByteArray(R"({"run":{"run_id":"a","safety_profile":"reckless"}})") << "run.safety_profile";
    }

    void badInputNamesTheField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        Client c(port());
        const auto r = c.request("POST", "/runs/start", body, bearer("tok-admin"));
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        QCOMPARE(r->json().value(QStringLiteral("field")).toString(), field);
        QVERIFY(r->json().value(QStringLiteral("detail")).toString().contains(field));
    }

    void bodiesAreParsedBeforeTheHandlersThread()
    {
        Client c(port());
        auto r = c.request("POST", "/parsed", R"({"a": 1})", bearer("tok-builder"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json().value(QStringLiteral("pre_parsed")).toBool(), true);
        QCOMPARE(r->json().value(QStringLiteral("a")).toInt(), 1);
        r = c.request("POST", "/parsed", "[1, 2", bearer("tok-builder"));
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        QCOMPARE(r->json().value(QStringLiteral("field")).toString(), QStringLiteral("body"));
        QVERIFY(r->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("not valid JSON")));
        r = c.request("POST", "/parsed", "", bearer("tok-builder")); // nothing to parse
        QVERIFY(r);
        QCOMPARE(r->json().value(QStringLiteral("pre_parsed")).toBool(), false);
    }

    void idempotentRetryRunsOnce()
    {
        const int before = m_counterRuns.load();
        Client c(port());
        const auto first = c.request("POST", "/counter", "one", bearer("tok-builder", {{"Idempotency-Key", "key-1"}}));
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QCOMPARE(m_counterRuns.load(), before + 1);
        QCOMPARE(m_counterThread.load(), &m_workerThread); // the handler ran on its context's thread
        QVERIFY(first->header("idempotency-replayed").isEmpty());

        Client retry(port()); // a retry usually comes on a new connection
        const auto second = retry.request("POST", "/counter", "one", bearer("tok-builder", {{"Idempotency-Key", "key-1"}}));
        QVERIFY(second);
        QCOMPARE(second->status, 200);
        QCOMPARE(second->body, first->body);
        QCOMPARE(second->header("idempotency-replayed"), QByteArray("true"));
        QCOMPARE(m_counterRuns.load(), before + 1);

        // Another caller's key space is its own.
        const auto other = c.request("POST", "/counter", "one", bearer("tok-builder2", {{"Idempotency-Key", "key-1"}}));
        QVERIFY(other);
        QCOMPARE(m_counterRuns.load(), before + 2);
        QVERIFY(other->body != first->body);

        // Same key, different request: refused, nothing run.
        const auto mismatch = c.request("POST", "/counter", "two", bearer("tok-builder", {{"Idempotency-Key", "key-1"}}));
        QVERIFY(mismatch);
        QCOMPARE(mismatch->status, 422);
        QCOMPARE(mismatch->json().value(QStringLiteral("field")).toString(), QStringLiteral("Idempotency-Key"));
        QCOMPARE(m_counterRuns.load(), before + 2);

        // Without a key every POST runs.
        QVERIFY(c.request("POST", "/counter", "one", bearer("tok-builder")));
        QVERIFY(c.request("POST", "/counter", "one", bearer("tok-builder")));
        QCOMPARE(m_counterRuns.load(), before + 4);

        const auto badKey = c.request("POST", "/counter", "one", bearer("tok-builder", {{"Idempotency-Key", "has space"}}));
        QVERIFY(badKey);
        QCOMPARE(badKey->status, 400);
        QCOMPARE(m_counterRuns.load(), before + 4);
    }

    void retryWhileFirstStillRunningIsConflict()
    {
        const int before = m_counterRuns.load();
        Client a(port());
        Client b(port());
        a.write("POST /counter HTTP/1.1\r\nAuthorization: Bearer tok-builder\r\nIdempotency-Key: key-2\r\nContent-Length: 4\r\n\r\nslow");
        QTRY_COMPARE_WITH_TIMEOUT(m_counterRuns.load(), before + 1, 2000); // running, not answered for 1 s
        const auto second = b.request("POST", "/counter", "slow", bearer("tok-builder", {{"Idempotency-Key", "key-2"}}));
        const auto first = a.read();
        QVERIFY(first && second);
        QCOMPARE(first->status, 200);
        QCOMPARE(second->status, 409);
        QVERIFY(second->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("still being processed")));
        QCOMPARE(m_counterRuns.load(), before + 1);
    }

    void requestLogKeepsTheLastEntries()
    {
        QSignalSpy spy(m_server.get(), &ApiServer::requestLogged);
        Client c(port());
        QVERIFY(c.request("GET", "/health"));
        QVERIFY(c.request("GET", "/runs/r1?x=1", {}, bearer("tok-auditor")));
        QVERIFY(c.request("POST", "/runs/start", "{}", bearer("tok-builder")));
        QTRY_COMPARE(spy.count(), 3);
        const auto entry = spy.at(1).at(0).value<RequestLogEntry>();
        QCOMPARE(entry.method, QStringLiteral("GET"));
        QCOMPARE(entry.path, QStringLiteral("/runs/r1"));
        QCOMPARE(entry.principal, QStringLiteral("auditor-1"));
        QCOMPARE(entry.role, QStringLiteral("auditor"));
        QCOMPARE(entry.status, 200);
        QVERIFY(entry.durationMs >= 0 && entry.durationMs < 5000);

        const QList<RequestLogEntry> log = m_server->requestLog().entries();
        QCOMPARE(log.size(), 5); // capacity
        QCOMPARE(log.last().status, 403);
        QCOMPARE(log.last().role, QStringLiteral("builder"));
        QCOMPARE(log.at(log.size() - 3).role, QString()); // /health, no token
        QVERIFY(m_server->requestLog().totalCount() > 5);
    }

    void answerAfterTheServerIsGone()
    {
        HttpResponder kept;
        QMutex mutex;
        auto server = std::make_unique<ApiServer>(&verify);
        QVERIFY(server->addRoute({.method = "POST",
                                  .pattern = QStringLiteral("/hold"),
                                  .access = Access::Roles,
                                  .roles = {Role::Builder},
                                  .handler = [&](const ApiRequest &, HttpResponder responder) {
                                      QMutexLocker lock(&mutex);
                                      kept = responder;
                                  }}));
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        Client c(server->port());
        c.write("POST /hold HTTP/1.1\r\nAuthorization: Bearer tok-builder\r\nIdempotency-Key: k\r\nContent-Length: 0\r\n\r\n");
        QTRY_VERIFY([&] {
            QMutexLocker lock(&mutex);
            return kept.isValid();
        }());
        server.reset();
        // The log and idempotency hooks run on a server that no longer exists.
        QMutexLocker lock(&mutex);
        QVERIFY(kept.send(HttpResponse::empty(204)));
        kept = HttpResponder();
    }

    void refusedByTheTransportIsLoggedToo()
    {
        Client c(port());
        c.write("POST /runs/start HTTP/1.1\r\nAuthorization: Bearer tok-admin\r\nContent-Length: 999999999999\r\n\r\n");
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QTRY_COMPARE(m_server->requestLog().entries().last().status, 413);
        const RequestLogEntry entry = m_server->requestLog().entries().last();
        QCOMPARE(entry.method, QStringLiteral("POST"));
        QCOMPARE(entry.path, QStringLiteral("/runs/start"));
        QVERIFY(entry.principal.isEmpty()); // never authenticated
    }
};

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
