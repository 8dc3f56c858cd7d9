#pragma once

// The live runs as the store has them, for the supervisor's per-request reads: a request
// reads its run, tiers, phases and project from here instead of four queries, and the
// Store's notifier keeps every cached row current.
//
// Why it can be trusted: the Store emits each changed row after commit, in the writing
// thread, before the write call returns (StoreNotifier's contract). The cache listens
// with direct connections, so once any write has returned, the cache already holds its
// rows. A row the cache cannot place (a tier or phase it does not know) drops the run,
// which is then read again. A tree read from the store is only kept if no notification
// arrived while it was being read (it might predate that change).
//
// Thread-safe: the notifier may fire in any writing thread. Only rows written on the
// thread that reads the cache (the engine thread: in the application every run, tier
// and phase write is made there) are patched in; a row written elsewhere drops its run
// or project, which is then read again, because two threads' notifications about one
// row may arrive out of commit order. The state lives apart from the object, shared with
// the connections, so a notification still running in another thread while the cache
// is destroyed finds it intact. Writes of another process are never seen: EngineHost
// keeps a second engine off the database.

#include "store.h"

#include <QList>
#include <QMetaObject>

#include <memory>
#include <optional>

namespace Autopack::Engine {

class RunCache
{
public:
    // `store` must outlive the cache.
    explicit RunCache(Store &store);
    ~RunCache();
    RunCache(const RunCache &) = delete;
    RunCache &operator=(const RunCache &) = delete;

    // Runs are kept while they are not terminal; beyond this many, one is dropped for
    // each new one.
    static constexpr qsizetype MaxRuns = 4096;

    // The run with its tiers and phases (phases in the order `put` was given), or nullopt.
    std::optional<CreatedRun> run(const QString &runId) const;
    std::optional<Project> project(qint64 projectId) const;

    // A mark to take before reading from the store; put() refuses what was read when any
    // change was notified since.
    quint64 mark() const;
    void putRun(const CreatedRun &tree, quint64 markBeforeRead);
    void putProject(const Project &project, quint64 markBeforeRead);

private:
    struct State;
    std::shared_ptr<State> m_state;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Autopack::Engine
