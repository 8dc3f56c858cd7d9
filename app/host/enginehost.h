#pragma once

// What runs behind both the window and `--headless`: the Supervisor on its own engine
// thread (so neither the GUI nor the listener ever waits on git or the store's writes)
// and the Agent API server, whose listener has a thread of its own.
//
// One engine per database: start() takes <database>.engine.lock (released by stop(), or
// found stale when its process is gone), unless the caller took it already, before
// opening (and migrating) the database, and handed it over with adoptLock(). Two supervisors on one database would both
// drive the same runs, and each keeps the live runs it serves in memory (RunCache),
// current only for the writes of its own process.
//
// Lifetime: the Store must outlive the host. stop() (also called by the destructor)
// closes the listener first, so no request reaches a Supervisor being torn down, then
// destroys the Supervisor on its own thread and joins that thread.

#include "clock.h"
#include "listenaddress.h"
#include "supervisor.h"

#include <QLockFile>
#include <QObject>
#include <QThread>

#include <expected>
#include <memory>

namespace Autopack {
class Store;
}

namespace Autopack::Api {
class ApiServer;
class EventFeed;
}

namespace Autopack::Host {

struct EngineHostOptions {
    QString dataDir; // artefacts, patches, CI scratch
    QString listen = QStringLiteral("127.0.0.1:8765");
    bool insecure = false; // allow a non-loopback --listen without TLS
    std::optional<qint64> defaultProjectId; // from --project
};

class EngineHost : public QObject
{
    Q_OBJECT
public:
    explicit EngineHost(Store &store, QObject *parent = nullptr);
    ~EngineHost() override;

    // Starts the engine thread, resumes every unfinished run, and starts listening.
    // The error names what failed (a bad --listen, a port in use, another engine on the
    // same database, a resume failure).
    std::expected<void, QString> start(const EngineHostOptions &options);
    // The engine lock of the database at `databasePath`; the error names the process
    // holding it.
    static std::expected<std::unique_ptr<QLockFile>, QString> lockDatabase(const QString &databasePath);
    void adoptLock(std::unique_ptr<QLockFile> lock); // before start()
    void stop();

    Engine::Supervisor *supervisor() const { return m_supervisor; } // lives on the engine thread
    Api::ApiServer *apiServer() const { return m_api.get(); }
    QString listenAddress() const { return m_listenAddress; } // as bound, e.g. "127.0.0.1:8765"
    int resumedRuns() const { return m_resumedRuns; }

private:
    Store &m_store;
    Engine::Clock m_clock;
    std::unique_ptr<QLockFile> m_lock;
    QThread m_engineThread;
    Engine::Supervisor *m_supervisor = nullptr; // owned, deleted on the engine thread
    std::unique_ptr<Api::ApiServer> m_api;
    Api::EventFeed *m_feed = nullptr; // owned, deleted on the engine thread
    QString m_listenAddress;
    int m_resumedRuns = 0;
};

} // namespace Autopack::Host
