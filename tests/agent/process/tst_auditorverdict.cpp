#include "auditorverdict.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Autopack::Agent;

namespace {

QJsonObject parsed(const QString &message)
{
    auto verdict = AuditorVerdict::parse(message);
    if (!verdict) {
        qWarning("parse failed: %s", qPrintable(verdict.error()));
        return {};
    }
    return verdict->body;
}

QString errorOf(const QString &message)
{
    auto verdict = AuditorVerdict::parse(message);
    return verdict ? QStringLiteral("(parsed)") : verdict.error();
}

} // namespace

class TestAuditorVerdict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fencedBlock();
    void bareObject();
    void embeddedInProseWithBracesInStrings();
    void lastOfSeveralObjectsWins();
    void lastFenceWinsOverLaterProseObject();
    void defaultsAreFilledIn();
    void normalisesCaseAndSingleEvidenceRef();
    void fullVerdictIsKept();
    void invalidFieldIsNamed_data();
    void invalidFieldIsNamed();
    void noObjectAtAll();
    void schemaTextExampleParses();
};

void TestAuditorVerdict::fencedBlock()
{
    const QString message = QStringLiteral("I reviewed the change.\n\n```json\n{\"recommendation\": \"approve\", "
                                           "\"confidence\": 0.9, \"review_notes\": \"Looks right.\"}\n```\nDone.");
    const QJsonObject body = parsed(message);
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("approve"));
    QCOMPARE(body.value("confidence").toDouble(), 0.9);
    QCOMPARE(body.value("review_notes").toString(), QStringLiteral("Looks right."));
}

void TestAuditorVerdict::bareObject()
{
    const QJsonObject body = parsed(QStringLiteral("  {\"recommendation\":\"revise\",\"confidence\":0}  "));
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("revise"));
    QCOMPARE(body.value("confidence").toDouble(), 0.0);
}

void TestAuditorVerdict::embeddedInProseWithBracesInStrings()
{
    // The prose has an unbalanced brace and an apostrophe; the strings hold braces and
    // an escaped quote. Only a string-aware scan finds the object's real end.
    const QString message
        = QStringLiteral("Here's my verdict { as promised:\n"
                         "{\"recommendation\": \"revise\", \"confidence\": 0.7, "
                         "\"review_notes\": \"the template uses {{name}} and a stray } and a \\\"quote\\\" {\"}\n"
                         "That's all.");
    const QJsonObject body = parsed(message);
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("revise"));
    QCOMPARE(body.value("review_notes").toString(),
        QStringLiteral("the template uses {{name}} and a stray } and a \"quote\" {"));
}

void TestAuditorVerdict::lastOfSeveralObjectsWins()
{
    const QString message = QStringLiteral(
        "First draft: {\"recommendation\": \"approve\", \"confidence\": 0.5}\n"
        "On second thought, with a nested object: {\"recommendation\": \"escalate\", \"confidence\": 0.6, "
        "\"issues_found\": [{\"issue_key\": \"k\", \"severity\": \"major\"}]}\n");
    const QJsonObject body = parsed(message);
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("escalate"));
    QCOMPARE(body.value("issues_found").toArray().size(), 1);

    const QString fences = QStringLiteral("```json\n{\"recommendation\": \"approve\", \"confidence\": 1}\n```\n"
                                          "```json\n{\"recommendation\": \"revise\", \"confidence\": 0.2}\n```\n");
    QCOMPARE(parsed(fences).value("recommendation").toString(), QStringLiteral("revise"));
}

void TestAuditorVerdict::lastFenceWinsOverLaterProseObject()
{
    const QString message = QStringLiteral("```JSON\n{\"recommendation\": \"approve\", \"confidence\": 0.95}\n```\n"
                                           "Note: the config is {\"debug\": true}.");
    QCOMPARE(parsed(message).value("recommendation").toString(), QStringLiteral("approve"));
}

