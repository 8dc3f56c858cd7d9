#include "adaptertestutil.h"
#include "commandadapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestCommandAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launchNeedsCommand();
    void launch();
    void builderWithResultFile();
    void auditorVerdictIsTheFinalMessage();
    void missingResultFile();
    void malformedResultFile();
    void resultFileWithWrongField();
    void exitCode75IsRateLimited();
    void resultFileSaysRateLimited();
    void finalMessageIsTheLastBlock();
};

void TestCommandAdapter::launchNeedsCommand()
{
    CommandAdapter adapter;
    QVERIFY(adapter.defaultCommand().isEmpty());
    const auto spec = adapter.launch(LaunchContext {});
    QVERIFY(!spec);
    QVERIFY(spec.error().contains(QStringLiteral("--command")));
}

void TestCommandAdapter::launch()
{
    CommandAdapter adapter;
    LaunchContext context;
    context.commandOverride = { QStringLiteral("./my-agent.sh"), QStringLiteral("--fast") };
    context.promptFile = QStringLiteral("/tmp/a/prompt.md");
    context.resultFile = QStringLiteral("/tmp/a/result.json");
    context.promptText = "the prompt";
    context.role = QStringLiteral("auditor");
    context.tokenBudgetLeft = 42000;
    const auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("./my-agent.sh"));
    QCOMPARE(spec->arguments, QStringList { "--fast" });
    QCOMPARE(spec->stdinData, std::optional<QByteArray>("the prompt"));
    QCOMPARE(spec->environment.value("AUTOPACK_PROMPT_FILE"), QStringLiteral("/tmp/a/prompt.md"));
    QCOMPARE(spec->environment.value("AUTOPACK_RESULT_FILE"), QStringLiteral("/tmp/a/result.json"));
    QCOMPARE(spec->environment.value("AUTOPACK_ROLE"), QStringLiteral("auditor"));
    QCOMPARE(spec->environment.value("AUTOPACK_TOKEN_BUDGET_LEFT"), QStringLiteral("42000"));

    context.tokenBudgetLeft.reset();
    QVERIFY(!adapter.launch(context)->environment.contains("AUTOPACK_TOKEN_BUDGET_LEFT"));
}

void TestCommandAdapter::builderWithResultFile()
{
    const auto r = replayAnyChunking(QStringLiteral("command"), fixture(QStringLiteral("command-v1-builder.txt")), 0,
        {}, fixturePath(QStringLiteral("command-v1-builder-result.json")));
    QVERIFY(r);
    QVERIFY(sameLines(describe(r->events),
        { "message: building the change", "message: patched src/parser.cpp", "message: tests pass",
            "usage {12345 in, 0 out, $0.2500}" }));
    QCOMPARE(r->outcome.finalMessage, QStringLiteral("patched src/parser.cpp\ntests pass"));
    QCOMPARE(r->outcome.notes, QStringLiteral("refused empty names in parseName"));
    QCOMPARE(r->outcome.usage, (Usage { 12345, 0, 0.25 }));
    QVERIFY(r->outcome.resultObject);
    QCOMPARE(r->outcome.resultObject->value("tokens_used").toInt(), 12345);
    QVERIFY(r->outcome.error.isEmpty());
    QVERIFY(!r->outcome.rateLimited);
}

void TestCommandAdapter::auditorVerdictIsTheFinalMessage()
{
    const Replay r = replay(QStringLiteral("command"), fixture(QStringLiteral("command-v1-auditor.txt")), 0, 0, {},
        fixturePath(QStringLiteral("command-v1-auditor-result.json")));
    const QJsonObject verdict = QJsonDocument::fromJson(r.outcome.finalMessage.toUtf8()).object();
    QCOMPARE(verdict.keys(),
        (QStringList { "confidence", "issues_found", "recommendation", "review_notes", "suggested_patches" }));
    QCOMPARE(verdict.value("recommendation").toString(), QStringLiteral("revise"));
    QCOMPARE(verdict.value("issues_found").toArray().size(), 1);
    QVERIFY(r.outcome.resultObject);
    QCOMPARE(r.outcome.resultObject->value("review_notes").toString(),
        QStringLiteral("The empty-name check is missing a test."));
    // 700 in + 150 out given; the rest of tokens_used (900) counts as input.
    QCOMPARE(r.outcome.usage, (Usage { 750, 150, std::nullopt }));
}

