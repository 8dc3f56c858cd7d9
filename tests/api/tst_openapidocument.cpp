// The OpenAPI document follows the registered routes: every route once, its path
// parameters, security and roles, schemas; and GET /openapi.json serves it.

#include "apiserver.h"
#include "httptestclient.h"
#include "openapidocument.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack::Api;

namespace {
RouteHandler noop()
{
    return [](const ApiRequest &, HttpResponder responder) { responder.send(HttpResponse::empty(204)); };
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out.append(x.toString());
    return out;
}
} // namespace

class tst_OpenApiDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRouteDescribed()
    {
        Router router;
        QVERIFY(router.add({.method = "GET", .pattern = QStringLiteral("/health"), .access = Access::Public, .handler = noop(), .summary = QStringLiteral("alive")}));
        QVERIFY(router.add({.method = "GET", .pattern = QStringLiteral("/runs/{run_id}"), .handler = noop(), .summary = QStringLiteral("a run")}));
        QVERIFY(router.add({.method = "POST",
                            .pattern = QStringLiteral("/runs/{run_id}/phases/{phase_id}/record_issue"),
                            .access = Access::Roles,
                            .roles = {Role::Builder, Role::Auditor},
                            .handler = noop(),
                            .requestSchema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}},
                            .successStatus = 201}));
        const QJsonObject doc = openApiDocument(router, QStringLiteral("9.9"));
        QCOMPARE(doc.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
        QCOMPARE(doc.value(QStringLiteral("info")).toObject().value(QStringLiteral("version")).toString(), QStringLiteral("9.9"));
        const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
        QCOMPARE(paths.keys(), (QStringList{QStringLiteral("/health"), QStringLiteral("/runs/{run_id}"),
                                            QStringLiteral("/runs/{run_id}/phases/{phase_id}/record_issue")}));

        const QJsonObject health = paths.value(QStringLiteral("/health")).toObject().value(QStringLiteral("get")).toObject();
        QCOMPARE(health.value(QStringLiteral("summary")).toString(), QStringLiteral("alive"));
        QVERIFY(health.value(QStringLiteral("security")).toArray().isEmpty());
        QVERIFY(!health.value(QStringLiteral("responses")).toObject().contains(QStringLiteral("401")));

        const QJsonObject run = paths.value(QStringLiteral("/runs/{run_id}")).toObject().value(QStringLiteral("get")).toObject();
        QCOMPARE(run.value(QStringLiteral("operationId")).toString(), QStringLiteral("get_runs_run_id"));
        QCOMPARE(run.value(QStringLiteral("parameters")).toArray().size(), 1);
        QVERIFY(run.value(QStringLiteral("responses")).toObject().contains(QStringLiteral("401")));
        QCOMPARE(strings(run.value(QStringLiteral("x-autopack-roles"))).size(), 4);

        const QJsonObject issue = paths.value(QStringLiteral("/runs/{run_id}/phases/{phase_id}/record_issue")).toObject()
                                          .value(QStringLiteral("post")).toObject();
        QStringList names;
        for (const QJsonValue &p : issue.value(QStringLiteral("parameters")).toArray())
            names.append(p.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(names, (QStringList{QStringLiteral("run_id"), QStringLiteral("phase_id")}));
        QCOMPARE(strings(issue.value(QStringLiteral("x-autopack-roles"))),
                 (QStringList{QStringLiteral("builder"), QStringLiteral("auditor"), QStringLiteral("admin")}));
        const QJsonObject responses = issue.value(QStringLiteral("responses")).toObject();
        for (const char *code : {"201", "400", "401", "403", "413"})
            QVERIFY2(responses.contains(QLatin1String(code)), code);
        QVERIFY(issue.contains(QStringLiteral("requestBody")));
    }

    void servedByTheServer()
    {
        ApiServer server([](const QString &) -> std::expected<Principal, ApiServer::VerifyFailure> {
            return Principal{QStringLiteral("o"), Role::Observer};
        });
        QVERIFY(server.addRoute({.method = "POST", .pattern = QStringLiteral("/runs/start"), .access = Access::Roles, .handler = noop()}));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ApiTest::Client c(server.port());
        const auto r = c.request("GET", "/openapi.json", {}, {{"Authorization", "Bearer any"}});
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QJsonObject paths = r->json().value(QStringLiteral("paths")).toObject();
        // Exactly the registered routes, built-in ones included.
        QStringList registered;
        for (const Route &route : server.router().routes())
            registered.append(route.pattern);
        registered.sort();
        QCOMPARE(paths.keys(), registered);
        QVERIFY(paths.contains(QStringLiteral("/openapi.json")));
        QVERIFY(paths.value(QStringLiteral("/runs/start")).toObject().contains(QStringLiteral("post")));
    }
};

QTEST_GUILESS_MAIN(tst_OpenApiDocument)
#include "tst_openapidocument.moc"
