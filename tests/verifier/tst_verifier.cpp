#include "cirecorder.h"
#include "testrepo.h"
#include "verifier.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Autopack::Ci;

// QCOMPARE of these enums compares their wire names, which also makes failures readable.

namespace {

CiConfig config(const QByteArray &json)
{
    auto cfg = CiConfig::fromJson(json);
    if (!cfg)
        qFatal("bad test config: %s", qPrintable(cfg.error().toString()));
    return *cfg;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A pid counts as gone when it no longer exists or is a zombie waiting for its reaper.
bool processGone(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.isEmpty())
        return true;
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && stat.mid(close + 2, 1) == "Z";
}

} // namespace

class TestVerifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void green();
    void red();
    void flakyFailThenPass();
    void timeoutKillsProcessGroup();
    void leftoverProcessesAreKilled();
    void missingCommandIsEnvironmentFailure();
    void badCandidateIsEnvironmentFailure();
    void customCheckoutFailureIsEnvironmentFailure();
    void unusableWorkDirIsEnvironmentFailure();
    void hugeOutputKeepsHeadAndTail();
    void commandSeesCandidateNotWorkingTree();
    void concurrencyLimit_data();
    void concurrencyLimit();
    void noCommandPassesWithNotice();
    void environmentIsAllowListed();
    void programIsLookedUpInCommandsPath();
    void cancelRunningKillsAndCleans();
    void cancelQueued();
    void strictProfileRunsStrictCommands();

private:
    CiRequest request(const QByteArray &configJson, const QString &commit = QString(), qint64 project = 1);
    CiResult runOne(const CiRequest &req, int timeoutMs = 30000);
    bool workDirEmpty() const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_repo;
    QString m_workDir;
    QString m_head; // sha of the repository's HEAD commit
    MemoryCiRecorder m_recorder;
    std::unique_ptr<Verifier> m_verifier;
    QList<CiResult> m_results;
    QList<QPair<RequestId, int>> m_counted;
};

void TestVerifier::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_repo = m_tmp->filePath(QStringLiteral("repo"));
    m_workDir = m_tmp->filePath(QStringLiteral("work"));
    QString error;
    m_head = TestRepo::commit(m_repo,
        { { "ci.sh", "echo running ci in \"$(pwd)\"\necho all good\nexit 0\n" },
            { "red.sh", "echo boom: assertion failed >&2\nexit 3\n" }, { "file.txt", "committed content\n" } },
        QString(), true, &error);
    QVERIFY2(!m_head.isEmpty(), qPrintable(error));
    m_recorder = MemoryCiRecorder();
    m_results.clear();
    m_counted.clear();
    Verifier::Options opts;
    opts.workDir = m_workDir;
    m_verifier = std::make_unique<Verifier>(&m_recorder, opts); // the git layer's scratch checkout
    connect(m_verifier.get(), &Verifier::finished, this, [this](const CiResult &r) { m_results.append(r); });
    connect(m_verifier.get(), &Verifier::attemptCounted, this, [this](const CiRequest &r, int attempt) {
        m_counted.append({ r.id, attempt });
    });
}

void TestVerifier::cleanup()
{
    m_verifier.reset();
    m_tmp.reset();
}

CiRequest TestVerifier::request(const QByteArray &configJson, const QString &commit, qint64 project)
{
    CiRequest r;
    r.projectId = project;
    r.repoPath = m_repo;
    r.runId = QStringLiteral("run-1");
    r.tierId = QStringLiteral("t1");
    r.phaseId = QStringLiteral("p1");
    r.candidateCommit = commit.isEmpty() ? m_head : commit;
    r.config = config(configJson);
    return r;
}

