#include "agentprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#include <signal.h>
#include <time.h>

using namespace Autopack::Agent;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A pid counts as gone when it no longer exists or is a zombie waiting for its reaper
// (this container's init does not reap orphans).
bool processGone(qint64 pid)
{
    if (::kill(pid_t(pid), 0) == -1 && errno == ESRCH)
        return true;
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.isEmpty())
        return true;
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && stat.mid(close + 2, 1) == "Z";
}

double cpuSeconds()
{
    timespec ts {};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Captured {
    QByteArray stdoutData;
    qint64 chunks = 0;
    qint64 bytes = 0;
    qint64 largestChunk = 0;
};

} // namespace

class TestAgentProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();

    void exitCodes_data();
    void exitCodes();
    void stdinDataIsDeliveredAndClosed();
    void stdinClosedWhenNone();
    void largeStdinWhileReadingOutput();
    void environmentAllowList();
    void stallTimeout();
    void outputOnEitherStreamIsActivity();
    void stdoutClosedEarlyDoesNotSpin();
    void wallTimeout();
    void stopFlagEndsAnAgentThatIgnoresTerm();
    void tickFalseStops();
    void grandchildIsKilled();
    void grandchildIgnoringTermIsKilled();
    void fiftyMegabytesStreamThrough();
    void missingProgram();
    void missingWorkingDirectory();
    void crashIsReported();
    void stderrTailIsBounded();
    void describeIsOneLine();

private:
    QString script(const QString &name, const QByteArray &body);
    LaunchSpec specFor(const QString &scriptPath) const;
    ProcessOptions options() const;
    AgentExit runCapturing(const LaunchSpec &spec, const ProcessOptions &options, Captured *captured);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAgentProcess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestAgentProcess::script(const QString &name, const QByteArray &body)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write("#!/bin/bash\n" + body + '\n');
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

LaunchSpec TestAgentProcess::specFor(const QString &scriptPath) const
{
    LaunchSpec spec;
    spec.program = scriptPath;
    return spec;
}

ProcessOptions TestAgentProcess::options() const
{
    ProcessOptions o;
    o.workingDirectory = m_dir->path();
    o.tickMs = 50;
    return o;
}

AgentExit TestAgentProcess::runCapturing(const LaunchSpec &spec, const ProcessOptions &options, Captured *captured)
{
    return AgentProcess::run(spec, options, [captured](const QByteArray &chunk) {
        captured->stdoutData += chunk;
        ++captured->chunks;
        captured->bytes += chunk.size();
        captured->largestChunk = std::max<qint64>(captured->largestChunk, chunk.size());
    });
}

void TestAgentProcess::exitCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::newRow("0") << 0;
    QTest::newRow("3") << 3;
    QTest::newRow("255") << 255;
}

void TestAgentProcess::exitCodes()
{
    QFETCH(int, code);
    Captured out;
    const AgentExit exit = runCapturing(
        specFor(script("exit.sh", "echo \"in $(pwd)\"\nexit " + QByteArray::number(code))), options(), &out);
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.exitCode, code);
    QCOMPARE(exit.signalNumber, 0);
    QCOMPARE(exit.detail, QStringLiteral("exited with code %1").arg(code));
    // It ran in the working directory.
    QCOMPARE(out.stdoutData, "in " + QDir(m_dir->path()).canonicalPath().toUtf8() + '\n');
    QCOMPARE(exit.stdoutBytes, out.bytes);
}

void TestAgentProcess::stdinDataIsDeliveredAndClosed()
{
    LaunchSpec spec;
    spec.program = QStringLiteral("cat"); // from PATH; ends only when stdin is closed
    spec.stdinData = QByteArray("the prompt\nsecond line\n");
    ProcessOptions o = options();
    o.wallTimeoutMs = 10'000;
    Captured out;
    const AgentExit exit = runCapturing(spec, o, &out);
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.exitCode, 0);
    QCOMPARE(out.stdoutData, QByteArray("the prompt\nsecond line\n"));
    QVERIFY(exit.elapsedMs < 5000);
}

