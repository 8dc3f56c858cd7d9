#include "adaptertestutil.h"

#include <QElapsedTimer>

using namespace Autopack::Agent;
using namespace Autopack::Agent::Test;

// What every adapter shares: the registry, the launch contract, bounded lines, and
// linear time on a large stream.
class TestAgentAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registry();
    void launchContract_data();
    void launchContract();
    void overlongLineIsDropped_data();
    void overlongLineIsDropped();
    void largeStreamIsLinear_data();
    void largeStreamIsLinear();
    void largeStreamByteByByte();
};

namespace {

void addAdapterRows()
{
    QTest::addColumn<QString>("adapter");
    QTest::addColumn<QString>("fixture");
    QTest::newRow("claude") << "claude"
                            << "claude-2.1-success.jsonl";
    QTest::newRow("codex") << "codex"
                           << "codex-0.46-success.jsonl";
    QTest::newRow("gemini") << "gemini"
                            << "gemini-0.21-success.jsonl";
    QTest::newRow("opencode") << "opencode"
                              << "opencode-1.18-success.jsonl";
    QTest::newRow("aider") << "aider"
                           << "aider-0.86-success.txt";
    QTest::newRow("command") << "command"
                             << "command-v1-builder.txt";
}

} // namespace

void TestAgentAdapter::registry()
{
    QCOMPARE(AgentAdapter::names(), (QStringList { "claude", "codex", "gemini", "opencode", "aider", "command" }));
    for (const QString &name : AgentAdapter::names()) {
        const auto adapter = AgentAdapter::create(name);
        QVERIFY(adapter);
        QCOMPARE(adapter->name(), name);
        QCOMPARE(adapter->defaultCommand().isEmpty(), name == QLatin1String("command"));
    }
    QVERIFY(!AgentAdapter::create(QStringLiteral("cursor")));
    QVERIFY(!AgentAdapter::create(QString()));
}

void TestAgentAdapter::launchContract_data() { addAdapterRows(); }

void TestAgentAdapter::launchContract()
{
    QFETCH(QString, adapter);
    const auto a = AgentAdapter::create(adapter);
    LaunchContext context;
    context.promptFile = QStringLiteral("/tmp/x/prompt.md");
    context.resultFile = QStringLiteral("/tmp/x/result.json");
    context.promptText = "prompt";
    context.commandOverride = { QStringLiteral("/opt/bin/wrapper"), QStringLiteral("--through") };
    const auto spec = a->launch(context);
    QVERIFY(spec);
    QCOMPARE(spec->program, QStringLiteral("/opt/bin/wrapper"));
    QCOMPARE(spec->arguments.first(), QStringLiteral("--through"));
    // The adapter's own arguments follow, so it still reads the format it asked for.
    QCOMPARE(spec->arguments.mid(1, a->defaultCommand().size() - 1), a->defaultCommand().mid(1));
    QCOMPARE(spec->environment.value(QStringLiteral("AUTOPACK_PROMPT_FILE")), context.promptFile);
    QCOMPARE(spec->environment.value(QStringLiteral("AUTOPACK_RESULT_FILE")), context.resultFile);
    QVERIFY(!a->launch(LaunchContext { .commandOverride = { QString() } }));
}

void TestAgentAdapter::overlongLineIsDropped_data() { addAdapterRows(); }

void TestAgentAdapter::overlongLineIsDropped()
{
    QFETCH(QString, adapter);
    QFETCH(QString, fixture);
    const QByteArray data = Test::fixture(fixture);
    const Replay plain = replay(adapter, data, 0);

    QByteArray withHuge = QByteArray(9 * 1024 * 1024, 'x') + '\n' + data;
    const Replay r = replay(adapter, withHuge, 256 * 1024);
    QVERIFY(!r.events.isEmpty());
    QCOMPARE(r.events.first().kind, AgentEvent::Kind::Notice);
    QCOMPARE(r.events.first().text,
        QStringLiteral("dropped a %1 output line of %2 bytes (over the 8 MiB line limit)")
            .arg(adapter)
            .arg(9 * 1024 * 1024));
    QCOMPARE(describe(r.events.mid(1)), describe(plain.events));
    QCOMPARE(r.outcome.usage, plain.outcome.usage);
}

void TestAgentAdapter::largeStreamIsLinear_data() { addAdapterRows(); }

void TestAgentAdapter::largeStreamIsLinear()
{
    // 50 MB: the success session over and over, in 4 KiB chunks, events taken as the
    // runner takes them. Quadratic work would take minutes; linear takes seconds.
    QFETCH(QString, adapter);
    QFETCH(QString, fixture);
    const QByteArray session = Test::fixture(fixture);
    const QByteArray data = session.repeated(50 * 1000 * 1000 / session.size() + 1);
    QVERIFY(data.size() >= 50 * 1000 * 1000);

    const auto a = AgentAdapter::create(adapter);
    const qsizetype perSession = replay(adapter, session, 0).events.size();
    QElapsedTimer timer;
    timer.start();
    qsizetype events = 0;
    for (qsizetype pos = 0; pos < data.size(); pos += 4096) {
        a->feedStdout(data.mid(pos, 4096));
        events += a->takeEvents().size();
    }
    a->finish(0, {}, {});
    events += a->takeEvents().size();
    const qint64 ms = timer.elapsed();
    qInfo("%s: %lld MB in %lld ms", qPrintable(adapter), qint64(data.size() / 1000000), ms);
    QVERIFY(events >= perSession); // it did read the stream
    QVERIFY2(ms < 120 * 1000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
}

void TestAgentAdapter::largeStreamByteByByte()
{
    // A 50 MB line without a newline, one byte per chunk: dropped without being held.
    const auto a = AgentAdapter::create(QStringLiteral("claude"));
    const QByteArray byte("x");
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < 50 * 1000 * 1000; ++i)
        a->feedStdout(byte);
    a->finish(0, {}, {});
    const QList<AgentEvent> events = a->takeEvents();
    QCOMPARE(events.size(), 1);
    QVERIFY(events.first().text.contains(QStringLiteral("of 50000000 bytes")));
    QVERIFY2(timer.elapsed() < 120 * 1000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestAgentAdapter)
#include "tst_agentadapter.moc"
