#include "adaptertestutil.h"
#include "claudeadapter.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestClaudeAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launch();
    void launchWithOverride();
    void fixtures_data();
    void fixtures();
    void perMessageUsageIsNotSummed();
    void replayedResultChangesNothing();
    void overlongLineIsDropped();
    void killedWithoutResult();
};

void TestClaudeAdapter::launch()
{
    ClaudeAdapter adapter;
    LaunchContext context;
    context.promptFile = QStringLiteral("/tmp/p.md");
    context.resultFile = QStringLiteral("/tmp/r.json");
    context.promptText = "do it";
    context.tokenBudgetLeft = 5000;
    const auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("claude"));
    QCOMPARE(spec->arguments, (QStringList { "-p", "--verbose", "--output-format", "stream-json" }));
    QCOMPARE(spec->stdinData, std::optional<QByteArray>("do it"));
    QCOMPARE(spec->environment.value("AUTOPACK_PROMPT_FILE"), QStringLiteral("/tmp/p.md"));
    QCOMPARE(spec->environment.value("AUTOPACK_RESULT_FILE"), QStringLiteral("/tmp/r.json"));
    QCOMPARE(adapter.defaultCommand().first(), QStringLiteral("claude"));
}

void TestClaudeAdapter::launchWithOverride()
{
    ClaudeAdapter adapter;
    LaunchContext context;
    context.commandOverride = { QStringLiteral("npx"), QStringLiteral("@anthropic-ai/claude-code") };
    const auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("npx"));
    QCOMPARE(spec->arguments,
        (QStringList { "@anthropic-ai/claude-code", "-p", "--verbose", "--output-format", "stream-json" }));

    context.commandOverride = { QString() };
    const auto refused = adapter.launch(context);
    QVERIFY(!refused);
    QVERIFY(refused.error().contains(QStringLiteral("no program")));
}

void TestClaudeAdapter::fixtures_data()
{
    addFixtureColumns({ .exitCode = true, .cost = true });

    QTest::newRow("success") << "claude-2.1-success.jsonl" << 0
                             << QStringList {
                                    "notice: session 5f1c2a9e-0b7d-4c1e-9a51-3f0e8d2b7c44 started, model "
                                    "claude-sonnet-4-5-20250929, Claude …",
                                    "thinking: The parser accepts empty names; it should refuse them.",
                                    "message: I'll read the parser first.",
                                    "tool_call [Read]: file_path: /work/ws/src/parser.cpp",
                                    "tool_result [Read]:      1\\t#include \"parser.h\"\\n     2\\t\\n     3\\tstd::expected<QString, "
                                    "ParseError> parseName(…",
                                    "tool_call [Edit]: file_path: /work/ws/src/parser.cpp",
                                    "file_change [Edit] @/work/ws/src/parser.cpp: edit",
                                    "tool_result [Edit]: The file /work/ws/src/parser.cpp has been updated. Here's "
                                    "the result of running `…",
                                    "tool_call [Write]: file_path: /work/ws/tests/tst_parser_empty.cpp",
                                    "file_change [Write] @/work/ws/tests/tst_parser_empty.cpp: write",
                                    "tool_result [Write]: File created successfully at: /work/ws/tests/tst_parser_empty.cpp",
                                    "tool_call [Bash]: command: cmake --build build && ctest --test-dir build -R "
                                    "parser\\ndescription: Build a…",
                                    "tool_result [Bash]: Test project /work/ws/build\\n    Start 1: tst_parser\\n1/2 Test "
                                    "#1: tst_parser .......…",
                                    "message: Empty names are now refused with ParseError::EmptyName, and a test covers it. "
                                    "The parser tests pass.",
                                    "usage {71074 in, 1312 out, $0.0873}",
                                }
                             << qint64(24 + 9850 + 61200) << qint64(1312) << 0.0873125 << false << QString()
                             << "Empty names are now refused with ParseError::EmptyName, and a test covers it. The "
                                "parser tests pass.";

    QTest::newRow("rate limited") << "claude-2.1-ratelimit.jsonl" << 1
                                  << QStringList {
                                         "notice: session a74d2edb-d7df-475f-ad7f-2c89def2ca88 started, model "
                                         "claude-sonnet-4-5-20250929, Claude …",
                                         "notice: API request failed (429 rate_limit), retry 1 of 10",
                                         "notice: rate limit rejected (five_hour), resets at 2026-01-02T03:00:00Z",
                                         "error: You've hit your session limit · resets 3am (UTC)",
                                         "usage {0 in, 0 out, $0.0000}",
                                         "rate_limit: You've hit your session limit · resets 3am (UTC)",
                                     }
                                  << qint64(0) << qint64(0) << 0.0 << true
                                  << "You've hit your session limit · resets 3am (UTC)" << QString();

    QTest::newRow("error") << "claude-2.1-error.jsonl" << 1
                           << QStringList {
                                  "notice: session d41f8a27-3c90-4e6b-b5a2-6f1e0c9d7b38 started, model "
                                  "claude-sonnet-4-5-20250929, Claude …",
                                  "tool_call [Bash]: command: make test\\ndescription: Run the tests",
                                  "tool_result [Bash]: error: make: *** No rule to make target 'test'.  Stop.",
                                  "usage {15209 in, 96 out, $0.0121}",
                                  "error: API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                                  "\"Internal server err…",
                              }
                           << qint64(9 + 3100 + 12100) << qint64(96) << 0.0121 << false
                           << "API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal "
                              "server error\"}}"
                           << QString();
}