void TestAgentProcess::stdinClosedWhenNone()
{
    // read fails at once on a closed stdin; a stdin left open would hang until the wall timeout.
    ProcessOptions o = options();
    o.wallTimeoutMs = 5000;
    Captured out;
    const AgentExit exit = runCapturing(
        specFor(script("stdin.sh", "if read -r line; then echo \"got $line\"; else echo eof; fi")), o, &out);
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(out.stdoutData, QByteArray("eof\n"));

    LaunchSpec cat;
    cat.program = QStringLiteral("cat");
    const AgentExit catExit = runCapturing(cat, o, &out);
    QCOMPARE(catExit.reason, AgentExit::Reason::Exited);
    QCOMPARE(catExit.stdoutBytes, 0);
}

void TestAgentProcess::largeStdinWhileReadingOutput()
{
    // More than either pipe holds in both directions: stdin must be fed while stdout is read.
    QByteArray input;
    for (int i = 0; input.size() < 4 * 1024 * 1024; ++i)
        input += "line " + QByteArray::number(i) + '\n';
    LaunchSpec spec;
    spec.program = QStringLiteral("cat");
    spec.stdinData = input;
    ProcessOptions o = options();
    o.wallTimeoutMs = 20'000;
    Captured out;
    const AgentExit exit = runCapturing(spec, o, &out);
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(out.stdoutData.size(), input.size());
    QVERIFY(out.stdoutData == input);
}

void TestAgentProcess::environmentAllowList()
{
    const QByteArray randomName = "AUTOPACK_TEST_RANDOM_" + QByteArray::number(QRandomGenerator::global()->generate());
    qputenv("AUTOPACK_TOKEN", "secret-token");
    qputenv(randomName, "should-not-pass");
    qputenv("AUTOPACK_TEST_EXTRA", "extra-ok");
    qputenv("LC_TESTVALUE", "prefix-ok");
    qputenv("NO_COLOR", "0");
    LaunchSpec spec = specFor(script("env.sh", "env"));
    spec.environment.insert(QStringLiteral("AUTOPACK_PROMPT_FILE"), QStringLiteral("/tmp/prompt.md"));
    spec.environment.insert(QStringLiteral("AUTOPACK_TOKEN"), QStringLiteral("from-spec"));
    ProcessOptions o = options();
    o.extraAllowedVariables << QStringLiteral("AUTOPACK_TEST_EXTRA");
    Captured out;
    const AgentExit exit = runCapturing(spec, o, &out);
    qunsetenv("AUTOPACK_TOKEN");
    qunsetenv(randomName);
    qunsetenv("AUTOPACK_TEST_EXTRA");
    qunsetenv("LC_TESTVALUE");
    qunsetenv("NO_COLOR");
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);

    QHash<QByteArray, QByteArray> env;
    for (const QByteArray &line : out.stdoutData.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            env.insert(line.left(eq), line.mid(eq + 1));
    }
    QVERIFY(!env.contains("AUTOPACK_TOKEN"));
    QVERIFY(!env.contains(randomName));
    QCOMPARE(env.value("PATH"), qgetenv("PATH"));
    QVERIFY(!qgetenv("HOME").isEmpty());
    QCOMPARE(env.value("HOME"), qgetenv("HOME"));
    QCOMPARE(env.value("NO_COLOR"), QByteArray("1"));
    QCOMPARE(env.value("TERM"), QByteArray("dumb"));
    QCOMPARE(env.value("AUTOPACK_PROMPT_FILE"), QByteArray("/tmp/prompt.md"));
    QCOMPARE(env.value("AUTOPACK_TEST_EXTRA"), QByteArray("extra-ok"));
    QCOMPARE(env.value("LC_TESTVALUE"), QByteArray("prefix-ok"));
    // Only what was allowed or given: ctest's own variables (QT_QPA_PLATFORM...) stay out.
    const QStringList allowList = AgentProcess::allowedVariables();
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        const QString name = QString::fromLatin1(it.key());
        const bool allowed = std::any_of(allowList.cbegin(), allowList.cend(),
            [&name](const QString &p) { return p.endsWith(u'*') ? name.startsWith(p.chopped(1)) : name == p; });
        // bash itself adds PWD, SHLVL and _ to what it passes on.
        const bool fromBash
            = name == QLatin1String("PWD") || name == QLatin1String("SHLVL") || name == QLatin1String("_");
        QVERIFY2(allowed || fromBash || name == QLatin1String("NO_COLOR")
                || name == QLatin1String("AUTOPACK_PROMPT_FILE") || name == QLatin1String("AUTOPACK_TEST_EXTRA"),
            qPrintable(name));
    }
}

