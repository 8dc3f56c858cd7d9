#include "adaptertestutil.h"
#include "aideradapter.h"

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestAiderAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launch();
    void launchNeedsPromptFile();
    void parseCount_data();
    void parseCount();
    void fixtures_data();
    void fixtures();
    void retriedRateLimitIsNotFinal();
};

void TestAiderAdapter::launch()
{
    AiderAdapter adapter;
    LaunchContext context;
    context.promptFile = QStringLiteral("/tmp/attempt/prompt.md");
    context.promptText = "fix it";
    auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("aider"));
    QCOMPARE(spec->arguments,
        (QStringList { "--yes-always", "--no-auto-commits", "--message-file", "/tmp/attempt/prompt.md" }));
    QVERIFY(!spec->stdinData); // aider reads the file; stdin stays closed
    QCOMPARE(spec->environment.value("AUTOPACK_PROMPT_FILE"), QStringLiteral("/tmp/attempt/prompt.md"));

    context.commandOverride = { QStringLiteral("python3"), QStringLiteral("-m"), QStringLiteral("aider") };
    spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("python3"));
    QCOMPARE(spec->arguments,
        (QStringList {
            "-m", "aider", "--yes-always", "--no-auto-commits", "--message-file", "/tmp/attempt/prompt.md" }));
}

void TestAiderAdapter::launchNeedsPromptFile()
{
    AiderAdapter adapter;
    const auto spec = adapter.launch(LaunchContext {});
    QVERIFY(!spec);
    QVERIFY(spec.error().contains(QStringLiteral("--message-file")));
}

void TestAiderAdapter::parseCount_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("count");
    QTest::newRow("plain") << "312" << qint64(312);
    QTest::newRow("one decimal k") << "4.2k" << qint64(4200);
    QTest::newRow("rounded k") << "12k" << qint64(12000);
    QTest::newRow("grouped") << "1,234" << qint64(1234);
    QTest::newRow("millions") << "1.5M" << qint64(1500000);
    QTest::newRow("not a count") << "many" << qint64(-1);
}

void TestAiderAdapter::parseCount()
{
    QFETCH(QString, text);
    QFETCH(qint64, count);
    QCOMPARE(AiderAdapter::parseCount(text), count);
}

void TestAiderAdapter::fixtures_data()
{
    addFixtureColumns({ .exitCode = false, .cost = true });

    const QStringList banner { "notice: Aider v0.86.1",
        "notice: Main model: anthropic/claude-sonnet-4-20250514 with diff edit format, infinite "
        "output" };
    QTest::newRow("success")
        << "aider-0.86-success.txt"
        << banner
            + QStringList {
                  "notice: Weak model: anthropic/claude-3-5-haiku-20241022",
                  "notice: Git repo: .git with 42 files",
                  "notice: Repo-map: using 4096 tokens, auto refresh",
                  "message: I'll make parseName refuse empty names.\\n\\nsrc/parser.cpp\\n<<<<<<< SEARCH\\n    return "
                  "name;\\n====…",
                  "usage {8400 in, 312 out, $0.0300}",
                  "file_change @src/parser.cpp: edit",
                  "message: And a test for it.\\n\\ntests/tst_parser_empty.cpp\\n<<<<<<< SEARCH\\n=======\\n#include "
                  "\"parser.h\"\\n>…",
                  "usage {17500 in, 520 out, $0.0400}",
                  "file_change @tests/tst_parser_empty.cpp: edit",
              }
        << qint64(8400 + 9100) << qint64(312 + 208) << 0.04 << false << QString()
        << "And a test for it.\n\ntests/tst_parser_empty.cpp\n<<<<<<< SEARCH\n=======\n#include \"parser.h\"\n>>>>>>> "
           "REPLACE";

    const QString rateLimitError = QStringLiteral(
        "litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
        "\"message\":\"This request would exceed the rate limit for your organization of 40,000 input tokens per "
        "minute.\"}}");
    QTest::newRow("rate limited")
        << "aider-0.86-ratelimit.txt"
        << banner
            + QStringList {
                  "notice: Weak model: anthropic/claude-3-5-haiku-20241022",
                  "notice: Git repo: .git with 42 files",
                  "notice: Repo-map: using 4096 tokens, auto refresh",
                  "error: litellm.RateLimitError: AnthropicException - "
                  "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_…",
                  "notice: The API provider has rate limited you. Try again later or check your quotas.",
                  "notice: Retrying in 0.2 seconds...",
                  "error: litellm.RateLimitError: AnthropicException - "
                  "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_…",
                  "notice: The API provider has rate limited you. Try again later or check your quotas.",
                  "rate_limit: litellm.RateLimitError: AnthropicException - "
                  "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_…",
              }
        << qint64(0) << qint64(0) << -1.0 << true << rateLimitError << QString();

    QTest::newRow("error") << "aider-0.86-error.txt"
                           << banner
            + QStringList {
                  "notice: Git repo: .git with 42 files",
                  "error: litellm.AuthenticationError: AnthropicException - "
                  "{\"type\":\"error\",\"error\":{\"type\":\"authe…",
                  "notice: The API provider is not able to authenticate you. Check your API key.",
              }
                           << qint64(0) << qint64(0) << -1.0 << false
                           << "litellm.AuthenticationError: AnthropicException - "
                              "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid "
                              "x-api-key\"}}"
                           << QString();
}

void TestAiderAdapter::fixtures()
{
    QFETCH(double, cost);

    // aider exits 0 even when the API refused it.
    const auto r = replayFixtureRow(QStringLiteral("aider"), 0);
    QVERIFY(r);
    if (cost < 0) {
        QVERIFY(!r->outcome.usage.costUsd);
    } else {
        QVERIFY(r->outcome.usage.costUsd);
        QCOMPARE(*r->outcome.usage.costUsd, cost);
    }
}

void TestAiderAdapter::retriedRateLimitIsNotFinal()
{
    // The retry went through: a usage report follows the RateLimitError.
    QByteArray data = fixture(QStringLiteral("aider-0.86-ratelimit.txt"));
    data += "Retrying in 0.5 seconds...\nDone.\nTokens: 1.1k sent, 40 received. Cost: $0.0042 message, $0.0042 "
            "session.\n";
    const Replay r = replay(QStringLiteral("aider"), data, 0);
    QVERIFY(!r.outcome.rateLimited);
    QVERIFY(r.outcome.error.isEmpty());
    QCOMPARE(r.outcome.usage, (Usage { 1100, 40, 0.0042 }));
    QCOMPARE(r.outcome.finalMessage, QStringLiteral("Done."));
}

QTEST_GUILESS_MAIN(TestAiderAdapter)
#include "tst_aideradapter.moc"
