#include "jsonreader.h"

#include <QJsonArray>
#include <QTest>

using namespace Autopack::Engine;

class TestJsonReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void paths();
    void describedValues_data();
    void describedValues();
    void absentKeepsDefaultsRequiredFails();
    void firstErrorWins();
    void unknownKeysRefusedOrIgnored();
    void ignoreModeTakesNullAsAbsent();
    void nestedArraysAndObjectsCarryPaths();
};

void TestJsonReader::paths()
{
    QCOMPARE(jsonPathKey("$", "a_b1"), QStringLiteral("$.a_b1"));
    QCOMPARE(jsonPathKey("$", "my key"), QStringLiteral("$[\"my key\"]"));
    QCOMPARE(jsonPathKey("$", "1st"), QStringLiteral("$[\"1st\"]"));
    QCOMPARE(jsonPathKey("$", "say \"hi\""), QStringLiteral("$[\"say \\\"hi\\\"\"]"));
    QCOMPARE(jsonPathIndex("$.a", 3), QStringLiteral("$.a[3]"));
    QCOMPARE((FieldError { "$.a", "bad" }).toString(), QStringLiteral("$.a: bad"));
}

void TestJsonReader::describedValues_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("string") << QJsonValue("x") << "\"x\"";
    QTest::newRow("long string") << QJsonValue(QString(100, u'a')) << u'"' + QString(57, u'a') + "...\"";
    QTest::newRow("integer") << QJsonValue(42) << "42";
    QTest::newRow("fraction") << QJsonValue(2.5) << "2.5";
    QTest::newRow("bool") << QJsonValue(false) << "false";
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "null";
    QTest::newRow("array") << QJsonValue(QJsonArray { 1 }) << "an array";
    QTest::newRow("object") << QJsonValue(QJsonObject {}) << "an object";
}

void TestJsonReader::describedValues()
{
    QFETCH(QJsonValue, value);
    QTEST(describeJsonValue(value), "text");
}

void TestJsonReader::absentKeepsDefaultsRequiredFails()
{
    JsonReader r(QJsonObject { { "n", 5 } }, "$");
    int n = 1;
    int m = 7;
    std::optional<int> o;
    QString s = QStringLiteral("default");
    r.integer("n", n, 0, 10);
    r.integer("m", m, 0, 10);
    r.integer("o", o, 0, 10);
    r.string("s", s);
    QVERIFY(r.ok());
    QCOMPARE(n, 5);
    QCOMPARE(m, 7);
    QVERIFY(!o);
    QCOMPARE(s, QStringLiteral("default"));
    r.string("needed", s, JsonReader::Presence::Required);
    QVERIFY(!r.ok());
    QCOMPARE(r.error()->toString(), QStringLiteral("$.needed: required field is missing"));
}

void TestJsonReader::firstErrorWins()
{
    JsonReader r(QJsonObject { { "a", "x" }, { "b", "y" }, { "c", 3 } }, "$");
    int a = 0;
    int b = 0;
    int c = 0;
    r.integer("a", a, 1, 5);
    r.integer("b", b, 1, 5);
    r.integer("c", c, 1, 5);
    QCOMPARE(r.error()->path, QStringLiteral("$.a"));
    QCOMPARE(c, 0); // nothing is read once an error is recorded
}

void TestJsonReader::unknownKeysRefusedOrIgnored()
{
    const QJsonObject o { { "known", true }, { "zzz", 1 } };
    bool known = false;
    JsonReader strict(o, "$.x");
    strict.boolean("known", known);
    QVERIFY(!strict.finish());
    QCOMPARE(strict.error()->toString(), QStringLiteral("$.x.zzz: unknown field (known fields here: known)"));

    JsonReader lenient(o, "$.x", JsonReader::UnknownKeys::Ignore);
    lenient.boolean("known", known);
    QVERIFY(lenient.finish());
    QVERIFY(known);
}

void TestJsonReader::ignoreModeTakesNullAsAbsent()
{
    const QJsonObject o { { "n", QJsonValue::Null } };
    int n = 3;
    JsonReader lenient(o, "$", JsonReader::UnknownKeys::Ignore);
    lenient.integer("n", n, 0, 9);
    QVERIFY(lenient.ok());
    QCOMPARE(n, 3);
    JsonReader strict(o, "$");
    strict.integer("n", n, 0, 9);
    QCOMPARE(strict.error()->toString(), QStringLiteral("$.n: expected a non-negative integer, got null"));
}

void TestJsonReader::nestedArraysAndObjectsCarryPaths()
{
    const QJsonObject o { { "list", QJsonArray { QJsonObject { { "v", 1 } }, QJsonObject { { "v", "two" } } } } };
    JsonReader r(o, "$");
    QList<int> seen;
    r.array("list", JsonReader::UnknownKeys::Refuse, [&](qsizetype, JsonReader &e) {
        int v = 0;
        e.integer("v", v, 0, 10, JsonReader::Presence::Required);
        seen << v;
    });
    QCOMPARE(r.error()->toString(), QStringLiteral("$.list[1].v: expected a non-negative integer, got \"two\""));
    QCOMPARE(seen, (QList<int> { 1, 0 }));

    JsonReader r2(QJsonObject { { "o", QJsonObject { { "in", QJsonObject { { "deep", true } } } } } }, "$");
    r2.object("o", [&](JsonReader &o1) { o1.object("in", [&](JsonReader &) { }); });
    QCOMPARE(r2.error()->toString(), QStringLiteral("$.o.in.deep: unknown field (no fields are expected here)"));

    const auto parsed = parseJsonObject("{\"a\": [1,}");
    QVERIFY(!parsed);
    QVERIFY(parsed.error().toString().startsWith(QStringLiteral("$: not valid JSON at offset")));
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