CiResult TestVerifier::runOne(const CiRequest &req, int timeoutMs)
{
    const RequestId id = m_verifier->enqueue(req);
    const qsizetype before = m_results.size();
    QElapsedTimer t;
    t.start();
    while (m_results.size() == before && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (m_results.size() == before)
        return CiResult {};
    const CiResult r = m_results.last();
    if (r.requestId != id)
        qWarning("finished() for another request");
    return r;
}

bool TestVerifier::workDirEmpty() const
{
    return QDir(m_workDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty();
}

void TestVerifier::green()
{
    const CiResult r = runOne(request(R"({"normal": [["sh", "ci.sh"]]})"));
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    QVERIFY(!r.flaky);
    QVERIFY(r.issues.isEmpty());
    QCOMPARE(r.attempts.size(), 1);
    const CiAttempt &a = r.attempts.first();
    QCOMPARE(toString(a.outcome), toString(AttemptOutcome::Passed));
    QCOMPARE(a.exitCode, 0);
    QVERIFY(a.output.startsWith("$ sh ci.sh\n"));
    QVERIFY2(a.output.contains("all good\n"), a.output.constData());
    // It ran in a scratch directory under the work dir, not in the repository.
    QVERIFY2(a.output.contains(("running ci in " + m_workDir + "/ci-").toUtf8()), a.output.constData());
    QVERIFY(a.durationMs >= 0);
    QVERIFY(a.startedAt.isValid());

    const auto &e = m_recorder.entry(r.requestId);
    QCOMPARE(e.streamed.value(1), a.output); // streamed chunks add up to the stored output
    QCOMPARE(e.calls, (QList<QString> { "started 1", "output 1", "finished 1", "run green" }));
    QCOMPARE(m_counted, (QList<QPair<RequestId, int>> { { r.requestId, 1 } }));
    QTRY_VERIFY(workDirEmpty()); // scratch removed
}

void TestVerifier::red()
{
    const CiResult r = runOne(request(R"({"normal": [["sh", "ci.sh"], ["sh", "red.sh"], ["sh", "ci.sh"]],
                                          "attempts": 2, "backoff_seconds": 0.05})"));
    QCOMPARE(toString(r.verdict), toString(Verdict::Red));
    QCOMPARE(r.attempts.size(), 2);
    for (const CiAttempt &a : r.attempts) {
        QCOMPARE(toString(a.outcome), toString(AttemptOutcome::Failed));
        QCOMPARE(a.exitCode, 3);
        QCOMPARE(a.command, QStringLiteral("sh red.sh"));
        QVERIFY(a.message.contains(QStringLiteral("exited with code 3")));
        QVERIFY(a.output.contains("boom: assertion failed")); // stderr merged
        QCOMPARE(a.output.count("$ sh ci.sh"), 1); // the commands after the failure did not run
    }
    QCOMPARE(r.issues.size(), 1);
    const CiIssue &issue = r.issues.first();
    QCOMPARE(toString(issue.kind), toString(IssueKind::Ci));
    QCOMPARE(issue.severity, QStringLiteral("major"));
    QCOMPARE(issue.issueKey, QStringLiteral("ci:sh red.sh"));
    QVERIFY(issue.evidence.contains(QStringLiteral("boom: assertion failed")));
    QCOMPARE(m_recorder.entry(r.requestId).issues.size(), 1);
    QCOMPARE(m_counted.size(), 2);
    QTRY_VERIFY(workDirEmpty());
}

void TestVerifier::flakyFailThenPass()
{
    // Fails on its first run, passes afterwards: the marker lives outside the scratch
    // directory, so it survives from one attempt to the next.
    const QString marker = m_tmp->filePath(QStringLiteral("flaky-marker"));
    const QByteArray json
        = QStringLiteral(R"({"normal": [{"shell": "if [ -e '%1' ]; then echo second run passes; )"
                         R"(exit 0; else : > '%1'; echo first run fails; exit 1; fi", "name": "flaky"}],
                                           "attempts": 3, "backoff_seconds": 0.05})")
              .arg(marker)
              .toUtf8();
    const CiResult r = runOne(request(json));
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    QVERIFY(r.flaky);
    QCOMPARE(r.attempts.size(), 2);
    QCOMPARE(toString(r.attempts.at(0).outcome), toString(AttemptOutcome::Failed));
    QCOMPARE(toString(r.attempts.at(1).outcome), toString(AttemptOutcome::Passed));
    QCOMPARE(r.issues.size(), 1);
    QCOMPARE(toString(r.issues.first().kind), toString(IssueKind::FlakyTest));
    QCOMPARE(r.issues.first().severity, QStringLiteral("minor"));
    QCOMPARE(r.issues.first().issueKey, QStringLiteral("flaky_test:flaky"));
    QVERIFY(r.issues.first().evidence.contains(QStringLiteral("first run fails")));
    QCOMPARE(m_recorder.entry(r.requestId).calls,
        (QList<QString> { "started 1", "output 1", "finished 1", "started 2", "output 2", "finished 2",
            "issue flaky_test", "run green" }));
    QCOMPARE(m_counted.size(), 2);
}

