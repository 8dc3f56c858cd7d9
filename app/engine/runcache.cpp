#include "runcache.h"

#include "storenotifier.h"

#include <QMutexLocker>
#include <QThread>

namespace Autopack::Engine {

RunCache::RunCache(Store &store, QObject *parent)
    : QObject(parent)
{
    StoreNotifier *n = store.notifier();
    connect(n, &StoreNotifier::runChanged, this, &RunCache::onRunChanged, Qt::DirectConnection);
    connect(n, &StoreNotifier::tierChanged, this, &RunCache::onTierChanged, Qt::DirectConnection);
    connect(n, &StoreNotifier::phaseChanged, this, &RunCache::onPhaseChanged, Qt::DirectConnection);
    connect(n, &StoreNotifier::projectChanged, this, &RunCache::onProjectChanged, Qt::DirectConnection);
    // A run inserted is read on first use; counting it makes a read racing with the
    // insert start over.
    connect(n, &StoreNotifier::runInserted, this, [this] {
        QMutexLocker lock(&m_mutex);
        ++m_changes;
    }, Qt::DirectConnection);
}

std::optional<CreatedRun> RunCache::run(const QString &runId) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<Project> RunCache::project(qint64 projectId) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_projects.constFind(projectId);
    if (it == m_projects.constEnd())
        return std::nullopt;
    return *it;
}

quint64 RunCache::mark() const
{
    QMutexLocker lock(&m_mutex);
    return m_changes;
}

void RunCache::putRun(const CreatedRun &tree, quint64 markBeforeRead)
{
    QMutexLocker lock(&m_mutex);
    if (markBeforeRead != m_changes || isTerminal(tree.run.state))
        return;
    if (m_runs.size() >= MaxRuns && !m_runs.contains(tree.run.runId))
        m_runs.erase(m_runs.begin()); // one out, any one: no cliff where every read misses
    m_runs.insert(tree.run.runId, tree);
}

void RunCache::putProject(const Project &project, quint64 markBeforeRead)
{
    QMutexLocker lock(&m_mutex);
    if (markBeforeRead != m_changes)
        return;
    m_projects.insert(project.id, project);
}

void RunCache::onRunChanged(const Run &run)
{
    QMutexLocker lock(&m_mutex);
    ++m_changes;
    const auto it = m_runs.find(run.runId);
    if (it == m_runs.end())
        return;
    if (!onOwnThread()) {
        m_runs.erase(it);
        return;
    }
    if (isTerminal(run.state))
        m_runs.erase(it); // nothing more happens to it; whoever asks reads it from the store
    else
        it->run = run;
}

void RunCache::onTierChanged(const Tier &tier)
{
    QMutexLocker lock(&m_mutex);
    ++m_changes;
    patchChild(&CreatedRun::tiers, tier);
}

void RunCache::onPhaseChanged(const Phase &phase)
{
    QMutexLocker lock(&m_mutex);
    ++m_changes;
    patchChild(&CreatedRun::phases, phase);
}

template<typename Row>
void RunCache::patchChild(QList<Row> CreatedRun::*rows, const Row &row)
{
    const auto it = m_runs.find(row.runId);
    if (it == m_runs.end())
        return;
    if (onOwnThread()) {
        for (Row &held : it.value().*rows) {
            if (held.id == row.id) {
                held = row;
                return;
            }
        }
    }
    m_runs.erase(it); // written elsewhere, or a row the cached run does not have
}

void RunCache::onProjectChanged(const Project &project)
{
    QMutexLocker lock(&m_mutex);
    ++m_changes;
    if (onOwnThread())
        m_projects.insert(project.id, project);
    else
        m_projects.remove(project.id);
}

bool RunCache::onOwnThread() const
{
    return QThread::currentThread() == thread();
}

} // namespace Autopack::Engine