void TestCommandAdapter::missingResultFile()
{
    QTemporaryDir dir;
    const Replay r = replay(QStringLiteral("command"), "done\n", 0, 0, {}, dir.filePath(QStringLiteral("result.json")));
    QVERIFY(r.outcome.error.isEmpty());
    QVERIFY(!r.outcome.resultObject);
    QCOMPARE(r.outcome.usage, Usage());
    QCOMPARE(r.outcome.finalMessage, QStringLiteral("done"));
}

void TestCommandAdapter::malformedResultFile()
{
    const QString path = fixturePath(QStringLiteral("command-v1-malformed-result.json"));
    const Replay r = replay(QStringLiteral("command"), "done\n", 0, 0, {}, path);
    QVERIFY(r.outcome.error.startsWith(QStringLiteral("result file %1: not valid JSON: ").arg(path)));
    QVERIFY(r.outcome.error.contains(QStringLiteral("at offset")));
    QVERIFY(!r.outcome.resultObject);
    QCOMPARE(describe(r.events).last(), QStringLiteral("error: ") + r.outcome.error.left(80) + QStringLiteral("…"));
    QCOMPARE(CommandAdapter::readResultFile(path).error(), r.outcome.error);
}

void TestCommandAdapter::resultFileWithWrongField()
{
    const QString path = fixturePath(QStringLiteral("command-v1-badfield-result.json"));
    const Replay r = replay(QStringLiteral("command"), "", 0, 0, {}, path);
    QCOMPARE(r.outcome.error, QStringLiteral("result file %1: tokens_used: expected a non-negative number").arg(path));
    QVERIFY(!r.outcome.resultObject);

    QTemporaryDir dir;
    QFile array(dir.filePath(QStringLiteral("r.json")));
    QVERIFY(array.open(QIODevice::WriteOnly));
    array.write("[1, 2]");
    array.close();
    QCOMPARE(CommandAdapter::readResultFile(array.fileName()).error(),
        QStringLiteral("result file %1: expected a JSON object").arg(array.fileName()));
}

void TestCommandAdapter::exitCode75IsRateLimited()
{
    const Replay r = replay(QStringLiteral("command"), "provider busy\n", 0, CommandAdapter::RateLimitedExitCode,
        QStringLiteral("HTTP 503\n"));
    QVERIFY(r.outcome.rateLimited);
    QCOMPARE(r.outcome.rateLimitDetail, QStringLiteral("exit code 75 (EX_TEMPFAIL)"));
    QCOMPARE(describe(r.events).last(), QStringLiteral("rate_limit: exit code 75 (EX_TEMPFAIL)"));

    const Replay failed = replay(QStringLiteral("command"), "oops\n", 0, 1, QStringLiteral("boom\n"));
    QVERIFY(!failed.outcome.rateLimited);
    QCOMPARE(failed.outcome.error, QStringLiteral("command exited with code 1: boom"));
}

void TestCommandAdapter::resultFileSaysRateLimited()
{
    const Replay r = replay(
        QStringLiteral("command"), "", 0, 0, {}, fixturePath(QStringLiteral("command-v1-ratelimited-result.json")));
    QVERIFY(r.outcome.rateLimited);
    QCOMPARE(r.outcome.rateLimitDetail, QStringLiteral("provider said 429, retry after 60 s"));
    QCOMPARE(r.outcome.usage.inputTokens, 40);
}

void TestCommandAdapter::finalMessageIsTheLastBlock()
{
    const Replay r = replay(QStringLiteral("command"), "a\nb\n\n\nc\nd\n\n", 2);
    QCOMPARE(r.outcome.finalMessage, QStringLiteral("c\nd"));
    QCOMPARE(describe(r.events), (QStringList { "message: a", "message: b", "message: c", "message: d" }));

    const Replay unterminated = replay(QStringLiteral("command"), "x\n\ny\nz", 1);
    QCOMPARE(unterminated.outcome.finalMessage, QStringLiteral("y\nz"));
}

QTEST_GUILESS_MAIN(TestCommandAdapter)
#include "tst_commandadapter.moc"