void TestAuditorVerdict::defaultsAreFilledIn()
{
    const QJsonObject body = parsed(QStringLiteral(
        "{\"recommendation\": \"revise\", \"confidence\": 0.4, \"issues_found\": [{\"issue_key\": \"missing-test\", "
        "\"severity\": \"minor\"}], \"suggested_patches\": [{\"patch_content\": \"--- a/x\\n+++ b/x\\n\"}]}"));
    QCOMPARE(body.value("review_notes").toString(), QString());
    const QJsonObject issue = body.value("issues_found").toArray().at(0).toObject();
    QCOMPARE(issue.value("issue_key").toString(), QStringLiteral("missing-test"));
    QCOMPARE(issue.value("category").toString(), QStringLiteral("review"));
    QCOMPARE(issue.value("source").toString(), QStringLiteral("auditor"));
    QCOMPARE(issue.value("description").toString(), QString());
    QCOMPARE(issue.value("evidence_refs").toArray(), QJsonArray());
    const QJsonObject patch = body.value("suggested_patches").toArray().at(0).toObject();
    QCOMPARE(patch.value("description").toString(), QString());
    QCOMPARE(patch.value("files_affected").toArray(), QJsonArray());

    const QJsonObject minimal = parsed(QStringLiteral("{\"recommendation\": \"approve\", \"confidence\": 1}"));
    QCOMPARE(minimal.keys(),
        (QStringList { "confidence", "issues_found", "recommendation", "review_notes", "suggested_patches" }));
    QCOMPARE(minimal.value("issues_found").toArray(), QJsonArray());
}

void TestAuditorVerdict::normalisesCaseAndSingleEvidenceRef()
{
    const QJsonObject body = parsed(QStringLiteral(
        "{\"recommendation\": \" Approve\", \"confidence\": 0.8, \"issues_found\": [{\"issue_key\": \"a\", "
        "\"severity\": \"MINOR\", \"evidence_refs\": \"src/a.cpp:3\", \"extra\": 1}], \"unknown\": true}"));
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("approve"));
    const QJsonObject issue = body.value("issues_found").toArray().at(0).toObject();
    QCOMPARE(issue.value("severity").toString(), QStringLiteral("minor"));
    QCOMPARE(issue.value("evidence_refs").toArray(), QJsonArray { "src/a.cpp:3" });
    QVERIFY(!issue.contains("extra"));
    QVERIFY(!body.contains("unknown"));
}

void TestAuditorVerdict::fullVerdictIsKept()
{
    const QJsonObject input {
        { "recommendation", "revise" },
        { "confidence", 0.75 },
        { "review_notes", "Two problems." },
        { "issues_found",
            QJsonArray { QJsonObject { { "issue_key", "leak" }, { "severity", "major" },
                { "description", "The parser leaks." }, { "category", "correctness" }, { "source", "auditor" },
                { "evidence_refs", QJsonArray { "src/p.cpp:10", "src/p.h:2" } } } } },
        { "suggested_patches",
            QJsonArray {
                QJsonObject { { "description", "free it" }, { "patch_content", "--- a/src/p.cpp\n+++ b/src/p.cpp\n" },
                    { "files_affected", QJsonArray { "src/p.cpp" } } } } },
    };
    const QString message
        = QStringLiteral("```json\n") + QString::fromUtf8(QJsonDocument(input).toJson()) + QStringLiteral("```");
    QCOMPARE(parsed(message), input);
}

