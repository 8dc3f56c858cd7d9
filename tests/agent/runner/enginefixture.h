#pragma once

// A real engine for the runner's tests, used as a person would: a git repository with
// its base branch checked out, `autopack project add`, `autopack token create`, and
// `autopack --headless` on a free loopback port; runs created over the API; `autopack
// agent` started as a process. Header only, for tst_agentrunner.

#include "../../git/gittestrepo.h"
#include "apiclient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Autopack::Test {

inline QByteArray run(const QString &dir, const QString &program, const QStringList &args, int *exitCode = nullptr,
    QByteArray *err = nullptr)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(program, args);
    p.waitForFinished(120000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (err)
        *err = p.readAllStandardError();
    return p.readAllStandardOutput().trimmed();
}

// The git CLI with the git layer's test identity and no user configuration.
using Git::TestSupport::git;

inline void writeFile(const QString &path, const QByteArray &content, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
    f.close();
    if (executable)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
}

class EngineFixture
{
public:
    QTemporaryDir tmp;
    QString repo;
    QString db;
    QString url;
    QString builderToken, auditorToken, adminToken;
    std::unique_ptr<QProcess> engine;
    std::unique_ptr<Agent::ApiClient> admin;

    bool start()
    {
        repo = tmp.filePath(QStringLiteral("repo"));
        db = tmp.filePath(QStringLiteral("autopack.db"));
        QDir().mkpath(repo);
        git(repo, { "init", "-q", "-b", "main" });
        writeFile(repo + "/src/a.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n");
        writeFile(repo + "/src/run.sh", "#!/bin/sh\necho run\n", true);
        writeFile(repo + "/README.md", "# Project\n");
        writeFile(repo + "/.gitignore", "build/\n");
        git(repo, { "add", "-A" });
        git(repo, { "commit", "-qm", "initial" });
        int code = -1;
        run(tmp.path(), AUTOPACK_BIN, { "project", "add", repo, "--db", db }, &code);
        if (code != 0)
            return false;
        builderToken = token("builder", "builder-1");
        auditorToken = token("auditor", "auditor-1");
        adminToken = token("admin", "admin-1");
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        engine = std::make_unique<QProcess>();
        engine->setProcessChannelMode(QProcess::MergedChannels);
        engine->start(AUTOPACK_BIN,
            { "--headless", "--db", db, "--listen", QStringLiteral("127.0.0.1:%1").arg(port), "--project", repo });
        QByteArray log;
        for (int i = 0; i < 100 && !log.contains("running headless"); ++i) {
            engine->waitForReadyRead(100);
            log += engine->readAll();
        }
        if (!log.contains("running headless")) {
            qWarning("engine did not start: %s", log.constData());
            return false;
        }
        admin = std::make_unique<Agent::ApiClient>(QUrl(url), adminToken);
        return true;
    }

    ~EngineFixture()
    {
        if (engine) {
            engine->terminate();
            engine->waitForFinished(10000);
        }
    }

    QString token(const char *role, const char *name)
    {
        const QByteArray out
            = run(tmp.path(), AUTOPACK_BIN, { "token", "create", "--role", role, "--name", name, "--db", db });
        return QString::fromUtf8(out.split('\n').last()).trimmed();
    }

    // A run of `phases` phases of `category` in one tier.
    bool startRun(const QString &runId, int phases, const QString &category = QStringLiteral("docs"),
        const QStringList &descriptions = {})
    {
        QJsonArray list;
        for (int i = 0; i < phases; ++i)
            list.append(QJsonObject { { "phase_id", QStringLiteral("p%1").arg(i + 1) }, { "phase_index", i },
                { "tier_id", "t1" }, { "name", QStringLiteral("Phase %1").arg(i + 1) },
                { "description", descriptions.value(i, QStringLiteral("Do step %1").arg(i + 1)) },
                { "task_category", category }, { "complexity", "low" }, { "builder_mode", "tweak_light" } });
        const QJsonObject plan {
            { "run",
                QJsonObject { { "run_id", runId }, { "safety_profile", "normal" }, { "run_scope", "multi_tier" },
                    { "token_cap", 5000000 }, { "max_phases", 10 }, { "max_duration_minutes", 120 } } },
            { "tiers",
                QJsonArray { QJsonObject { { "tier_id", "t1" }, { "tier_index", 0 }, { "name", "Tier one" },
                    { "description", "the tier" } } } },
            { "phases", list },
        };
        auto reply = admin->postJson(QStringLiteral("/runs/start"), plan);
        if (!reply || reply->status != 201)
            qWarning("runs/start: %s", qPrintable(reply ? reply->describe() : reply.error()));
        return reply && reply->status == 201;
    }

    QJsonObject get(const QString &path)
    {
        auto reply = admin->get(path);
        return reply ? reply->json() : QJsonObject();
    }
    QJsonObject phase(const QString &runId, const QString &phaseId)
    {
        return get(QStringLiteral("/runs/%1/phases/%2").arg(runId, phaseId));
    }
    QString runState(const QString &runId) { return get(QStringLiteral("/runs/") + runId).value("state").toString(); }

    // Polls until the phase is in `state` (CI runs on the engine's timer).
    bool waitForPhase(const QString &runId, const QString &phaseId, const QString &state, int ms = 15000)
    {
        for (int waited = 0; waited < ms; waited += 100) {
            if (phase(runId, phaseId).value("state").toString() == state)
                return true;
            QTest::qWait(100);
        }
        qWarning("phase %s/%s is %s, not %s", qPrintable(runId), qPrintable(phaseId),
            qPrintable(phase(runId, phaseId).value("state").toString()), qPrintable(state));
        return false;
    }

    // `autopack agent` as a process; `extra` after the common arguments.
    std::unique_ptr<QProcess> agent(const QString &role, const QStringList &extra, const QStringList &env = {})
    {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("AUTOPACK_TOKEN"), role == QLatin1String("auditor") ? auditorToken : builderToken);
        e.insert(QStringLiteral("AUTOPACK_URL"), url);
        e.insert(QStringLiteral("AUTOPACK_RUNNER_CLAIM_WAIT_MS"), QStringLiteral("3000"));
        e.insert(QStringLiteral("AUTOPACK_RUNNER_POLL_MS"), QStringLiteral("200"));
        e.insert(QStringLiteral("AUTOPACK_RUNNER_HEARTBEAT_MS"), QStringLiteral("500"));
        e.insert(QStringLiteral("AUTOPACK_RUNNER_BACKOFF_MS"), QStringLiteral("300"));
        for (const QString &kv : env)
            e.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        p->setProcessEnvironment(e);
        p->start(AUTOPACK_BIN, QStringList { "agent", "--role", role, "--workdir", tmp.filePath("work") } + extra);
        return p;
    }

    // Runs `autopack agent ... --once` to the end; returns its exit code, stderr in `log`.
    int agentOnce(const QString &role, const QStringList &extra, QByteArray *log = nullptr, const QStringList &env = {})
    {
        auto p = agent(role, extra + QStringList { "--once" }, env);
        p->waitForFinished(120000);
        const QByteArray err = p->readAllStandardError();
        if (log)
            *log = err;
        if (p->exitCode() != 0)
            qInfo("agent: %s", err.constData());
        return p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    }
};

} // namespace Autopack::Test
