// Router: captures, literal precedence, 405 information, duplicates, roles.

#include "router.h"

#include <QTest>

using namespace Autopack::Api;

namespace {
Route route(const char *method, const QString &pattern, Access access = Access::AnyToken, QList<Role> roles = {})
{
    Route r;
    r.method = method;
    r.pattern = pattern;
    r.access = access;
    r.roles = std::move(roles);
    r.handler = [](const ApiRequest &, HttpResponder) {};
    return r;
}
} // namespace

class tst_Router : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capturesAreDecodedPerSegment()
    {
        Router router;
        QVERIFY(router.add(route("POST", QStringLiteral("/runs/{run_id}/phases/{phase_id}/update_status"))));
        const Router::Match m = router.match("POST", "/runs/run%2F1/phases/p%201/update_status");
        QVERIFY(m.route);
        QCOMPARE(m.params.value(QStringLiteral("run_id")), QStringLiteral("run/1"));
        QCOMPARE(m.params.value(QStringLiteral("phase_id")), QStringLiteral("p 1"));
        QVERIFY(!router.match("POST", "/runs//phases/p/update_status").route); // empty capture
        QVERIFY(!router.match("POST", "/runs/r/phases/p/update_status/extra").route);
    }

    void rootAndLiteralPrecedence()
    {
        Router router;
        QVERIFY(router.add(route("GET", QStringLiteral("/"))));
        QVERIFY(router.add(route("GET", QStringLiteral("/runs/{run_id}"))));
        QVERIFY(router.add(route("GET", QStringLiteral("/runs/start"))));
        QCOMPARE(router.match("GET", "/").route->pattern, QStringLiteral("/"));
        QCOMPARE(router.match("GET", "/runs/start").route->pattern, QStringLiteral("/runs/start"));
        QCOMPARE(router.match("GET", "/runs/other").route->pattern, QStringLiteral("/runs/{run_id}"));
        QVERIFY(!router.match("GET", "/nothing").route);
        QVERIFY(router.match("GET", "/nothing").allowedMethods.isEmpty());
    }

    void wrongMethodListsAllowed()
    {
        Router router;
        QVERIFY(router.add(route("GET", QStringLiteral("/runs/{run_id}"))));
        QVERIFY(router.add(route("DELETE", QStringLiteral("/runs/{run_id}"))));
        const Router::Match m = router.match("POST", "/runs/x");
        QVERIFY(!m.route);
        QCOMPARE(m.allowedMethods, (QList<QByteArray>{"GET", "DELETE"}));
    }

    void refusesDuplicatesAndMalformed()
    {
        Router router;
        QString why;
        QVERIFY(router.add(route("GET", QStringLiteral("/runs/{run_id}"))));
        QVERIFY(!router.add(route("GET", QStringLiteral("/runs/{id}")), &why));
        QVERIFY2(why.contains(QStringLiteral("already registered")), qPrintable(why));
        QVERIFY(!router.add(route("GET", QStringLiteral("runs")), &why));
        QVERIFY(!router.add(route("GET", QStringLiteral("/a/{}")), &why));
        Route noHandler = route("GET", QStringLiteral("/b"));
        noHandler.handler = nullptr;
        QVERIFY(!router.add(noHandler, &why));
        QVERIFY(why.contains(QStringLiteral("no handler")));
        QCOMPARE(router.routes().size(), 1);
    }

    void roles()
    {
        const Route write = route("POST", QStringLiteral("/x"), Access::Roles, {Role::Builder, Role::Auditor});
        QVERIFY(mayAccess(write, Role::Builder));
        QVERIFY(mayAccess(write, Role::Auditor));
        QVERIFY(mayAccess(write, Role::Admin));
        QVERIFY(!mayAccess(write, Role::Observer));
        const Route adminOnly = route("POST", QStringLiteral("/y"), Access::Roles);
        QVERIFY(!mayAccess(adminOnly, Role::Builder));
        QVERIFY(mayAccess(adminOnly, Role::Admin));
        QVERIFY(mayAccess(route("GET", QStringLiteral("/z")), Role::Observer));
        for (Role r : {Role::Observer, Role::Builder, Role::Auditor, Role::Admin})
            QVERIFY(roleFromString(toString(r)) == r);
        QVERIFY(!roleFromString(u"root"));
    }
};

QTEST_GUILESS_MAIN(tst_Router)
#include "tst_router.moc"
