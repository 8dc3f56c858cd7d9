#include "adaptertestutil.h"
#include "codexadapter.h"

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestCodexAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launch();
    void fixtures_data();
    void fixtures();
    void turnUsageIsTheThreadsRunningTotal();
    void threadsAddUp();
    void replayedTurnChangesNothing();
    void retriedErrorIsNotRateLimited();
};

void TestCodexAdapter::launch()
{
    CodexAdapter adapter;
    LaunchContext context;
    context.promptText = "fix it";
    context.promptFile = QStringLiteral("/tmp/p.md");
    context.resultFile = QStringLiteral("/tmp/r.json");
    auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("codex"));
    QCOMPARE(spec->arguments, (QStringList { "exec", "--json", "--sandbox", "workspace-write", "-" }));
    QCOMPARE(spec->stdinData, std::optional<QByteArray>("fix it"));
    QCOMPARE(spec->environment.value("AUTOPACK_RESULT_FILE"), QStringLiteral("/tmp/r.json"));

    context.commandOverride = { QStringLiteral("/opt/codex/bin/codex") };
    spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("/opt/codex/bin/codex"));
    QCOMPARE(spec->arguments.first(), QStringLiteral("exec"));
}

void TestCodexAdapter::fixtures_data()
{
    addFixtureColumns({ .exitCode = true, .cost = false });

    QTest::newRow("success")
        << "codex-0.46-success.jsonl" << 0
        << QStringList {
               "notice: thread 0199a213-81c0-7800-8aa1-bbab2a035a53 started",
               "thinking: **Locating the parser**\\n\\nReading src/parser.cpp before changing it.",
               "tool_call [shell]: bash -lc 'sed -n 1,40p src/parser.cpp'",
               "tool_result [shell]: completed, exit code 0\\n#include \"parser.h\"\\n\\nstd::expected<QString, ParseError> "
               "parseN…",
               "notice: plan:\\n[ ] Refuse empty names\\n[ ] Run the parser tests",
               "file_change [apply_patch] @/work/ws/src/parser.cpp: update",
               "file_change [apply_patch] @/work/ws/tests/tst_parser_empty.cpp: add",
               "tool_call [docs.search]: query: std::unexpected",
               "tool_result [docs.search]: std::unexpected<E> constructs the error alternative of std::expected.",
               "tool_call [shell]: bash -lc 'ctest --test-dir build -R parser'",
               "tool_result [shell]: completed, exit code 0\\n100% tests passed, 0 tests failed out of 2\\n",
               "notice: plan:\\n[x] Refuse empty names\\n[x] Run the parser tests",
               "message: Empty names are refused now (ParseError::EmptyName) and the parser tests pass.",
               "usage {48213 in, 2011 out}",
           }
        << qint64(48213) << qint64(2011) << false << QString()
        << "Empty names are refused now (ParseError::EmptyName) and the parser tests pass.";

    const QString limit = QStringLiteral("You've hit your usage limit. Upgrade to Pro "
                                         "(https://openai.com/chatgpt/pricing), visit "
                                         "https://chatgpt.com/codex/settings/usage to purchase more credits or try "
                                         "again at 3:05 PM.");
    QTest::newRow("rate limited") << "codex-0.46-ratelimit.jsonl" << 1
                                  << QStringList {
                                         "notice: thread 0199a3f0-1c2d-7e10-9b7a-5e4d3c2b1a09 started",
                                         "error: You've hit your usage limit. Upgrade to Pro "
                                         "(https://openai.com/chatgpt/pricing), visit…",
                                         "rate_limit: You've hit your usage limit. Upgrade to Pro "
                                         "(https://openai.com/chatgpt/pricing), visit…",
                                     }
                                  << qint64(0) << qint64(0) << true << limit << QString();

    QTest::newRow("error") << "codex-0.46-error.jsonl" << 1
                           << QStringList {
                                  "notice: thread 0199a4c1-77aa-7b02-8c11-0d9e8f7a6b5c started",
                                  "tool_call [shell]: bash -lc 'make test'",
                                  "tool_result [shell]: failed, exit code 2\\nmake: *** No rule to make target 'test'.  "
                                  "Stop.\\n",
                                  "error: command failed; retrying with a different approach",
                                  "error: unexpected status 401 Unauthorized: Missing bearer or basic authentication in "
                                  "header",
                              }
                           << qint64(0) << qint64(0) << false
                           << "unexpected status 401 Unauthorized: Missing bearer or basic authentication in header"
                           << QString();
}