void TestAgentProcess::stallTimeout()
{
    ProcessOptions o = options();
    o.stallTimeoutMs = 700;
    o.killGraceMs = 500;
    Captured out;
    const QString pidFile = m_dir->filePath("pid");
    const AgentExit exit = runCapturing(
        specFor(script("stall.sh", "echo $$ > " + pidFile.toUtf8() + "\necho started\nsleep 100")), o, &out);
    QCOMPARE(exit.reason, AgentExit::Reason::Stalled);
    QCOMPARE(exit.detail, QStringLiteral("no output for 0.7 s"));
    QCOMPARE(out.stdoutData, QByteArray("started\n"));
    QVERIFY2(exit.elapsedMs >= 700 && exit.elapsedMs < 4000, qPrintable(QString::number(exit.elapsedMs)));
    QVERIFY(processGone(readFile(pidFile).trimmed().toLongLong()));
}

void TestAgentProcess::outputOnEitherStreamIsActivity()
{
    ProcessOptions o = options();
    o.stallTimeoutMs = 800;
    for (const QByteArray &redirect : { QByteArray(), QByteArray(" >&2") }) {
        Captured out;
        const AgentExit exit = runCapturing(
            specFor(script("busy.sh", "for i in $(seq 8); do echo tick" + redirect + "; sleep 0.25; done\nexit 0")), o,
            &out);
        QCOMPARE(exit.reason, AgentExit::Reason::Exited); // 2 s in all, never 0.8 s silent
        QVERIFY(exit.elapsedMs >= 1800);
    }
}

void TestAgentProcess::stdoutClosedEarlyDoesNotSpin()
{
    // An agent that closes its stdout early: the run must still sleep between ticks rather
    // than spin on the closed pipe, and still see the stall.
    ProcessOptions o = options();
    o.stallTimeoutMs = 1500;
    o.killGraceMs = 300;
    const double cpuBefore = cpuSeconds();
    const AgentExit exit = AgentProcess::run(specFor(script("closed.sh", "exec >&-\nsleep 100")), o, {});
    const double cpu = cpuSeconds() - cpuBefore;
    QCOMPARE(exit.reason, AgentExit::Reason::Stalled);
    QVERIFY(exit.elapsedMs >= 1500);
    QVERIFY2(cpu < 0.3, qPrintable(QString::number(cpu))); // a spinning loop burns the whole 1.5 s
}

void TestAgentProcess::wallTimeout()
{
    ProcessOptions o = options();
    o.wallTimeoutMs = 800;
    o.killGraceMs = 500;
    Captured out;
    const AgentExit exit
        = runCapturing(specFor(script("wall.sh", "while true; do echo busy; sleep 0.1; done")), o, &out);
    QCOMPARE(exit.reason, AgentExit::Reason::WallTimeout);
    QCOMPARE(exit.detail, QStringLiteral("ran past its wall timeout of 0.8 s"));
    QVERIFY(out.stdoutData.startsWith("busy\n"));
    QVERIFY2(exit.elapsedMs >= 800 && exit.elapsedMs < 3000, qPrintable(QString::number(exit.elapsedMs)));
}

void TestAgentProcess::stopFlagEndsAnAgentThatIgnoresTerm()
{
    const QString pidFile = m_dir->filePath("pid");
    const LaunchSpec spec
        = specFor(script("stubborn.sh", "trap '' TERM\necho $$ > " + pidFile.toUtf8() + "\necho ready\nsleep 100"));
    ProcessOptions o = options();
    o.tickMs = 250; // the defaults, as the runner uses them
    o.killGraceMs = 2000;
    std::atomic_bool stop = false;
    std::atomic_bool ready = false;
    AgentExit exit;
    // On a worker thread without an event loop, as the runner calls it.
    std::unique_ptr<QThread> worker(QThread::create([&] {
        exit = AgentProcess::run(
            spec, o, [&ready](const QByteArray &) { ready = true; }, {}, &stop);
    }));
    worker->start();
    QTRY_VERIFY_WITH_TIMEOUT(ready, 5000);
    QElapsedTimer sinceStop;
    sinceStop.start();
    stop = true;
    QVERIFY(worker->wait(5000));
    QVERIFY2(sinceStop.elapsed() < 3000, qPrintable(QString::number(sinceStop.elapsed())));
    QVERIFY(sinceStop.elapsed() >= 1900); // it did wait out the grace time for SIGTERM
    QCOMPARE(exit.reason, AgentExit::Reason::Stopped);
    QCOMPARE(exit.detail, QStringLiteral("stopped on request"));
    QVERIFY(processGone(readFile(pidFile).trimmed().toLongLong()));
}

