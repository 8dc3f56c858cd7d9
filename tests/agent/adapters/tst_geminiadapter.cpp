#include "adaptertestutil.h"
#include "geminiadapter.h"

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

class TestGeminiAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void launch();
    void fixtures_data();
    void fixtures();
    void replayedResultChangesNothing();
    void warningBeforeSuccessIsNotRateLimited();
};

void TestGeminiAdapter::launch()
{
    GeminiAdapter adapter;
    LaunchContext context;
    context.promptText = "fix it";
    context.commandOverride = { QStringLiteral("node"), QStringLiteral("/opt/gemini/bundle/gemini.js") };
    const auto spec = adapter.launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("node"));
    QCOMPARE(
        spec->arguments, (QStringList { "/opt/gemini/bundle/gemini.js", "-p", "-", "--output-format", "stream-json" }));
    QCOMPARE(spec->stdinData, std::optional<QByteArray>("fix it"));
    QVERIFY(spec->environment.contains("AUTOPACK_PROMPT_FILE"));
    QVERIFY(spec->environment.contains("AUTOPACK_RESULT_FILE"));
}

void TestGeminiAdapter::fixtures_data()
{
    addFixtureColumns({ .exitCode = true, .cost = false });

    // Output: total_tokens beyond input (35980 - 33650), more than output_tokens (1890): thoughts count.
    QTest::newRow("success")
        << "gemini-0.21-success.jsonl" << 0
        << QStringList {
               "notice: session c8a5f0a2-5d1e-4b7a-9e36-2d8f1c0b9e47 started, model gemini-2.5-pro",
               "message: I'll read the parser before changing it.",
               "tool_call [read_file]: absolute_path: /work/ws/src/parser.cpp",
               "tool_result [read_file]: ",
               "tool_call [replace]: file_path: /work/ws/src/parser.cpp",
               "file_change [replace] @/work/ws/src/parser.cpp: edit",
               "tool_result [replace]: Successfully modified file: /work/ws/src/parser.cpp (1 replacements).",
               "tool_call [write_file]: file_path: /work/ws/tests/tst_parser_empty.cpp",
               "file_change [write_file] @/work/ws/tests/tst_parser_empty.cpp: write",
               "tool_result [write_file]: Successfully created and wrote to new file: "
               "/work/ws/tests/tst_parser_empty.cpp.",
               "tool_call [run_shell_command]: command: ctest --test-dir build -R parser\\ndescription: Run the parser "
               "tests.",
               "tool_result [run_shell_command]: error: Command exited with code 8: 1 of 2 tests failed",
               "tool_call [run_shell_command]: command: cmake --build build && ctest --test-dir build -R "
               "parser\\ndescription: Rebui…",
               "tool_result [run_shell_command]: 100% tests passed, 0 tests failed out of 2",
               "message: Empty names are refused now; the parser tests pass.",
               "usage {33650 in, 2330 out}",
           }
        << qint64(33650) << qint64(2330) << false << QString()
        << "Empty names are refused now; the parser tests pass.";

    const QString quota = QStringLiteral(
        "[API Error: {\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' "
        "and limit 'Gemini 2.5 Pro Requests per day per user per tier'.\",\"status\":\"RESOURCE_EXHAUSTED\"}}]");
    QTest::newRow("rate limited")
        << "gemini-0.21-ratelimit.jsonl" << 1
        << QStringList {
               "notice: session 1e9b7c44-08d2-4f3a-a6c5-77e0b2d91f10 started, model gemini-2.5-pro",
               "notice: Attempt 1 failed with status 429. Retrying with backoff...",
               "usage {0 in, 0 out}",
               "error: [API Error: {\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Gemini 2.5 P…",
               "rate_limit: [API Error: {\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Gemini "
               "2.5 P…",
           }
        << qint64(0) << qint64(0) << true << quota << QString();

    QTest::newRow("error") << "gemini-0.21-error.jsonl" << 1
                           << QStringList {
                                  "notice: session 5d0a61b2-c3e4-4f58-9a7b-e1f2a3b4c5d6 started, model gemini-2.5-flash",
                                  "message: Looking at the build files.",
                                  "tool_call [list_directory]: dir_path: /work/ws",
                                  "tool_result [list_directory]: Listed 4 item(s).",
                                  "usage {8870 in, 250 out}",
                                  "error: Model stream ended with an invalid chunk or missing finish reason.",
                              }
                           << qint64(8870) << qint64(250) << false
                           << "Model stream ended with an invalid chunk or missing finish reason."
                           << "Looking at the build files.";
}

void TestGeminiAdapter::fixtures() { QVERIFY(replayFixtureRow(QStringLiteral("gemini"))); }

void TestGeminiAdapter::replayedResultChangesNothing()
{
    QByteArray data = fixture(QStringLiteral("gemini-0.21-success.jsonl"));
    const QByteArray last = data.trimmed().split('\n').last();
    QVERIFY(last.contains("\"type\":\"result\""));
    data += last + '\n';
    const Replay r = replay(QStringLiteral("gemini"), data, 0);
    QCOMPARE(r.outcome.usage, (Usage { 33650, 2330, std::nullopt }));
}

void TestGeminiAdapter::warningBeforeSuccessIsNotRateLimited()
{
    // Gemini retried past a 429 (or fell back to another model) and finished.
    QByteArray data = fixture(QStringLiteral("gemini-0.21-ratelimit.jsonl"));
    data.truncate(data.indexOf("{\"type\":\"result\""));
    data += "{\"type\":\"result\",\"status\":\"success\",\"stats\":{\"total_tokens\":120,\"input_tokens\":100,"
            "\"output_tokens\":20}}\n";
    const Replay r = replay(QStringLiteral("gemini"), data, 0);
    QVERIFY(!r.outcome.rateLimited);
    QVERIFY(r.outcome.error.isEmpty());
    QCOMPARE(r.outcome.usage, (Usage { 100, 20, std::nullopt }));
}

QTEST_GUILESS_MAIN(TestGeminiAdapter)
#include "tst_geminiadapter.moc"