void TestAuditorVerdict::invalidFieldIsNamed_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("error");
    const QString ok = QStringLiteral("\"recommendation\": \"revise\", \"confidence\": 0.5");
    const QString issue0 = QStringLiteral("{\"issue_key\": \"a\", \"severity\": \"minor\"}");

    QTest::newRow("recommendation missing") << QStringLiteral("{\"confidence\": 0.5}")
                                            << QStringLiteral("recommendation: required (\"approve\", \"revise\" or "
                                                              "\"escalate\")");
    QTest::newRow("recommendation wrong")
        << QStringLiteral("{\"recommendation\": \"merge\", \"confidence\": 0.5}")
        << QStringLiteral("recommendation: expected \"approve\", \"revise\" or \"escalate\", got \"merge\"");
    QTest::newRow("recommendation not a string")
        << QStringLiteral("{\"recommendation\": 1, \"confidence\": 0.5}")
        << QStringLiteral("recommendation: expected \"approve\", \"revise\" or \"escalate\", got 1");
    QTest::newRow("confidence missing") << QStringLiteral("{\"recommendation\": \"approve\"}")
                                        << QStringLiteral("confidence: required (a number from 0 to 1)");
    QTest::newRow("confidence too big") << QStringLiteral("{\"recommendation\": \"approve\", \"confidence\": 1.5}")
                                        << QStringLiteral("confidence: expected a number from 0 to 1, got 1.5");
    QTest::newRow("confidence negative") << QStringLiteral("{\"recommendation\": \"approve\", \"confidence\": -0.1}")
                                         << QStringLiteral("confidence: expected a number from 0 to 1, got -0.1");
    QTest::newRow("confidence a string") << QStringLiteral(
        "{\"recommendation\": \"approve\", \"confidence\": \"high\"}")
                                         << QStringLiteral("confidence: expected a number from 0 to 1, got \"high\"");
    QTest::newRow("review_notes") << QStringLiteral("{%1, \"review_notes\": [\"a\"]}").arg(ok)
                                  << QStringLiteral("review_notes: expected a string, got an array");
    QTest::newRow("issues_found not an array") << QStringLiteral("{%1, \"issues_found\": {}}").arg(ok)
                                               << QStringLiteral("issues_found: expected an array, got an object");
    QTest::newRow("issue not an object") << QStringLiteral("{%1, \"issues_found\": [%2, \"x\"]}").arg(ok, issue0)
                                         << QStringLiteral("issues_found[1]: expected an object, got \"x\"");
    QTest::newRow("issue_key missing")
        << QStringLiteral("{%1, \"issues_found\": [%2, {\"severity\": \"minor\"}]}").arg(ok, issue0)
        << QStringLiteral("issues_found[1].issue_key: required");
    QTest::newRow("issue_key empty")
        << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \" \", \"severity\": \"minor\"}]}").arg(ok)
        << QStringLiteral("issues_found[0].issue_key: expected a non-empty string, got \" \"");
    QTest::newRow("severity wrong") << QStringLiteral(
        "{%1, \"issues_found\": [%2, {\"issue_key\": \"b\", \"severity\": \"huge\"}]}")
                                           .arg(ok, issue0)
                                    << QStringLiteral(
                                           "issues_found[1].severity: expected \"minor\" or \"major\", got \"huge\"");
    QTest::newRow("severity missing") << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\"}]}").arg(ok)
                                      << QStringLiteral("issues_found[0].severity: required (\"minor\" or \"major\")");
    QTest::newRow("description") << QStringLiteral(
        "{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": \"major\", \"description\": 3}]}")
                                        .arg(ok)
                                 << QStringLiteral("issues_found[0].description: expected a string, got 3");
    QTest::newRow("category") << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": "
                                                "\"major\", \"category\": false}]}")
                                     .arg(ok)
                              << QStringLiteral("issues_found[0].category: expected a string, got false");
    QTest::newRow("evidence_refs not an array")
        << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": \"major\", \"evidence_refs\": "
                          "{}}]}")
               .arg(ok)
        << QStringLiteral("issues_found[0].evidence_refs: expected an array, got an object");
    QTest::newRow("evidence_ref without line")
        << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": \"major\", \"evidence_refs\": "
                          "[\"a.cpp:1\", \"a.cpp\"]}]}")
               .arg(ok)
        << QStringLiteral("issues_found[0].evidence_refs[1]: expected \"path:line\", got \"a.cpp\"");
    QTest::newRow("evidence_ref line zero")
        << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": \"major\", \"evidence_refs\": "
                          "[\"a.cpp:0\"]}]}")
               .arg(ok)
        << QStringLiteral("issues_found[0].evidence_refs[0]: expected \"path:line\", got \"a.cpp:0\"");
    QTest::newRow("evidence_ref no path")
        << QStringLiteral("{%1, \"issues_found\": [{\"issue_key\": \"b\", \"severity\": \"major\", \"evidence_refs\": "
                          "[\":12\"]}]}")
               .arg(ok)
        << QStringLiteral("issues_found[0].evidence_refs[0]: expected \"path:line\", got \":12\"");
    QTest::newRow("suggested_patches not an array") << QStringLiteral("{%1, \"suggested_patches\": \"diff\"}").arg(ok)
                                                    << QStringLiteral("suggested_patches: expected an array, got "
                                                                      "\"diff\"");
    QTest::newRow("patch_content missing")
        << QStringLiteral("{%1, \"suggested_patches\": [{\"description\": \"d\"}]}").arg(ok)
        << QStringLiteral("suggested_patches[0].patch_content: required");
    QTest::newRow("patch_content empty")
        << QStringLiteral("{%1, \"suggested_patches\": [{\"patch_content\": \"\"}]}").arg(ok)
        << QStringLiteral("suggested_patches[0].patch_content: expected a non-empty unified diff, got \"\"");
    QTest::newRow("patch description")
        << QStringLiteral("{%1, \"suggested_patches\": [{\"description\": {}, \"patch_content\": \"x\"}]}").arg(ok)
        << QStringLiteral("suggested_patches[0].description: expected a string, got an object");
    QTest::newRow("files_affected") << QStringLiteral(
        "{%1, \"suggested_patches\": [{\"patch_content\": \"x\", \"files_affected\": [\"a\", 2]}]}")
                                           .arg(ok)
                                    << QStringLiteral("suggested_patches[0].files_affected[1]: expected a path, got 2");
}