void TestAgentProcess::tickFalseStops()
{
    const QString pidFile = m_dir->filePath("pid");
    ProcessOptions o = options();
    o.tickMs = 100;
    o.killGraceMs = 2000;
    int ticks = 0;
    QElapsedTimer sinceFalse;
    const AgentExit exit
        = AgentProcess::run(specFor(script("ticks.sh", "trap '' TERM\necho $$ > " + pidFile.toUtf8() + "\nsleep 100")),
            o, {}, [&ticks, &sinceFalse] {
                if (++ticks < 5)
                    return true;
                sinceFalse.start();
                return false;
            });
    QCOMPARE(exit.reason, AgentExit::Reason::Stopped);
    QCOMPARE(exit.detail, QStringLiteral("stopped by the runner"));
    QCOMPARE(ticks, 5);
    QVERIFY(sinceFalse.isValid());
    QVERIFY2(sinceFalse.elapsed() < 3000, qPrintable(QString::number(sinceFalse.elapsed())));
    QVERIFY(exit.elapsedMs >= 450);
    QVERIFY(processGone(readFile(pidFile).trimmed().toLongLong()));
}

void TestAgentProcess::grandchildIsKilled()
{
    const QString pidFile = m_dir->filePath("grandchild");
    const AgentExit exit = AgentProcess::run(
        specFor(script("background.sh", "sleep 1000 &\necho $! > " + pidFile.toUtf8() + "\nexit 0")), options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.exitCode, 0);
    const qint64 pid = readFile(pidFile).trimmed().toLongLong();
    QVERIFY(pid > 1);
    QVERIFY(processGone(pid));
    QVERIFY(exit.elapsedMs < 1500); // SIGTERM was enough: no wait for the grace time
}

void TestAgentProcess::grandchildIgnoringTermIsKilled()
{
    const QString pidFile = m_dir->filePath("grandchild");
    ProcessOptions o = options();
    o.killGraceMs = 600;
    const AgentExit exit = AgentProcess::run(specFor(script("stubborn-background.sh",
                                                 "(trap '' TERM; exec sleep 1000) </dev/null >/dev/null 2>&1 &\n"
                                                 "echo $! > "
                                                     + pidFile.toUtf8() + "\nsleep 0.2\nexit 7")),
        o, {});
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.exitCode, 7);
    const qint64 pid = readFile(pidFile).trimmed().toLongLong();
    QVERIFY(pid > 1);
    QVERIFY(processGone(pid));
    QVERIFY2(exit.elapsedMs >= 750 && exit.elapsedMs < 2500, qPrintable(QString::number(exit.elapsedMs)));
}

void TestAgentProcess::fiftyMegabytesStreamThrough()
{
    constexpr qint64 Size = 50 * 1024 * 1024;
    qint64 bytes = 0;
    qint64 chunks = 0;
    qint64 largest = 0;
    bool allZero = true;
    ProcessOptions o = options();
    o.wallTimeoutMs = 60'000;
    const AgentExit exit = AgentProcess::run(
        specFor(script("big.sh", "head -c " + QByteArray::number(Size) + " /dev/zero\necho done >&2")), o,
        [&](const QByteArray &chunk) {
            bytes += chunk.size();
            ++chunks;
            largest = std::max<qint64>(largest, chunk.size());
            allZero = allZero && chunk.count('\0') == chunk.size();
        });
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.stdoutBytes, Size);
    QCOMPARE(bytes, Size);
    QVERIFY(allZero);
    // Streamed in pipe-sized pieces, never gathered.
    QVERIFY2(largest <= 1024 * 1024, qPrintable(QString::number(largest)));
    QVERIFY(chunks >= Size / (1024 * 1024));
    QCOMPARE(exit.stderrTail, QByteArray("done\n"));
}