void TestCodexAdapter::fixtures()
{
    const auto r = replayFixtureRow(QStringLiteral("codex"));
    QVERIFY(r);
    QVERIFY(!r->outcome.usage.costUsd); // codex exec reports no cost
}

void TestCodexAdapter::turnUsageIsTheThreadsRunningTotal()
{
    // Two turns on one thread (codex exec resume): the second report already holds the first.
    const QByteArray stream
        = "{\"type\":\"thread.started\",\"thread_id\":\"t1\"}\n"
          "{\"type\":\"turn.started\"}\n"
          "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1000,\"cached_input_tokens\":800,"
          "\"output_tokens\":100}}\n"
          "{\"type\":\"turn.started\"}\n"
          "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":2500,\"cached_input_tokens\":2000,"
          "\"output_tokens\":300}}\n";
    const Replay r = replay(QStringLiteral("codex"), stream, 0);
    QCOMPARE(r.outcome.usage, (Usage { 2500, 300, std::nullopt }));
    QCOMPARE(describe(r.events).filter(QStringLiteral("usage")),
        (QStringList { "usage {1000 in, 100 out}", "usage {2500 in, 300 out}" }));
}

void TestCodexAdapter::threadsAddUp()
{
    const QByteArray stream = "{\"type\":\"thread.started\",\"thread_id\":\"t1\"}\n"
                              "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1000,\"cached_input_tokens\":0,"
                              "\"output_tokens\":100}}\n"
                              "{\"type\":\"thread.started\",\"thread_id\":\"t2\"}\n"
                              "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":50,\"cached_input_tokens\":0,"
                              "\"output_tokens\":5}}\n";
    const Replay r = replay(QStringLiteral("codex"), stream, 0);
    QCOMPARE(r.outcome.usage, (Usage { 1050, 105, std::nullopt }));
}

void TestCodexAdapter::replayedTurnChangesNothing()
{
    QByteArray data = fixture(QStringLiteral("codex-0.46-success.jsonl"));
    const QByteArray last = data.trimmed().split('\n').last();
    QVERIFY(last.contains("turn.completed"));
    data += last + '\n' + last + '\n';
    const Replay r = replay(QStringLiteral("codex"), data, 0);
    QCOMPARE(r.outcome.usage, (Usage { 48213, 2011, std::nullopt }));
}

void TestCodexAdapter::retriedErrorIsNotRateLimited()
{
    // A 429 that codex retried past: the completed turn clears it.
    const QByteArray stream = "{\"type\":\"thread.started\",\"thread_id\":\"t1\"}\n"
                              "{\"type\":\"error\",\"message\":\"exceeded retry limit, last status: 429 Too Many "
                              "Requests\"}\n"
                              "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"cached_input_tokens\":0,"
                              "\"output_tokens\":1}}\n";
    const Replay r = replay(QStringLiteral("codex"), stream, 0);
    QVERIFY(!r.outcome.rateLimited);
    QVERIFY(r.outcome.error.isEmpty());

    const Replay failed = replay(QStringLiteral("codex"), stream.left(stream.lastIndexOf("{\"type\":\"turn")), 0, 1);
    QVERIFY(failed.outcome.rateLimited);
    QCOMPARE(
        failed.outcome.rateLimitDetail, QStringLiteral("exceeded retry limit, last status: 429 Too Many Requests"));
}

QTEST_GUILESS_MAIN(TestCodexAdapter)
#include "tst_codexadapter.moc"
