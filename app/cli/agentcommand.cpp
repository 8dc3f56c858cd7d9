#include "agentcommand.h"

#include "agentadapter.h"
#include "agentrunner.h"
#include "apiclient.h"
#include "runnerlog.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <atomic>

namespace Autopack::Cli {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Cli", text); }

std::unexpected<UsageError> usage(const QString &message) { return std::unexpected(UsageError { message }); }

} // namespace

std::expected<Agent::RunnerOptions, UsageError> AgentCommand::options(
    const AgentArguments &a, const QProcessEnvironment &env)
{
    Agent::RunnerOptions o;
    o.role = a.role;
    o.adapter = a.adapter;
    if (!Agent::AgentAdapter::names().contains(o.adapter))
        return usage(tr("unknown adapter '%1' (expected %2)")
                         .arg(o.adapter, Agent::AgentAdapter::names().join(QStringLiteral(", "))));
    if (!a.command.isEmpty()) {
        o.command = QProcess::splitCommand(a.command);
        if (o.command.isEmpty())
            return usage(tr("--command names no program"));
    }
    const QString url = !a.url.isEmpty()               ? a.url
        : env.contains(QStringLiteral("AUTOPACK_URL")) ? env.value(QStringLiteral("AUTOPACK_URL"))
                                                       : QStringLiteral("http://127.0.0.1:8765");
    auto parsed = Agent::ApiClient::parseBaseUrl(url);
    if (!parsed)
        return usage(parsed.error());
    o.url = *parsed;
    if (!a.token.isEmpty()) {
        o.token = a.token;
    } else if (!a.tokenFile.isEmpty()) {
        QFile f(a.tokenFile);
        if (!f.open(QIODevice::ReadOnly))
            return usage(tr("cannot read --token-file %1: %2").arg(a.tokenFile, f.errorString()));
        o.token = QString::fromUtf8(f.readLine()).trimmed();
        if (o.token.isEmpty())
            return usage(tr("--token-file %1 is empty: its first line must be the token").arg(a.tokenFile));
    } else {
        o.token = env.value(QStringLiteral("AUTOPACK_TOKEN")).trimmed();
        if (o.token.isEmpty())
            return usage(tr("agent needs a token: --token TOKEN, --token-file FILE or AUTOPACK_TOKEN "
                            "(create one with: autopack token create --role %1 --name NAME)")
                             .arg(a.role));
    }
    o.parallel = a.parallel;
    o.once = a.once;
    o.workdir = a.workdir.isEmpty()
        ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("workspaces"))
        : QDir(a.workdir).absolutePath();
    if (!QDir().mkpath(o.workdir))
        return usage(tr("cannot create the --workdir %1").arg(o.workdir));
    o.timeoutMinutes = a.timeoutMinutes;
    o.stallTimeoutSeconds = a.stallTimeoutSeconds;
    // Test hooks, undocumented for users: a suite cannot wait 30 s for every backoff.
    if (env.contains(QStringLiteral("AUTOPACK_RUNNER_BACKOFF_MS")))
        o.backoffMs = env.value(QStringLiteral("AUTOPACK_RUNNER_BACKOFF_MS")).toInt();
    if (env.contains(QStringLiteral("AUTOPACK_RUNNER_CLAIM_WAIT_MS")))
        o.claimWaitMs = env.value(QStringLiteral("AUTOPACK_RUNNER_CLAIM_WAIT_MS")).toInt();
    if (env.contains(QStringLiteral("AUTOPACK_RUNNER_POLL_MS")))
        o.pollMs = env.value(QStringLiteral("AUTOPACK_RUNNER_POLL_MS")).toInt();
    if (env.contains(QStringLiteral("AUTOPACK_RUNNER_HEARTBEAT_MS")))
        o.heartbeatMs = env.value(QStringLiteral("AUTOPACK_RUNNER_HEARTBEAT_MS")).toInt();
    return o;
}

int AgentCommand::run(const AgentArguments &arguments, QTextStream &err)
{
    auto options = AgentCommand::options(arguments, QProcessEnvironment::systemEnvironment());
    if (!options) {
        err << "autopack: " << options.error().message << Qt::endl;
        return 2;
    }
    Agent::RunnerLog log;
    std::atomic_bool stop { false };
    int code = Agent::AgentRunner::ExitOk;
    UnixSignalWatcher watcher;
    QObject::connect(&watcher, &UnixSignalWatcher::stopRequested, &watcher, [&](int signalNumber) {
        log.line({}, tr("signal %1: giving leases back and stopping the agents").arg(signalNumber));
        stop.store(true);
    });
    QThread *worker = QThread::create([&] {
        Agent::AgentRunner runner(*options, log);
        code = runner.run(stop);
    });
    QObject::connect(worker, &QThread::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    worker->start();
    QCoreApplication::exec();
    worker->wait();
    delete worker;
    return code;
}

} // namespace Autopack::Cli