void TestAgentProcess::missingProgram()
{
    LaunchSpec spec;
    spec.program = QStringLiteral("autopack-no-such-agent-cli");
    AgentExit exit = AgentProcess::run(spec, options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::FailedToStart);
    QVERIFY2(exit.detail.startsWith(QStringLiteral("could not start autopack-no-such-agent-cli: program not found in "
                                                   "PATH")),
        qPrintable(exit.detail));

    spec.program = m_dir->filePath("missing/agent");
    exit = AgentProcess::run(spec, options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::FailedToStart);
    QVERIFY2(exit.detail.startsWith(QStringLiteral("could not start %1: ").arg(spec.program)), qPrintable(exit.detail));

    // Not executable.
    spec.program = script("noexec.sh", "exit 0");
    QFile::setPermissions(spec.program, QFile::ReadOwner | QFile::WriteOwner);
    exit = AgentProcess::run(spec, options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::FailedToStart);
    QVERIFY2(exit.detail.startsWith(QStringLiteral("could not start %1: ").arg(spec.program)), qPrintable(exit.detail));
    QVERIFY(AgentProcess::describe(exit).startsWith(exit.detail));
}

void TestAgentProcess::missingWorkingDirectory()
{
    ProcessOptions o = options();
    o.workingDirectory = m_dir->filePath("nowhere");
    const AgentExit exit = AgentProcess::run(specFor(script("ok.sh", "exit 0")), o, {});
    QCOMPARE(exit.reason, AgentExit::Reason::FailedToStart);
    QVERIFY2(exit.detail.contains(o.workingDirectory), qPrintable(exit.detail));
}

void TestAgentProcess::crashIsReported()
{
    const AgentExit exit = AgentProcess::run(
        specFor(script("crash.sh", "ulimit -c 0\necho about to crash >&2\nkill -SEGV $$")), options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::Crashed);
    QCOMPARE(exit.signalNumber, SIGSEGV);
    QCOMPARE(exit.exitCode, -1);
    QCOMPARE(exit.detail, QStringLiteral("killed by signal %1 (SIGSEGV)").arg(SIGSEGV));
    QCOMPARE(exit.stderrTail, QByteArray("about to crash\n"));
}

void TestAgentProcess::stderrTailIsBounded()
{
    // 100 KiB of numbered stderr lines, then a last one: only the last 64 KiB are kept.
    const AgentExit exit = AgentProcess::run(
        specFor(script("stderr.sh", "for i in $(seq 10000); do printf '%09d\\n' $i; done >&2\necho LAST >&2")),
        options(), {});
    QCOMPARE(exit.reason, AgentExit::Reason::Exited);
    QCOMPARE(exit.stderrTail.size(), 64 * 1024);
    QVERIFY(exit.stderrTail.endsWith("000010000\nLAST\n"));
    QCOMPARE(exit.stdoutBytes, 0);
}

void TestAgentProcess::describeIsOneLine()
{
    const AgentExit exit
        = AgentProcess::run(specFor(script("fail.sh",
                                "echo some output\necho 'first problem' >&2\necho 'Error: invalid API key' >&2\n"
                                "echo >&2\nexit 2")),
            options(), {});
    const QString text = AgentProcess::describe(exit);
    QVERIFY(!text.contains(u'\n'));
    QVERIFY2(text.startsWith(QStringLiteral("exited with code 2 after ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(", 12 bytes of output")), qPrintable(text));
    QVERIFY2(text.endsWith(QStringLiteral("; stderr: Error: invalid API key")), qPrintable(text));

    AgentExit stalled;
    stalled.reason = AgentExit::Reason::Stalled;
    stalled.detail = QStringLiteral("no output for 30 s");
    stalled.elapsedMs = 45'500;
    QCOMPARE(AgentProcess::describe(stalled), QStringLiteral("no output for 30 s after 45.5 s, 0 bytes of output"));
}

QTEST_GUILESS_MAIN(TestAgentProcess)
#include "tst_agentprocess.moc"
