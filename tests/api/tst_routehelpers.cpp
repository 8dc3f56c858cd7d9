// RouteHelpers: body parsing with the 400 naming "body", {} for an empty body only where
// allowed, path/body agreement naming the field, the caller's name, and the OpenAPI
// schemas. The answers go through a real ApiServer on 127.0.0.1.

#include "apiserver.h"
#include "httptestclient.h"
#include "routehelpers.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack::Api;

class TestRouteHelpers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;

    ApiTest::Response post(const QByteArray &target, const QByteArray &body)
    {
        ApiTest::Client c(m_port);
        return c.request("POST", target, body, { { "Authorization", "Bearer t" } }).value_or(ApiTest::Response {});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ApiServer>([](const QString &) { return Principal { "agent-7", Role::Builder }; });
        for (const bool optional : { false, true }) {
            QVERIFY(m_server->addRoute(Route {
                "POST", optional ? "/optional/{run_id}" : "/strict/{run_id}", Access::AnyToken, {},
                [optional](const ApiRequest &req, HttpResponder r) {
                    auto body = RouteHelpers::body(req, r, optional);
                    if (!body || !RouteHelpers::pathAgrees(*body, req, "run_id", r))
                        return;
                    r.send(HttpResponse::json(200, QJsonObject { { "actor", RouteHelpers::actor(req) },
                                                                 { "keys", QJsonArray::fromStringList(body->keys()) } }));
                } }));
        }
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        m_port = *port;
    }

    void bodies()
    {
        const auto ok = post("/strict/r1", R"({"run_id": "r1", "x": 1})");
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value("actor").toString(), QStringLiteral("agent-7"));
        QCOMPARE(ok.json().value("keys").toArray().size(), 2);
        for (const QByteArray &body : { QByteArray(), QByteArray("[1]"), QByteArray("{\"a\":") }) {
            const auto bad = post("/strict/r1", body);
            QCOMPARE(bad.status, 400);
            QCOMPARE(bad.json().value("field").toString(), QStringLiteral("body"));
        }
        QCOMPARE(post("/optional/r1", {}).status, 200);
        QCOMPARE(post("/optional/r1", "[1]").status, 400);
    }

    void pathAndBodyAgree()
    {
        const auto other = post("/strict/r1", R"({"run_id": "r2"})");
        QCOMPARE(other.status, 400);
        QCOMPARE(other.json().value("field").toString(), QStringLiteral("run_id"));
        QVERIFY(other.json().value("detail").toString().contains("r2"));
        const auto number = post("/strict/r1", R"({"run_id": 5})");
        QCOMPARE(number.status, 400);
        QCOMPARE(number.json().value("field").toString(), QStringLiteral("run_id"));
    }

    void schemas()
    {
        const QJsonObject s = RouteHelpers::schema({ { "a", "string" }, { "b", "array" }, { "c", "array:object" } },
                                                   { "a" });
        QCOMPARE(s.value("type").toString(), QStringLiteral("object"));
        QCOMPARE(s.value("properties")["a"]["type"].toString(), QStringLiteral("string"));
        QCOMPARE(s.value("properties")["b"]["items"]["type"].toString(), QStringLiteral("string"));
        QCOMPARE(s.value("properties")["c"]["items"]["type"].toString(), QStringLiteral("object"));
        QCOMPARE(s.value("required").toArray(), QJsonArray { "a" });
        QVERIFY(!RouteHelpers::schema({ { "a", "string" } }).contains("required"));
    }
    // Every route goes in, in order, until the first the server refuses: that one's
    // reason comes back and the routes after it are not added.
    void addAllStopsAtTheFirstRefusal()
    {
        ApiServer server([](const QString &) { return Principal { "agent-7", Role::Builder }; });
        const int builtin = server.router().routes().size();
        const auto noop = [](const ApiRequest &, HttpResponder r) { r.send(HttpResponse::json(200, QJsonObject {})); };
        QVERIFY(RouteHelpers::addAll(server, { Route { "GET", "/a", Access::AnyToken, {}, noop },
                                               Route { "GET", "/b/{id}", Access::AnyToken, {}, noop } }));
        QCOMPARE(server.router().routes().size(), builtin + 2);
        const auto refused = RouteHelpers::addAll(server, { Route { "GET", "/c", Access::AnyToken, {}, noop },
                                                            Route { "GET", "/a", Access::AnyToken, {}, noop },
                                                            Route { "GET", "/d", Access::AnyToken, {}, noop } });
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains("/a"), qPrintable(refused.error()));
        QCOMPARE(server.router().routes().size(), builtin + 3);
        QCOMPARE(server.router().routes().last().pattern, QStringLiteral("/c"));
        // A listening server takes no routes; its reason is passed on unchanged.
        const auto late = RouteHelpers::addAll(*m_server, { Route { "GET", "/late", Access::AnyToken, {}, noop } });
        QVERIFY(!late);
        QVERIFY(late.error().contains("listening"));
    }
};

QTEST_GUILESS_MAIN(TestRouteHelpers)
#include "tst_routehelpers.moc"