void TestAuditorVerdict::invalidFieldIsNamed()
{
    QFETCH(QString, json);
    QFETCH(QString, error);
    QCOMPARE(errorOf(json), error);
    // The same error when the object comes in a fence after some prose.
    QCOMPARE(errorOf(QStringLiteral("My review:\n```json\n%1\n```\n").arg(json)), error);
}

void TestAuditorVerdict::noObjectAtAll()
{
    QVERIFY(errorOf(QString()).contains(QStringLiteral("empty")));
    QVERIFY(errorOf(QStringLiteral("I approve of this change {wholeheartedly}."))
                .startsWith(QStringLiteral("no JSON verdict object in the final message")));
    QVERIFY(errorOf(QStringLiteral("[1, 2]")).startsWith(QStringLiteral("no JSON verdict object")));
    QVERIFY(errorOf(QStringLiteral("```json\n{\"recommendation\": \n```"))
                .startsWith(QStringLiteral("the last ```json block of the final message is not a JSON object")));
}

void TestAuditorVerdict::schemaTextExampleParses()
{
    const QString schema = AuditorVerdict::schemaText();
    for (const char *field : { "recommendation", "confidence", "review_notes", "issues_found", "suggested_patches",
             "issue_key", "severity", "evidence_refs", "patch_content", "files_affected" })
        QVERIFY2(schema.contains(QLatin1String(field)), field);
    // The example the agent is shown must itself be a valid verdict.
    const QJsonObject body = parsed(schema);
    QCOMPARE(body.value("recommendation").toString(), QStringLiteral("revise"));
    QCOMPARE(body.value("issues_found").toArray().at(0).toObject().value("evidence_refs").toArray(),
        QJsonArray { "src/parser.cpp:42" });
}

QTEST_GUILESS_MAIN(TestAuditorVerdict)
#include "tst_auditorverdict.moc"
