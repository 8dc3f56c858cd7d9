// JsonValidator: strict types, required fields, enumerations, lengths, and the path
// of the first problem in nested objects and arrays.

#include "jsonvalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Autopack::Api;

namespace {
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

class tst_JsonValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseBody()
    {
        QVERIFY(parseJsonObject(R"({"a":1})").has_value());
        const auto empty = parseJsonObject("  ");
        QVERIFY(!empty);
        QCOMPARE(empty.error().field, QStringLiteral("body"));
        const auto broken = parseJsonObject(R"({"a":)");
        QVERIFY(!broken);
        QVERIFY2(broken.error().detail.contains(QStringLiteral("not valid JSON")), qPrintable(broken.error().detail));
        const auto array = parseJsonObject("[1]");
        QVERIFY(!array);
        QVERIFY(array.error().detail.contains(QStringLiteral("JSON object")));
    }

    void goodValues()
    {
        JsonValidator v(obj(R"({"s":"x","i":3,"n":0.5,"b":true,"e":"builder","l":["a","b"],"nul":null})"));
        QCOMPARE(v.requiredString(QStringLiteral("s")), QStringLiteral("x"));
        QCOMPARE(v.requiredInt(QStringLiteral("i"), {0, 10}), 3);
        QCOMPARE(v.requiredNumber(QStringLiteral("n")), 0.5);
        QCOMPARE(v.requiredBool(QStringLiteral("b")), true);
        QCOMPARE(v.requiredEnum(QStringLiteral("e"), {QStringLiteral("builder"), QStringLiteral("auditor")}), QStringLiteral("builder"));
        QCOMPARE(v.optionalStringList(QStringLiteral("l")), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(v.optionalInt(QStringLiteral("absent")), std::nullopt);
        QCOMPARE(v.optionalString(QStringLiteral("nul")), std::nullopt); // null is "not given" for optionals
        QVERIFY(v.ok());
    }

    void firstProblemNamed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("missing") << QByteArray(R"({})") << "s" << "missing required field \"s\"";
        QTest::newRow("string as int") << QByteArray(R"({"s":"x","i":"5"})") << "i" << "must be an integer, got a string";
        QTest::newRow("fraction") << QByteArray(R"({"s":"x","i":5.5})") << "i" << "must be an integer, got 5.5";
        QTest::newRow("range") << QByteArray(R"({"s":"x","i":11})") << "i" << "between 0 and 10";
        QTest::newRow("null string") << QByteArray(R"({"s":null})") << "s" << "must be a string, got null";
        QTest::newRow("too long") << QByteArray(R"({"s":"xxxxxxxxxxx"})") << "s" << "too long: 11 characters, at most 10";
        QTest::newRow("blank") << QByteArray(R"({"s":"   "})") << "s" << "must not be empty";
        QTest::newRow("enum") << QByteArray(R"({"s":"x","i":1,"e":"root"})") << "e" << "must be one of builder, auditor, got \"root\"";
        QTest::newRow("nested") << QByteArray(R"({"s":"x","i":1,"e":"builder","run":{"id":7}})") << "run.id" << "must be a string";
        QTest::newRow("array item") << QByteArray(R"({"s":"x","i":1,"e":"builder","run":{"id":"r"},"tiers":[{"tier_id":"a"},{"tier_id":2}]})")
                                    << "tiers[1].tier_id" << "must be a string, got a number";
        QTest::newRow("array not objects") << QByteArray(R"({"s":"x","i":1,"e":"builder","run":{"id":"r"},"tiers":[3]})")
                                           << "tiers[0]" << "must be an object";
    }

    void firstProblemNamed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, detailPart);
        JsonValidator v(obj(json.constData()));
        v.requiredString(QStringLiteral("s"), {.maxLength = 10, .allowEmpty = false});
        v.requiredInt(QStringLiteral("i"), {0, 10});
        v.requiredEnum(QStringLiteral("e"), {QStringLiteral("builder"), QStringLiteral("auditor")});
        JsonValidator run = v.object(QStringLiteral("run"));
        run.requiredString(QStringLiteral("id"));
        for (JsonValidator &t : v.objects(QStringLiteral("tiers"), false))
            t.requiredString(QStringLiteral("tier_id"));
        QVERIFY(!v.ok());
        QVERIFY(!run.ok()); // nested validators share the error
        QCOMPARE(v.error()->field, field);
        QVERIFY2(v.error()->detail.contains(detailPart), qPrintable(v.error()->detail));
        const HttpResponse r = v.error()->toResponse();
        QCOMPARE(r.status, 400);
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(QStringLiteral("field")).toString(), field);
        QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_field"));
    }

    void onlyFirstErrorKept()
    {
        JsonValidator v(obj(R"({"a":1})"));
        v.requiredString(QStringLiteral("a"));
        v.requiredString(QStringLiteral("b"));
        v.fail(QStringLiteral("c"), QStringLiteral("later"));
        QCOMPARE(v.error()->field, QStringLiteral("a"));
    }

    void listLimits()
    {
        JsonValidator v(obj(R"({"l":["a","b","c"]})"));
        v.optionalStringList(QStringLiteral("l"), 2);
        QVERIFY(!v.ok());
        QVERIFY(v.error()->detail.contains(QStringLiteral("3 items, at most 2")));
        JsonValidator w(obj(R"({"l":["a",1]})"));
        w.optionalStringList(QStringLiteral("l"));
        QCOMPARE(w.error()->field, QStringLiteral("l[1]"));
    }
};

QTEST_GUILESS_MAIN(tst_JsonValidator)
#include "tst_jsonvalidator.moc"
