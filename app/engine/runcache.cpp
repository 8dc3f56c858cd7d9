#include "runcache.h"

#include "storenotifier.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QThread>

#include <atomic>

namespace Autopack::Engine {

struct RunCache::State {
    QMutex mutex;
    quint64 changes = 0; // notifications seen
    QHash<QString, CreatedRun> runs;
    QHash<qint64, Project> projects;
    std::atomic<QThread *> reader { nullptr }; // the thread that last read the cache

    void readBy() { reader.store(QThread::currentThread(), std::memory_order_relaxed); }
    bool onReaderThread() const { return QThread::currentThread() == reader.load(std::memory_order_relaxed); }

    // Under `mutex`. Replaces `row` (by database id) in its cached run's `rows`.
    template<typename Row>
    void patchChild(QList<Row> CreatedRun::*rows, const Row &row)
    {
        const auto it = runs.find(row.runId);
        if (it == runs.end())
            return;
        if (onReaderThread()) {
            for (Row &held : it.value().*rows) {
                if (held.id == row.id) {
                    held = row;
                    return;
                }
            }
        }
        runs.erase(it); // written elsewhere, or a row the cached run does not have
    }

    void runChanged(const Run &run)
    {
        QMutexLocker lock(&mutex);
        ++changes;
        const auto it = runs.find(run.runId);
        if (it == runs.end())
            return;
        if (!onReaderThread() || isTerminal(run.state))
            runs.erase(it); // a finished run is read from the store by whoever asks
        else
            it->run = run;
    }

    void projectChanged(const Project &project)
    {
        QMutexLocker lock(&mutex);
        ++changes;
        if (onReaderThread())
            projects.insert(project.id, project);
        else
            projects.remove(project.id);
    }
};

RunCache::RunCache(Store &store)
    : m_state(std::make_shared<State>())
{
    StoreNotifier *n = store.notifier();
    // Each connection holds the state, not the cache: see the header.
    const std::shared_ptr<State> s = m_state;
    m_connections << QObject::connect(n, &StoreNotifier::runChanged, n, [s](const Run &r) { s->runChanged(r); },
                                      Qt::DirectConnection)
                  << QObject::connect(n, &StoreNotifier::tierChanged, n,
                                      [s](const Tier &t) {
                                          QMutexLocker lock(&s->mutex);
                                          ++s->changes;
                                          s->patchChild(&CreatedRun::tiers, t);
                                      },
                                      Qt::DirectConnection)
                  << QObject::connect(n, &StoreNotifier::phaseChanged, n,
                                      [s](const Phase &p) {
                                          QMutexLocker lock(&s->mutex);
                                          ++s->changes;
                                          s->patchChild(&CreatedRun::phases, p);
                                      },
                                      Qt::DirectConnection)
                  << QObject::connect(n, &StoreNotifier::projectChanged, n,
                                      [s](const Project &p) { s->projectChanged(p); }, Qt::DirectConnection)
                  // A run inserted is read on first use; counting it makes a read racing
                  // with the insert start over.
                  << QObject::connect(n, &StoreNotifier::runInserted, n,
                                      [s] {
                                          QMutexLocker lock(&s->mutex);
                                          ++s->changes;
                                      },
                                      Qt::DirectConnection);
}

RunCache::~RunCache()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        QObject::disconnect(c);
}

std::optional<CreatedRun> RunCache::run(const QString &runId) const
{
    m_state->readBy();
    QMutexLocker lock(&m_state->mutex);
    const auto it = m_state->runs.constFind(runId);
    if (it == m_state->runs.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<Project> RunCache::project(qint64 projectId) const
{
    m_state->readBy();
    QMutexLocker lock(&m_state->mutex);
    const auto it = m_state->projects.constFind(projectId);
    if (it == m_state->projects.constEnd())
        return std::nullopt;
    return *it;
}

quint64 RunCache::mark() const
{
    m_state->readBy();
    QMutexLocker lock(&m_state->mutex);
    return m_state->changes;
}

void RunCache::putRun(const CreatedRun &tree, quint64 markBeforeRead)
{
    m_state->readBy();
    QMutexLocker lock(&m_state->mutex);
    if (markBeforeRead != m_state->changes || isTerminal(tree.run.state))
        return;
    if (m_state->runs.size() >= MaxRuns && !m_state->runs.contains(tree.run.runId))
        m_state->runs.erase(m_state->runs.begin()); // one out, any one: no cliff where every read misses
    m_state->runs.insert(tree.run.runId, tree);
}

void RunCache::putProject(const Project &project, quint64 markBeforeRead)
{
    m_state->readBy();
    QMutexLocker lock(&m_state->mutex);
    if (markBeforeRead != m_state->changes)
        return;
    m_state->projects.insert(project.id, project);
}

} // namespace Autopack::Engine
