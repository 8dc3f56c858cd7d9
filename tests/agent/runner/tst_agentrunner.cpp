// `autopack agent` end to end: the real headless engine, real repositories, and fake
// agents that are real executables editing files and printing an agent's output.

#include "enginefixture.h"

#include <QElapsedTimer>
#include <QRegularExpression>

#include <csignal>

using namespace Autopack::Test;

namespace {

// A scripted agent for the command adapter: `body` runs in the workspace with the
// prompt in $AUTOPACK_PROMPT_FILE and may write $AUTOPACK_RESULT_FILE.
QString script(const QString &dir, const QString &name, const QByteArray &body)
{
    const QString path = dir + u'/' + name;
    writeFile(path, "#!/bin/bash\nset -e\n" + body, true);
    return path;
}

qint64 tokensOfClaudeResult(const QString &fixture)
{
    QFile f(fixture);
    f.open(QIODevice::ReadOnly);
    qint64 total = -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value("type").toString() != QLatin1String("result"))
            continue;
        const QJsonObject u = o.value("usage").toObject();
        total = qint64(u.value("input_tokens").toDouble() + u.value("cache_creation_input_tokens").toDouble()
            + u.value("cache_read_input_tokens").toDouble() + u.value("output_tokens").toDouble());
    }
    return total;
}

qint64 summedClaudeMessageUsage(const QString &fixture)
{
    QFile f(fixture);
    f.open(QIODevice::ReadOnly);
    qint64 total = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value("type").toString() != QLatin1String("assistant"))
            continue;
        const QJsonObject u = o.value("message").toObject().value("usage").toObject();
        total += qint64(u.value("input_tokens").toDouble() + u.value("cache_creation_input_tokens").toDouble()
            + u.value("cache_read_input_tokens").toDouble() + u.value("output_tokens").toDouble());
    }
    return total;
}

bool processGone(qint64 pid)
{
    // A zombie counts as gone: nothing of it runs any more.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close > 0 && s.mid(close + 2, 1) == "Z";
}

} // namespace

class TestAgentRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeRunToDoneSuccess()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 2, "docs", { "Add hello.txt", "Remove README.md" }));
        const QString agent = script(f.tmp.path(), "agent.sh", R"SH(
echo "reading $(wc -l < "$AUTOPACK_PROMPT_FILE") lines of prompt"
if grep -q "Remove README" "$AUTOPACK_PROMPT_FILE"; then rm README.md; else echo hi > hello.txt; sed -i 's/two/TWO/' src/a.txt; fi
echo '{"tokens_used": 1500, "cost_usd": 0.25, "notes": "scripted"}' > "$AUTOPACK_RESULT_FILE"
echo "Done."
)SH");
        QByteArray log;
        QCOMPARE(f.agentOnce("builder", { "--command", agent }, &log), 0);
        QVERIFY2(log.contains("claimed for the builder"), log.constData());
        QVERIFY2(log.contains("submitted builder_result"), log.constData());
        QVERIFY(f.waitForPhase("r1", "p1", "COMPLETE"));
        QCOMPARE(f.agentOnce("builder", { "--command", agent }), 0);
        QVERIFY(f.waitForPhase("r1", "p2", "COMPLETE"));
        QTRY_COMPARE_WITH_TIMEOUT(f.runState("r1"), QStringLiteral("DONE_SUCCESS"), 10000);
        const QJsonObject run = f.get("/runs/r1");
        QCOMPARE(run.value("tokens_used").toInteger(), 3000);
        QCOMPARE(run.value("cost_usd").toDouble(), 0.5);
        // The integration branch holds both changes; the user's checkout is untouched.
        QCOMPARE(git(f.repo, { "show", "autonomous/r1:hello.txt" }), QByteArray("hi"));
        QVERIFY(git(f.repo, { "show", "autonomous/r1:src/a.txt" }).contains("TWO"));
        QVERIFY(git(f.repo, { "ls-tree", "--name-only", "autonomous/r1" }).indexOf("README.md") < 0);
        QCOMPARE(git(f.repo, { "status", "--porcelain" }), QByteArray());
        QCOMPARE(git(f.repo, { "rev-parse", "--abbrev-ref", "HEAD" }), QByteArray("main"));
        // The transcript was streamed while it worked.
        const QJsonArray events = f.get("/runs/r1/phases/p1/transcript").value("events").toArray();
        QStringList texts;
        for (const QJsonValue &e : events)
            texts << e.toObject().value("text").toString();
        QVERIFY2(texts.contains("Done."), qPrintable(texts.join(" | ")));
    }

    void nothingToClaimExits3()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QElapsedTimer t;
        t.start();
        QCOMPARE(f.agentOnce("builder", { "--command", "true" }), 3);
        QVERIFY(t.elapsed() >= 3000); // waited AUTOPACK_RUNNER_CLAIM_WAIT_MS for work
    }

    void badInputIsAUsageError()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QByteArray log;
        QCOMPARE(f.agentOnce("builder", { "--adapter", "nosuch" }, &log), 2);
        QVERIFY2(log.contains("unknown adapter 'nosuch'"), log.constData());
        QCOMPARE(f.agentOnce("builder", { "--command", "true", "--url", "ftp://x" }, &log), 2);
        QVERIFY2(log.contains("scheme must be http or https"), log.constData());
        QCOMPARE(f.agentOnce("builder", { "--command", "true" }, &log, { "AUTOPACK_TOKEN=" }), 2);
        QVERIFY2(log.contains("needs a token"), log.constData());
        QCOMPARE(f.agentOnce("builder", { "--command", "true", "--token", "wrong" }, &log), 1);
        QVERIFY2(log.contains("401"), log.constData());
    }

    void rejectionAndLineCommentsReachTheNextPrompt()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1, "schema_change"));
        const QString capture = f.tmp.filePath("prompts");
        QDir().mkpath(capture);
        const QString agent = script(f.tmp.path(), "agent.sh",
            QStringLiteral(R"SH(
n=$(ls %1 | wc -l); cp "$AUTOPACK_PROMPT_FILE" %1/prompt-$n.md
sed -i "s/four/FOUR$n/" src/a.txt
echo "changed line four"
)SH")
                .arg(capture)
                .toUtf8());
        QCOMPARE(f.agentOnce("builder", { "--command", agent }), 0);
        QVERIFY(f.waitForPhase("r1", "p1", "GATE"));
        auto reply = f.admin->postJson("/runs/r1/phases/p1/reject",
            QJsonObject { { "reason", "FOUR0 is not what the spec asks" },
                { "comments",
                    QJsonArray {
                        QJsonObject { { "path", "src/a.txt" }, { "line", 4 }, { "text", "spell it as a digit" } },
                        QJsonObject {
                            { "path", "src/a.txt" }, { "line", 1 }, { "text", "and the first line too" } } } } });
        QVERIFY(reply && reply->ok());
        QCOMPARE(f.agentOnce("builder", { "--command", agent }), 0);
        QFile second(capture + "/prompt-1.md");
        QVERIFY(second.open(QIODevice::ReadOnly));
        const QString prompt = QString::fromUtf8(second.readAll());
        QVERIFY2(prompt.contains("FOUR0 is not what the spec asks"), qPrintable(prompt));
        QVERIFY(prompt.contains("src/a.txt:4: spell it as a digit"));
        QVERIFY(prompt.contains("src/a.txt:1: and the first line too"));
        // The commented line quoted from the rejected candidate, with context around it.
        QVERIFY2(prompt.contains(QRegularExpression("> +4 \\| FOUR0")), qPrintable(prompt));
        QVERIFY(prompt.contains(QRegularExpression(" +7 \\| seven")));
        QVERIFY(!prompt.contains(QRegularExpression(" +8 \\| eight")));
        QFile first(capture + "/prompt-0.md");
        QVERIFY(first.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromUtf8(first.readAll()).contains("FOUR0 is not what"));
    }

    void requestedAuditIsClaimedAndAnswered()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1, "schema_change"));
        const QString builder = script(f.tmp.path(), "builder.sh", "echo x >> src/a.txt\n");
        QCOMPARE(f.agentOnce("builder", { "--command", builder }), 0);
        QVERIFY(f.waitForPhase("r1", "p1", "GATE"));
        // Nothing to audit until an audit is requested.
        QCOMPARE(f.agentOnce("auditor", { "--command", "true" }), 3);
        Autopack::Agent::ApiClient asBuilder(QUrl(f.url), f.builderToken);
        auto asked = asBuilder.postJson("/runs/r1/phases/p1/auditor_request",
            QJsonObject { { "run_id", "r1" }, { "phase_id", "p1" }, { "tier_id", "t1" },
                { "review_focus", "the appended line" } });
        QVERIFY(asked && asked->ok());
        QVERIFY(f.phase("r1", "p1").value("audit_requested").toBool());
        const QString capture = f.tmp.filePath("auditor-prompt.md");
        const QString auditor = script(f.tmp.path(), "auditor.sh",
            QStringLiteral(R"SH(
cp "$AUTOPACK_PROMPT_FILE" %1
echo "I read the diff."
cat <<'JSON'
Verdict:
```json
{"recommendation": "approve", "confidence": 0.7, "review_notes": "fine apart from a nit",
 "issues_found": [{"issue_key": "trailing_x", "severity": "minor", "description": "an x at the end",
                   "evidence_refs": ["src/a.txt:9"]}], "suggested_patches": []}
```
JSON
)SH")
                .arg(capture)
                .toUtf8());
        QByteArray log;
        QCOMPARE(f.agentOnce("auditor", { "--command", auditor }, &log), 0);
        QVERIFY2(log.contains("verdict: approve"), log.constData());
        QFile prompt(capture);
        QVERIFY(prompt.open(QIODevice::ReadOnly));
        const QByteArray text = prompt.readAll();
        QVERIFY2(text.contains("the appended line"), text.constData()); // the review focus
        QVERIFY2(text.contains("+x"), text.constData()); // the candidate's diff
        const QJsonObject p = f.phase("r1", "p1");
        QCOMPARE(p.value("auditor_attempts").toInt(), 1);
        QVERIFY(!p.value("audit_requested").toBool());
        QCOMPARE(p.value("state").toString(), QStringLiteral("GATE")); // a human still decides
        bool approved = false;
        for (const QJsonValue &r : p.value("reviews").toArray())
            approved = approved || r.toObject().value("decision").toString() == QLatin1String("approve");
        QVERIFY(approved);
        bool issue = false;
        for (const QJsonValue &i : p.value("issues").toArray())
            issue = issue || i.toObject().value("issue_key").toString() == QLatin1String("trailing_x");
        QVERIFY(issue);
    }

    void unparsableVerdictIsAFailedAuditorAttempt()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1, "schema_change"));
        QCOMPARE(f.agentOnce("builder", { "--command", script(f.tmp.path(), "b.sh", "echo y > new.txt\n") }), 0);
        QVERIFY(f.waitForPhase("r1", "p1", "GATE"));
        Autopack::Agent::ApiClient asBuilder(QUrl(f.url), f.builderToken);
        QVERIFY(asBuilder.postJson("/runs/r1/phases/p1/auditor_request", QJsonObject { { "run_id", "r1" } }));
        QByteArray log;
        QCOMPARE(
            f.agentOnce("auditor", { "--command", script(f.tmp.path(), "a.sh", "echo 'looks good to me'\n") }, &log),
            0);
        QVERIFY2(log.contains("no usable verdict"), log.constData());
        const QJsonObject p = f.phase("r1", "p1");
        QCOMPARE(p.value("auditor_attempts").toInt(), 1);
        QCOMPARE(p.value("state").toString(), QStringLiteral("GATE"));
        QCOMPARE(p.value("reviews").toArray().size(), 0);
        bool recorded = false;
        for (const QJsonValue &e : p.value("events").toArray())
            recorded = recorded || e.toObject().value("reason").toString().contains("looks good to me");
        QVERIFY(recorded);
    }

    void claudeStreamTokensAreNotCountedTwice()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        const QString fixture = QStringLiteral(AUTOPACK_ADAPTER_FIXTURES "/claude-2.1-success.jsonl");
        const qint64 expected = tokensOfClaudeResult(fixture);
        QVERIFY(expected > 0);
        QVERIFY(summedClaudeMessageUsage(fixture) != expected); // a summing parser would be wrong
        // A fake `claude`: the adapter's own arguments, prompt on stdin, the recorded stream out.
        const QString argsFile = f.tmp.filePath("claude-args");
        const QString fake = script(f.tmp.path(), "claude",
            QStringLiteral(R"SH(
echo "$@" > %1
cat > /dev/null
echo changed > parser.txt
grep -v '^#' %2
)SH")
                .arg(argsFile, fixture)
                .toUtf8());
        QByteArray log;
        QCOMPARE(f.agentOnce("builder", { "--adapter", "claude", "--command", fake }, &log), 0);
        QVERIFY2(log.contains("tool "), log.constData()); // tool calls read from the stream
        QFile args(argsFile);
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().contains("--output-format stream-json"));
        const QJsonObject p = f.phase("r1", "p1");
        QCOMPARE(p.value("tokens_used").toInteger(), expected);
        QVERIFY(p.value("cost_usd").toDouble() > 0.08);
    }

    void failingAgentsAreFailedAttempts_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("reason");
        QTest::newRow("stall") << QByteArray("echo start; sleep 100\n") << QStringList { "--stall-timeout", "2" }
                               << "no output";
        QTest::newRow("crash") << QByteArray("echo x > f.txt; kill -SEGV $$\n") << QStringList() << "signal";
        QTest::newRow("exit code") << QByteArray("echo x > f.txt; exit 4\n") << QStringList() << "code 4";
        QTest::newRow("no change") << QByteArray("echo 'I could not find the file'\n") << QStringList()
                                   << "changed nothing";
        // The default scope policy refuses binary patches: the engine's 422 is a failed attempt.
        QTest::newRow("binary") << QByteArray("printf '\\x00\\x01binary\\xff' > blob.bin\n") << QStringList()
                                << "blob.bin";
    }

    void failingAgentsAreFailedAttempts()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, extra);
        QFETCH(QString, reason);
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        QCOMPARE(f.agentOnce("builder", QStringList { "--command", script(f.tmp.path(), "a.sh", body) } + extra), 0);
        const QJsonObject p = f.phase("r1", "p1");
        QCOMPARE(p.value("builder_attempts").toInt(), 1);
        QCOMPARE(p.value("state").toString(), QStringLiteral("EXECUTING"));
        bool named = false;
        for (const QJsonValue &e : p.value("events").toArray())
            named = named || e.toObject().value("reason").toString().contains(reason);
        QVERIFY2(named, qPrintable(QJsonDocument(p.value("events").toArray()).toJson()));
    }

    void hugeOutputAndEveryKindOfChange()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        const QString agent = script(f.tmp.path(), "agent.sh", R"SH(
head -c 52428800 /dev/zero | tr '\0' 'x' | fold -w 1000
printf 'new\n' > added.txt
rm README.md
git mv -q src/run.sh src/start.sh 2>/dev/null || mv src/run.sh src/start.sh
chmod -x src/start.sh
mkdir -p build && echo cache > build/out.o
sed -i 's/one/ONE/' src/a.txt
git add -A >/dev/null 2>&1 || true
git -c user.name=a -c user.email=a@b commit -qm "the agent commits" >/dev/null 2>&1 || true
)SH");
        QByteArray log;
        QCOMPARE(f.agentOnce("builder", { "--command", agent }, &log), 0);
        QVERIFY(f.waitForPhase("r1", "p1", "COMPLETE"));
        const QByteArray tree = git(f.repo, { "ls-tree", "-r", "autonomous/r1" });
        QVERIFY2(tree.contains("added.txt"), tree.constData());
        QVERIFY(!tree.contains("README.md"));
        QVERIFY(tree.contains("100644 blob") && tree.contains("src/start.sh"));
        QVERIFY(!tree.contains("src/run.sh"));
        QVERIFY(!tree.contains("build/")); // ignored files are no part of the change
        QVERIFY(git(f.repo, { "show", "autonomous/r1:src/a.txt" }).startsWith("ONE"));
        QCOMPARE(git(f.repo, { "status", "--porcelain" }), QByteArray());
    }

    void cancelledRunStopsTheAgentWithinFiveSeconds()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        const QString pidFile = f.tmp.filePath("agent.pid");
        const QString agent = script(f.tmp.path(), "agent.sh",
            QStringLiteral(R"SH(
echo $$ > %1
sleep 1000 &
echo $! >> %1
for i in $(seq 1 200); do echo "working $i"; echo $i >> progress.txt; sleep 0.5; done
)SH")
                .arg(pidFile)
                .toUtf8());
        auto runner = f.agent("builder", { "--command", agent, "--once" });
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile), 15000);
        QTest::qWait(500);
        QElapsedTimer t;
        t.start();
        QVERIFY(f.admin->postJson("/runs/r1/cancel", QJsonObject { { "reason", "enough" } }));
        QVERIFY(runner->waitForFinished(10000));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        const QByteArray log = runner->readAllStandardError();
        QVERIFY2(log.contains("lease lost"), log.constData());
        QVERIFY(!log.contains("submitted builder_result"));
        QFile pids(pidFile);
        QVERIFY(pids.open(QIODevice::ReadOnly));
        for (const QByteArray &pid : pids.readAll().split('\n')) {
            if (!pid.trimmed().isEmpty())
                QVERIFY2(processGone(pid.toLongLong()), pid.constData());
        }
        QCOMPARE(f.runState("r1"), QStringLiteral("DONE_FAILED_CANCELLED"));
    }

    void rateLimitedAgentGivesThePhaseBack()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        const QString fixture = QStringLiteral(AUTOPACK_ADAPTER_FIXTURES "/claude-2.1-ratelimit.jsonl");
        const QString fake = script(
            f.tmp.path(), "claude", QStringLiteral("cat > /dev/null\ngrep -v '^#' %1\nexit 1\n").arg(fixture).toUtf8());
        QByteArray log;
        QCOMPARE(f.agentOnce("builder", { "--adapter", "claude", "--command", fake }, &log), 1);
        QVERIFY2(log.contains("gave the phase back"), log.constData());
        const QJsonObject p = f.phase("r1", "p1");
        QCOMPARE(p.value("builder_attempts").toInt(), 0);
        QCOMPARE(p.value("state").toString(), QStringLiteral("EXECUTING"));
        // The phase can be claimed again at once and finished by another agent.
        const QString ok = script(f.tmp.path(), "ok.sh", "echo ok > ok.txt\n");
        QCOMPARE(f.agentOnce("builder", { "--command", ok }), 0);
        QVERIFY(f.waitForPhase("r1", "p1", "COMPLETE"));
        QCOMPARE(f.phase("r1", "p1").value("builder_attempts").toInt(), 1);
    }

    void twoRunsInParallel()
    {
        EngineFixture f;
        QVERIFY(f.start());
        QVERIFY(f.startRun("r1", 1));
        QVERIFY(f.startRun("r2", 1));
        const QString stamps = f.tmp.filePath("stamps");
        const QString agent = script(f.tmp.path(), "agent.sh",
            QStringLiteral(R"SH(
echo "start $(date +%s%N)" >> %1
sleep 2
echo "end $(date +%s%N)" >> %1
echo done > done.txt
)SH")
                .arg(stamps)
                .toUtf8());
        auto runner = f.agent("builder", { "--command", agent, "--parallel", "2" });
        QTRY_COMPARE_WITH_TIMEOUT(f.phase("r1", "p1").value("state").toString(), QStringLiteral("COMPLETE"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(f.phase("r2", "p1").value("state").toString(), QStringLiteral("COMPLETE"), 20000);
        ::kill(pid_t(runner->processId()), SIGTERM);
        QVERIFY(runner->waitForFinished(10000));
        QCOMPARE(runner->exitCode(), 0);
        QFile s(stamps);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = s.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        // Both started before either ended: they ran at the same time.
        QVERIFY2(lines.at(0).startsWith("start") && lines.at(1).startsWith("start"), s.fileName().toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestAgentRunner)
#include "tst_agentrunner.moc"
