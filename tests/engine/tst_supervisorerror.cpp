// SupervisorError: each kind maps to the HTTP status and code the API answers with,
// and the factories keep the field and current state they are given.

#include "supervisorerror.h"

#include <QTest>

using namespace Autopack::Engine;

class TestSupervisorError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusAndCode_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("invalid") << int(SupervisorError::Kind::InvalidField) << 400 << "invalid_field";
        QTest::newRow("forbidden") << int(SupervisorError::Kind::Forbidden) << 403 << "forbidden";
        QTest::newRow("not found") << int(SupervisorError::Kind::NotFound) << 404 << "not_found";
        QTest::newRow("illegal") << int(SupervisorError::Kind::IllegalState) << 409 << "conflict";
        QTest::newRow("refused") << int(SupervisorError::Kind::PatchRefused) << 422 << "patch_refused";
        QTest::newRow("internal") << int(SupervisorError::Kind::Internal) << 500 << "internal";
    }
    void statusAndCode()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        SupervisorError e;
        e.kind = SupervisorError::Kind(kind);
        QCOMPARE(e.httpStatus(), status);
        QCOMPARE(e.code(), code);
    }

    void factories()
    {
        const SupervisorError invalid = SupervisorError::invalid("phases[2].tier_id", "unknown tier t9");
        QCOMPARE(invalid.httpStatus(), 400);
        QCOMPARE(invalid.field, QStringLiteral("phases[2].tier_id"));
        QCOMPARE(invalid.toString(), QStringLiteral("unknown tier t9"));
        const SupervisorError illegal = SupervisorError::illegal("GATE", "phase p1 is GATE");
        QCOMPARE(illegal.httpStatus(), 409);
        QCOMPARE(illegal.currentState, QStringLiteral("GATE"));
        QCOMPARE(SupervisorError::refused("hunk 1 of a.txt").httpStatus(), 422);
        QCOMPARE(SupervisorError::notFound("unknown run r").httpStatus(), 404);
        QCOMPARE(SupervisorError::forbidden("admin only").httpStatus(), 403);
        QCOMPARE(SupervisorError::internal("disk full").httpStatus(), 500);
    }
};

QTEST_GUILESS_MAIN(TestSupervisorError)
#include "tst_supervisorerror.moc"
