// Each kind of StoreError answers with the SPEC §8 status and a JSON error body.

#include "storeerrorresponse.h"

#include <storeerror.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Api;

class tst_StoreErrorResponse : public QObject
{
    Q_OBJECT

private:
    static QJsonObject body(const HttpResponse &r) { return QJsonDocument::fromJson(r.body).object(); }

private Q_SLOTS:
    void statuses_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("invalid") << int(StoreError::Kind::InvalidInput) << 400 << "invalid_field";
        QTest::newRow("duplicate") << int(StoreError::Kind::Duplicate) << 400 << "duplicate";
        QTest::newRow("not found") << int(StoreError::Kind::NotFound) << 404 << "not_found";
        QTest::newRow("unauthorized") << int(StoreError::Kind::Unauthorized) << 401 << "unauthorized";
        QTest::newRow("conflict") << int(StoreError::Kind::Conflict) << 409 << "conflict";
        QTest::newRow("sql") << int(StoreError::Kind::Sql) << 500 << "internal";
        QTest::newRow("open") << int(StoreError::Kind::Open) << 500 << "internal";
    }

    void statuses()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        const StoreError e{StoreError::Kind(kind), QStringLiteral("Run r1 already exists"), QStringLiteral("run.run_id"), std::nullopt};
        const HttpResponse r = storeErrorResponse(e);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        const QJsonObject o = body(r);
        QCOMPARE(o.value(QStringLiteral("error")).toString(), code);
        if (status == 500) {
            QVERIFY(!o.value(QStringLiteral("detail")).toString().contains(QStringLiteral("r1"))); // internals stay in the log
        } else {
            QCOMPARE(o.value(QStringLiteral("detail")).toString(), QStringLiteral("Run r1 already exists"));
        }
        if (status == 400)
            QCOMPARE(o.value(QStringLiteral("field")).toString(), QStringLiteral("run.run_id"));
    }

    void illegalTransitionStatesTheCurrentState()
    {
        TransitionError t;
        t.kind = TransitionError::Kind::ActorNotAllowed;
        t.entityKind = EntityKind::Phase;
        t.entityId = QStringLiteral("P1");
        t.fromState = QStringLiteral("GATE");
        t.toState = QStringLiteral("COMPLETE");
        t.actor = Actor::Builder;
        const StoreError e{StoreError::Kind::IllegalTransition, t.toString(), {}, t};
        const HttpResponse r = storeErrorResponse(e);
        QCOMPARE(r.status, 409);
        const QJsonObject o = body(r);
        QCOMPARE(o.value(QStringLiteral("error")).toString(), QStringLiteral("illegal_transition"));
        QCOMPARE(o.value(QStringLiteral("current_state")).toString(), QStringLiteral("GATE"));
        QCOMPARE(o.value(QStringLiteral("requested_state")).toString(), QStringLiteral("COMPLETE"));
        QVERIFY2(o.value(QStringLiteral("detail")).toString().contains(QStringLiteral("GATE")), r.body.constData());
    }
};

QTEST_GUILESS_MAIN(tst_StoreErrorResponse)
#include "tst_storeerrorresponse.moc"