void TestVerifier::timeoutKillsProcessGroup()
{
    // The command forks two sleepers (and a grandchild through a subshell) and waits;
    // at the timeout every one of them must be gone, not only the shell.
    const QString pids = m_tmp->filePath(QStringLiteral("pids"));
    const QByteArray json = QStringLiteral(R"({"normal": [{"shell": "echo $$ > '%1'; sleep 300 & echo $! >> '%1'; )"
                                           R"((sleep 301 & echo $! >> '%1'; wait) & wait", "name": "hang"}],
                                           "timeout_seconds": 2, "attempts": 1})")
                                .arg(pids)
                                .toUtf8();
    QElapsedTimer t;
    t.start();
    const CiResult r = runOne(request(json));
    QVERIFY2(t.elapsed() < 15000, "the timeout did not end the command");
    QCOMPARE(toString(r.verdict), toString(Verdict::Red));
    QCOMPARE(r.attempts.size(), 1);
    QCOMPARE(toString(r.attempts.first().outcome), toString(AttemptOutcome::TimedOut));
    QVERIFY(r.attempts.first().message.contains(QStringLiteral("timeout of 2 s")));
    QVERIFY(r.attempts.first().output.contains("killing its process group"));

    const QList<QByteArray> lines = readFile(pids).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    for (const QByteArray &line : lines) {
        const qint64 pid = line.toLongLong();
        QVERIFY(pid > 1);
        QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), qPrintable(QStringLiteral("pid %1 still alive").arg(pid)), 5000);
    }
    QTRY_VERIFY(workDirEmpty());
}

void TestVerifier::leftoverProcessesAreKilled()
{
    // A command that exits at once but leaves a server running (holding the output
    // pipe): the step ends when the command does, and the leftover is killed.
    const QString pids = m_tmp->filePath(QStringLiteral("pids"));
    const QByteArray json = QStringLiteral(R"({"normal": [{"shell": "sleep 300 & echo $! > '%1'; echo started"}],
                                           "timeout_seconds": 60})")
                                .arg(pids)
                                .toUtf8();
    QElapsedTimer t;
    t.start();
    const CiResult r = runOne(request(json));
    QVERIFY2(t.elapsed() < 20000, "waited for the leftover process");
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    QVERIFY(r.attempts.first().output.contains("started\n"));
    const qint64 pid = readFile(pids).trimmed().toLongLong();
    QVERIFY(pid > 1);
    QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), "the leftover sleep is still alive", 5000);
}

void TestVerifier::missingCommandIsEnvironmentFailure()
{
    const CiResult r = runOne(request(R"({"normal": [["sh", "ci.sh"], ["no-such-program-autopack"]],
                                          "attempts": 2, "backoff_seconds": 0.01})"));
    QCOMPARE(toString(r.verdict), toString(Verdict::Environment));
    QCOMPARE(r.attempts.size(), 2);
    for (const CiAttempt &a : r.attempts) {
        QCOMPARE(toString(a.outcome), toString(AttemptOutcome::Environment));
        QVERIFY2(a.message.contains(QStringLiteral("cannot start 'no-such-program-autopack'")), qPrintable(a.message));
        QVERIFY(a.output.contains("all good")); // the first command did run
        QVERIFY(a.output.contains("[autopack] cannot start"));
    }
    QCOMPARE(r.issues.size(), 1);
    QCOMPARE(toString(r.issues.first().kind), toString(IssueKind::Environment));
    QCOMPARE(r.issues.first().issueKey, QStringLiteral("ci_environment:no-such-program-autopack"));
    QVERIFY(!r.message.contains(QStringLiteral("red")));
    QCOMPARE(m_counted.size(), 2); // environment attempts count too
    QTRY_VERIFY(workDirEmpty());
}

void TestVerifier::badCandidateIsEnvironmentFailure()
{
    const QString missing(40, QLatin1Char('e'));
    const CiResult r = runOne(request(R"({"normal": [["true"]], "attempts": 1})", missing));
    QCOMPARE(toString(r.verdict), toString(Verdict::Environment));
    QCOMPARE(r.attempts.size(), 1);
    QVERIFY2(r.attempts.first().message.contains(QStringLiteral("checkout of candidate ") + missing),
        qPrintable(r.attempts.first().message));
    QCOMPARE(r.issues.first().issueKey, QStringLiteral("ci_environment:checkout"));
    QTRY_VERIFY(workDirEmpty());
}

