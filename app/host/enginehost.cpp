#include "enginehost.h"

#include "agentroutes.h"
#include "apiserver.h"
#include "eventfeed.h"
#include "reportroutes.h"
#include "reviewerroutes.h"
#include "runnerroutes.h"
#include "store.h"
#include "storeidempotencyjournal.h"
#include "storetokenverifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

namespace Autopack::Host {

Q_LOGGING_CATEGORY(lcHost, "autopack.host")

EngineHost::EngineHost(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_engineThread.setObjectName(QStringLiteral("autopack-engine"));
}

EngineHost::~EngineHost() { stop(); }

std::expected<void, QString> EngineHost::start(const EngineHostOptions &options)
{
    const auto endpoint = Api::parseListenAddress(
        options.listen, Api::ListenPolicy { .tlsConfigured = false, .insecureAllowed = options.insecure });
    if (!endpoint)
        return std::unexpected(tr("--listen: %1").arg(endpoint.error()));
    if (!endpoint->warning.isEmpty())
        qCWarning(lcHost).noquote() << endpoint->warning;

    if (!QDir().mkpath(options.dataDir))
        return std::unexpected(tr("cannot create the data directory %1").arg(options.dataDir));
    if (!m_lock) {
        auto lock = lockDatabase(m_store.path());
        if (!lock)
            return std::unexpected(lock.error());
        m_lock = std::move(*lock);
    }
    // From here on a failure undoes what was started, the lock included.
    auto fail = [this](const QString &why) {
        stop();
        return std::unexpected(why);
    };
    Engine::SupervisorOptions supervisorOptions;
    supervisorOptions.dataDir = options.dataDir;
    supervisorOptions.defaultProjectId = options.defaultProjectId;

    m_engineThread.start();
    // Built and resumed on the engine thread: its timers, CI processes and the CI
    // recorder's flush timer belong to the thread that creates them.
    auto *anchor = new QObject;
    anchor->moveToThread(&m_engineThread);
    Engine::SupervisorResult<int> resumed = 0;
    QMetaObject::invokeMethod(
        anchor,
        [&] {
            m_supervisor = new Engine::Supervisor(m_store, m_clock, supervisorOptions);
            resumed = m_supervisor->resume();
        },
        Qt::BlockingQueuedConnection);
    anchor->deleteLater();
    if (!resumed)
        return fail(tr("resuming unfinished runs failed: %1").arg(resumed.error().message));
    m_resumedRuns = *resumed;

    Api::ApiServerOptions apiOptions;
    apiOptions.idempotencyJournal = Api::makeStoreIdempotencyJournal(m_store, apiOptions.idempotency.ttl);
    m_api = std::make_unique<Api::ApiServer>(Api::makeStoreTokenVerifier(m_store), apiOptions);
    // Handlers run on the engine thread (each route's context), like the long-poll feed.
    m_feed = new Api::EventFeed(m_store);
    m_feed->moveToThread(&m_engineThread);
    for (const auto &added :
        { Api::AgentRoutes::addTo(*m_api, *m_supervisor), Api::ReviewerRoutes::addTo(*m_api, *m_supervisor, m_store),
            Api::RunnerRoutes::addTo(*m_api, *m_supervisor, m_store),
            Api::ReportRoutes::addTo(*m_api, *m_supervisor, m_store, *m_feed, options.defaultProjectId) }) {
        if (!added)
            return fail(tr("API routes: %1").arg(added.error()));
    }
    const auto port = m_api->listen(*endpoint);
    if (!port)
        return fail(tr("cannot listen on %1: %2").arg(endpoint->toString(), port.error()));
    Api::ListenEndpoint bound = *endpoint;
    bound.port = *port;
    m_listenAddress = bound.toString();
    qCInfo(lcHost).noquote()
        << tr("listening on %1, %2 unfinished runs resumed").arg(m_listenAddress).arg(m_resumedRuns);
    return {};
}

std::expected<std::unique_ptr<QLockFile>, QString> EngineHost::lockDatabase(const QString &databasePath)
{
    // One name for one file, however it was spelled (relative, through a symlink).
    const QFileInfo database(databasePath);
    const QString directory = QFileInfo(database.absolutePath()).canonicalFilePath();
    const QString canonical = database.exists() ? database.canonicalFilePath()
        : directory.isEmpty()                   ? database.absoluteFilePath()
                                                : directory + u'/' + database.fileName();
    const QString path = canonical + QStringLiteral(".engine.lock");
    auto lock = std::make_unique<QLockFile>(path);
    lock->setStaleLockTime(0); // stale only when its process is gone, however long it ran
    if (lock->tryLock(0))
        return lock;
    switch (lock->error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        return std::unexpected(tr("another Autopack engine (process %1 on %2) is running on the database %3; "
                                  "stop it first or use another --db")
                                   .arg(pid)
                                   .arg(host, databasePath));
    }
    case QLockFile::PermissionError:
        return std::unexpected(tr("cannot create the lock file %1: permission denied").arg(path));
    default:
        return std::unexpected(tr("cannot create the lock file %1").arg(path));
    }
}

void EngineHost::adoptLock(std::unique_ptr<QLockFile> lock) { m_lock = std::move(lock); }

void EngineHost::stop()
{
    if (m_api) {
        m_api->close();
        m_api.reset();
    }
    if (m_feed) {
        QMetaObject::invokeMethod(
            m_feed, [f = m_feed] { delete f; }, Qt::BlockingQueuedConnection);
        m_feed = nullptr;
    }
    if (m_supervisor) {
        // Deleted on its own thread: its timers and CI processes belong there.
        QMetaObject::invokeMethod(
            m_supervisor, [s = m_supervisor] { delete s; }, Qt::BlockingQueuedConnection);
        m_supervisor = nullptr;
    }
    if (m_engineThread.isRunning()) {
        m_engineThread.quit();
        m_engineThread.wait();
    }
    m_lock.reset(); // unlocks
}

} // namespace Autopack::Host
