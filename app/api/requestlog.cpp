#include "requestlog.h"

#include <QMutexLocker>

namespace Autopack::Api {

RequestLog::RequestLog(int capacity)
    : m_capacity(std::max(1, capacity))
{
    m_ring.reserve(m_capacity);
}

void RequestLog::append(RequestLogEntry entry)
{
    QMutexLocker lock(&m_mutex);
    ++m_total;
    if (m_ring.size() < m_capacity) {
        m_ring.append(std::move(entry));
        return;
    }
    m_ring[m_next] = std::move(entry);
    m_next = (m_next + 1) % m_capacity;
}

QList<RequestLogEntry> RequestLog::entries() const
{
    QMutexLocker lock(&m_mutex);
    QList<RequestLogEntry> out;
    out.reserve(m_ring.size());
    for (qsizetype i = 0; i < m_ring.size(); ++i)
        out.append(m_ring[(m_next + i) % m_ring.size()]);
    return out;
}

qint64 RequestLog::totalCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace Autopack::Api