void TestVerifier::customCheckoutFailureIsEnvironmentFailure()
{
    QStringList calls;
    QMutex mutex;
    Verifier::Options opts;
    opts.workDir = m_workDir;
    Verifier v(
        [&](const QString &repo, const QString &commit, const QString &target) -> std::expected<void, QString> {
            QMutexLocker lock(&mutex); // called on a worker thread
            calls << repo << commit << target;
            return std::unexpected(QStringLiteral("object database is locked"));
        },
        nullptr, opts);
    QList<CiResult> results;
    connect(&v, &Verifier::finished, this, [&](const CiResult &r) { results << r; });
    v.enqueue(request(R"({"normal": [["true"]], "attempts": 1})"));
    QTRY_COMPARE(results.size(), 1);
    QCOMPARE(toString(results.first().verdict), toString(Verdict::Environment));
    QVERIFY2(results.first().attempts.first().message.endsWith(QStringLiteral("failed: object database is locked")),
        qPrintable(results.first().attempts.first().message));
    QMutexLocker lock(&mutex);
    QCOMPARE(calls.size(), 3);
    QCOMPARE(calls.at(0), m_repo);
    QCOMPARE(calls.at(1), m_head);
    QVERIFY(calls.at(2).startsWith(m_workDir + QStringLiteral("/ci-")));
    QVERIFY(calls.at(2).endsWith(QStringLiteral("/src")));
}