void TestClaudeAdapter::fixtures()
{
    QFETCH(double, cost);
    QFETCH(bool, rateLimited);

    const auto r = replayFixtureRow(QStringLiteral("claude"));
    QVERIFY(r);
    QVERIFY(r->outcome.usage.costUsd);
    QCOMPARE(*r->outcome.usage.costUsd, cost);
    QCOMPARE(r->outcome.rateLimitDetail.isEmpty(), !rateLimited);
}

void TestClaudeAdapter::perMessageUsageIsNotSummed()
{
    // What a parser summing the assistant events' usage would report: the fixture repeats
    // msg_01A's usage on each of its three content blocks.
    const QByteArray data = fixture(QStringLiteral("claude-2.1-success.jsonl"));
    qint64 summedInput = 0;
    int repeatsOfFirstMessage = 0;
    for (const QByteArray &line : data.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value("type").toString() != QLatin1String("assistant"))
            continue;
        const QJsonObject message = o.value("message").toObject();
        const QJsonObject usage = message.value("usage").toObject();
        summedInput += usage.value("input_tokens").toInteger() + usage.value("cache_creation_input_tokens").toInteger()
            + usage.value("cache_read_input_tokens").toInteger();
        repeatsOfFirstMessage += message.value("id").toString() == QLatin1String("msg_01A");
    }
    QCOMPARE(repeatsOfFirstMessage, 3);

    const Replay r = replay(QStringLiteral("claude"), data, 0);
    QCOMPARE(r.outcome.usage.inputTokens, 71074); // the result event's usage
    QVERIFY(summedInput != r.outcome.usage.inputTokens);
    int usageEvents = 0;
    for (const AgentEvent &e : r.events)
        usageEvents += e.kind == AgentEvent::Kind::Usage;
    QCOMPARE(usageEvents, 1);
}

void TestClaudeAdapter::replayedResultChangesNothing()
{
    const QByteArray data = fixture(QStringLiteral("claude-2.1-success.jsonl"));
    const QByteArray resultLine = data.trimmed().split('\n').last();
    QVERIFY(resultLine.contains("\"type\":\"result\""));

    ClaudeAdapter adapter;
    adapter.feedStdout(data);
    const Usage once = adapter.usage();
    adapter.takeEvents();
    adapter.feedStdout(resultLine + '\n');
    adapter.feedStdout(resultLine + '\n');
    QCOMPARE(adapter.usage(), once);
    QVERIFY(adapter.takeEvents().isEmpty()); // no mark rose: not even a Usage event
    const AgentOutcome outcome = adapter.finish(0, {}, {});
    QCOMPARE(outcome.usage, once);
    QCOMPARE(outcome.usage.total(), 71074 + 1312);
}

void TestClaudeAdapter::overlongLineIsDropped()
{
    ClaudeAdapter adapter;
    QByteArray huge = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"";
    huge += QByteArray(9 * 1024 * 1024, 'a');
    huge += "\"}]}}\n";
    for (qsizetype pos = 0; pos < huge.size(); pos += 1024 * 1024)
        adapter.feedStdout(huge.mid(pos, 1024 * 1024));
    adapter.feedStdout(fixture(QStringLiteral("claude-2.1-success.jsonl")));
    const AgentOutcome outcome = adapter.finish(0, {}, {});
    const QList<AgentEvent> events = adapter.takeEvents();
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().kind, AgentEvent::Kind::Notice);
    QVERIFY(events.first().text.contains(QStringLiteral("over the 8 MiB line limit")));
    QCOMPARE(outcome.usage.inputTokens, 71074); // the lines after it are read as before
}

void TestClaudeAdapter::killedWithoutResult()
{
    // Cut off before the result (a timeout): no usage is invented from the per-message
    // reports, the last text stands in for the final message, and the exit is an error.
    QByteArray data = fixture(QStringLiteral("claude-2.1-success.jsonl"));
    data.truncate(data.lastIndexOf("{\"type\":\"result\""));
    const Replay r = replay(QStringLiteral("claude"), data, 0, -1, QStringLiteral("terminated\n"));
    QCOMPARE(r.outcome.usage, Usage());
    QVERIFY(r.outcome.finalMessage.startsWith(QStringLiteral("Empty names are now refused")));
    QCOMPARE(r.outcome.error, QStringLiteral("claude exited with code -1: terminated"));
    QVERIFY(!r.outcome.rateLimited);
}

QTEST_GUILESS_MAIN(TestClaudeAdapter)
#include "tst_claudeadapter.moc"
