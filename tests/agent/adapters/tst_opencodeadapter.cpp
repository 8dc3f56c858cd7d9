#include "adaptertestutil.h"
#include "opencodeadapter.h"

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestOpenCodeAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launch();
    void fixtures_data();
    void fixtures();
    void repeatedStepCountsOnce();
    void patchNamesItsFiles();
};

void TestOpenCodeAdapter::launch()
{
    OpenCodeAdapter adapter;
    LaunchContext context;
    context.promptText = "fix it";
    const auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("opencode"));
    QCOMPARE(spec->arguments, (QStringList { "run", "--format", "json" }));
    QCOMPARE(spec->stdinData, std::optional<QByteArray>("fix it"));
}

void TestOpenCodeAdapter::fixtures_data()
{
    addFixtureColumns({ .exitCode = true, .cost = true });

    // Steps: input + cache read + cache write, output + reasoning, summed over the three steps.
    QTest::newRow("success")
        << "opencode-1.18-success.jsonl" << 0
        << QStringList {
               "message: I'll read the parser first.",
               "tool_call [read]: filePath: /work/ws/src/parser.cpp",
               "tool_result [read]: <file>\\n00001| #include \"parser.h\"\\n00002| \\n00003| std::expected<QString, "
               "ParseError…",
               "usage {15120 in, 96 out, $0.0121}",
               "tool_call [edit]: filePath: /work/ws/src/parser.cpp",
               "tool_result [edit]: ",
               "file_change [edit] @/work/ws/src/parser.cpp: edit",
               "tool_call [write]: filePath: /work/ws/tests/tst_parser_empty.cpp",
               "tool_result [write]: ",
               "file_change [write] @/work/ws/tests/tst_parser_empty.cpp: write",
               "tool_call [bash]: command: ctest --test-dir build -R parser\\ndescription: Run the parser tests",
               "tool_result [bash]: error: Command failed with exit code 8",
               "tool_call [bash]: command: cmake --build build && ctest --test-dir build -R parser\\ndescription: "
               "Rebuild…",
               "tool_result [bash]: 100% tests passed, 0 tests failed out of 2\\n",
               "usage {29130 in, 348 out, $0.0215}",
               "message: Empty names are refused now and the parser tests pass.",
               "usage {43160 in, 389 out, $0.0267}",
           }
        << qint64(15120 + 14010 + 14030) << qint64(96 + 252 + 41) << 0.0267 << false << QString()
        << "Empty names are refused now and the parser tests pass.";

    const QString limit
        = QStringLiteral("APIError: Rate limit reached for gpt-5 in organization org-8fQw on tokens per "
                         "min (TPM): Limit 30000, Used 29876, Requested 1520. Please try again in "
                         "3.2s.");
    QTest::newRow("rate limited") << "opencode-1.18-ratelimit.jsonl" << 1
                                  << QStringList {
                                         "error: APIError: Rate limit reached for gpt-5 in organization org-8fQw on "
                                         "tokens per min (TPM): L…",
                                         "rate_limit: APIError: Rate limit reached for gpt-5 in organization org-8fQw "
                                         "on tokens per min (TPM): L…",
                                     }
                                  << qint64(0) << qint64(0) << -1.0 << true << limit << QString();

    QTest::newRow("error") << "opencode-1.18-error.jsonl" << 1
                           << QStringList {
                                  "message: Checking the build first.",
                                  "usage {820 in, 33 out, $0.0011}",
                                  "error: UnknownError: Model not found: anthropic/claude-sonnet-9.",
                              }
                           << qint64(820) << qint64(33) << 0.0011 << false
                           << "UnknownError: Model not found: anthropic/claude-sonnet-9."
                           << "Checking the build first.";
}

void TestOpenCodeAdapter::fixtures()
{
    QFETCH(double, cost);

    const auto r = replayFixtureRow(QStringLiteral("opencode"));
    QVERIFY(r);
    if (cost < 0) {
        QVERIFY(!r->outcome.usage.costUsd);
    } else {
        QVERIFY(r->outcome.usage.costUsd);
        QVERIFY(qAbs(*r->outcome.usage.costUsd - cost) < 1e-9);
    }
}

void TestOpenCodeAdapter::repeatedStepCountsOnce()
{
    QByteArray data = fixture(QStringLiteral("opencode-1.18-success.jsonl"));
    QByteArray lastStep;
    for (const QByteArray &line : data.split('\n')) {
        if (line.contains("\"type\":\"step_finish\""))
            lastStep = line;
    }
    QVERIFY(!lastStep.isEmpty());
    data += lastStep + '\n' + lastStep + '\n';
    const Replay r = replay(QStringLiteral("opencode"), data, 0);
    QCOMPARE(r.outcome.usage.inputTokens, 43160);
    QCOMPARE(r.outcome.usage.outputTokens, 389);
}

void TestOpenCodeAdapter::patchNamesItsFiles()
{
    const QByteArray line = "{\"type\":\"tool_use\",\"sessionID\":\"ses_1\",\"part\":{\"id\":\"prt_1\",\"type\":"
                            "\"tool\",\"callID\":\"c1\","
                            "\"tool\":\"apply_patch\",\"state\":{\"status\":\"completed\",\"input\":{\"patchText\":\"**"
                            "* Begin Patch\\n*** "
                            "Update File: src/a.cpp\\n@@\\n-x\\n+y\\n*** Add File: src/b.cpp\\n+z\\n*** End "
                            "Patch\"},\"output\":\"Done\"}}}\n";
    const Replay r = replay(QStringLiteral("opencode"), line, 0);
    QCOMPARE(describe(r.events).filter(QStringLiteral("file_change")),
        (QStringList { "file_change [apply_patch] @src/a.cpp: update", "file_change [apply_patch] @src/b.cpp: add" }));
}

QTEST_GUILESS_MAIN(TestOpenCodeAdapter)
#include "tst_opencodeadapter.moc"