void TestVerifier::unusableWorkDirIsEnvironmentFailure()
{
    // The work directory's place is taken by a file.
    QFile blocker(m_tmp->filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Verifier::Options opts;
    opts.workDir = blocker.fileName() + QStringLiteral("/work");
    Verifier v(nullptr, opts);
    QList<CiResult> results;
    connect(&v, &Verifier::finished, this, [&](const CiResult &r) { results << r; });
    v.enqueue(request(R"({"normal": [["true"]], "attempts": 2, "backoff_seconds": 0.01})"));
    QTRY_COMPARE(results.size(), 1);
    QCOMPARE(toString(results.first().verdict), toString(Verdict::Environment));
    QCOMPARE(results.first().attempts.size(), 2);
    QVERIFY2(
        results.first().message.contains(QStringLiteral("cannot create the verifier work directory ") + opts.workDir),
        qPrintable(results.first().message));
}

void TestVerifier::hugeOutputKeepsHeadAndTail()
{
    // seq 1 1500000 prints about 10.9 MB.
    const CiResult r = runOne(request(R"({"normal": [["seq", "1", "1500000"]]})"));
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    const CiAttempt &a = r.attempts.first();
    qint64 total = QByteArray("$ seq 1 1500000\n").size();
    for (int i = 1; i <= 1500000; ++i)
        total += QByteArray::number(i).size() + 1;
    QCOMPARE(a.outputBytes, total);
    const qint64 limit = 2 * 1024 * 1024;
    QCOMPARE(a.cutBytes, total - 2 * limit);
    const QByteArray marker = "\n[... " + QByteArray::number(total - 2 * limit) + " bytes cut ...]\n";
    QCOMPARE(a.output.size(), 2 * limit + marker.size());
    QVERIFY(a.output.startsWith("$ seq 1 1500000\n1\n2\n3\n"));
    QCOMPARE(a.output.mid(limit, marker.size()), marker);
    QVERIFY(a.output.endsWith("\n1499999\n1500000\n"));
    QCOMPARE(m_recorder.entry(r.requestId).streamed.value(1), a.output);
}

void TestVerifier::commandSeesCandidateNotWorkingTree()
{
    // The candidate is a commit HEAD does not point at; the working tree is dirty.
    QString error;
    const QString candidate
        = TestRepo::commit(m_repo, { { "file.txt", "candidate content\n" } }, m_head, false, &error);
    QVERIFY2(!candidate.isEmpty(), qPrintable(error));
    {
        QFile f(m_repo + QStringLiteral("/file.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("dirty working tree\n");
        QFile u(m_repo + QStringLiteral("/untracked.txt"));
        QVERIFY(u.open(QIODevice::WriteOnly));
        u.write("untracked\n");
    }
    const CiResult r = runOne(request(R"({"normal": [["cat", "file.txt"], {"shell": "ls"}]})", candidate));
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    const QByteArray out = r.attempts.first().output;
    QVERIFY2(out.contains("candidate content"), out.constData());
    QVERIFY(!out.contains("dirty working tree"));
    QVERIFY(!out.contains("committed content"));
    QVERIFY(!out.contains("untracked.txt"));
    // The user's tree is as they left it.
    QCOMPARE(readFile(m_repo + QStringLiteral("/file.txt")), QByteArray("dirty working tree\n"));
    QVERIFY(QFile::exists(m_repo + QStringLiteral("/untracked.txt")));
}

void TestVerifier::concurrencyLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("requests");
    QTest::newRow("one at a time") << 1 << 2;
    QTest::newRow("two at a time") << 2 << 4;
}

void TestVerifier::concurrencyLimit()
{
    QFETCH(int, limit);
    QFETCH(int, requests);
    // Each CI run logs start and end times (ns) to a shared file outside the scratch;
    // the sleep is long enough that runs started together overlap even when their
    // checkouts take a while on a loaded machine.
    const QString log = m_tmp->filePath(QStringLiteral("times"));
    const QByteArray json = QStringLiteral(R"({"normal": [{"shell": "echo start $(date +%s%N) >> '%1'; sleep 1.5; )"
                                           R"(echo end $(date +%s%N) >> '%1'"}], "concurrency": %2})")
                                .arg(log)
                                .arg(limit)
                                .toUtf8();
    for (int i = 0; i < requests; ++i) {
        CiRequest r = request(json);
        r.phaseId = QStringLiteral("p%1").arg(i);
        m_verifier->enqueue(r);
    }
    QCOMPARE(m_verifier->queuedCount(1), requests);
    QTRY_COMPARE_WITH_TIMEOUT(m_results.size(), requests, 30000);
    for (const CiResult &r : std::as_const(m_results))
        QCOMPARE(toString(r.verdict), toString(Verdict::Green));

    QList<QPair<qint64, int>> events;
    for (const QByteArray &line : readFile(log).trimmed().split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        QCOMPARE(f.size(), 2);
        events.append({ f.at(1).toLongLong(), f.at(0) == "start" ? 1 : -1 });
    }
    QCOMPARE(events.size(), 2 * requests);
    std::sort(events.begin(), events.end()); // an end before a start at the same ns
    int running = 0, maxRunning = 0;
    for (const auto &e : events) {
        running += e.second;
        maxRunning = std::max(maxRunning, running);
    }
    QCOMPARE(maxRunning, limit); // never more than the limit, and the limit is used
    QCOMPARE(m_verifier->runningCount(1), 0);
}

void TestVerifier::noCommandPassesWithNotice()
{
    const CiResult r = runOne(request("{}"));
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    QVERIFY(r.attempts.isEmpty());
    QVERIFY(r.notice.contains(QStringLiteral("No CI command")));
    QVERIFY(m_counted.isEmpty());
    QCOMPARE(m_recorder.entry(r.requestId).calls, QList<QString> { "run green" });
    QCOMPARE(m_recorder.entry(r.requestId).result->notice, r.notice);
}

void TestVerifier::environmentIsAllowListed()
{
    qputenv("AUTOPACK_TEST_ALLOWED", "yes-allowed");
    qputenv("AUTOPACK_TEST_SECRET", "must-not-leak");
    const CiResult r = runOne(request(R"({"normal": [["env"]], "env_allow": ["AUTOPACK_TEST_ALLOWED"],
                                          "env": {"CI": "true"}})"));
    qunsetenv("AUTOPACK_TEST_ALLOWED");
    qunsetenv("AUTOPACK_TEST_SECRET");
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    const QByteArray out = r.attempts.first().output;
    QVERIFY(out.contains("AUTOPACK_TEST_ALLOWED=yes-allowed\n"));
    QVERIFY(out.contains("CI=true\n"));
    QVERIFY(!out.contains("must-not-leak"));
    QVERIFY(out.contains("PATH=/usr/local/bin:/usr/bin:/bin\n"));
    QVERIFY2(out.contains(("HOME=" + m_workDir + "/ci-").toUtf8()), out.constData());
}

void TestVerifier::programIsLookedUpInCommandsPath()
{
    // A program only in Autopack's own PATH is not found by a command with the
    // default PATH, and is once PATH is allowed through.
    const QString bin = m_tmp->filePath(QStringLiteral("bin"));
    QVERIFY(QDir().mkpath(bin));
    QFile tool(bin + QStringLiteral("/autopack-test-tool"));
    QVERIFY(tool.open(QIODevice::WriteOnly));
    tool.write("#!/bin/sh\necho tool ran\n");
    tool.close();
    QVERIFY(tool.setPermissions(tool.permissions() | QFile::ExeOwner));
    const QByteArray oldPath = qgetenv("PATH");
    qputenv("PATH", bin.toUtf8() + ':' + oldPath);

    const CiResult hidden = runOne(request(R"({"normal": [["autopack-test-tool"]], "attempts": 1})"));
    const CiResult allowed = runOne(request(R"({"normal": [["autopack-test-tool"]], "env_allow": ["PATH"]})"));
    qputenv("PATH", oldPath);

    QCOMPARE(toString(hidden.verdict), toString(Verdict::Environment));
    QVERIFY2(hidden.attempts.first().message.contains(QStringLiteral(
                 "program 'autopack-test-tool' is not in the command's PATH (/usr/local/bin:/usr/bin:/bin)")),
        qPrintable(hidden.attempts.first().message));
    QCOMPARE(toString(allowed.verdict), toString(Verdict::Green));
    QVERIFY(allowed.attempts.first().output.contains("tool ran\n"));
}

void TestVerifier::cancelRunningKillsAndCleans()
{
    const QString pids = m_tmp->filePath(QStringLiteral("pids"));
    const QByteArray json
        = QStringLiteral(R"({"normal": [{"shell": "sleep 300 & echo $! > '%1.tmp'; echo $$ >> '%1.tmp'; )"
                         R"(mv '%1.tmp' '%1'; wait"}]})")
              .arg(pids)
              .toUtf8();
    const RequestId id = m_verifier->enqueue(request(json));
    QTRY_VERIFY(QFile::exists(pids));
    const QList<QByteArray> lines = readFile(pids).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(m_verifier->cancel(id));
    QCOMPARE(m_results.size(), 1);
    QCOMPARE(toString(m_results.first().verdict), toString(Verdict::Cancelled));
    QCOMPARE(m_results.first().attempts.size(), 1);
    QCOMPARE(toString(m_results.first().attempts.first().outcome), toString(AttemptOutcome::Cancelled));
    QVERIFY(m_results.first().issues.isEmpty());
    for (const QByteArray &line : lines) // the shell and its background sleeper
        QTRY_VERIFY2(processGone(line.toLongLong()), line.constData());
    QTRY_VERIFY(workDirEmpty());
    QVERIFY(!m_verifier->cancel(id)); // already done
}

void TestVerifier::cancelQueued()
{
    const QByteArray json = R"({"normal": [["sleep", "0.3"]]})";
    const RequestId first = m_verifier->enqueue(request(json));
    const RequestId second = m_verifier->enqueue(request(json));
    QVERIFY(m_verifier->cancel(second));
    QCOMPARE(m_results.size(), 1);
    QCOMPARE(m_results.first().requestId, second);
    QCOMPARE(toString(m_results.first().verdict), toString(Verdict::Cancelled));
    QVERIFY(m_results.first().attempts.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_results.size(), 2, 10000);
    QCOMPARE(m_results.last().requestId, first);
    QCOMPARE(toString(m_results.last().verdict), toString(Verdict::Green));
    QCOMPARE(m_counted.size(), 1); // the cancelled one never ran
}

void TestVerifier::strictProfileRunsStrictCommands()
{
    CiRequest req = request(R"({"normal": [{"shell": "echo normal-profile"}],
                                "strict": [{"shell": "echo strict-profile"}]})");
    req.profile = Profile::Strict;
    const CiResult r = runOne(req);
    QCOMPARE(toString(r.verdict), toString(Verdict::Green));
    QVERIFY(r.attempts.first().output.contains("strict-profile\n"));
    QVERIFY(!r.attempts.first().output.contains("normal-profile\n"));
}

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
