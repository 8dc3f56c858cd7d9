#pragma once

// The last N requests the API answered (method, path, caller, status, duration), for
// the UI. A bounded ring: old entries fall off, memory stays fixed. Thread-safe.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QString>

namespace Autopack::Api {

struct RequestLogEntry {
    QDateTime time; // UTC, when the request arrived
    QString method;
    QString path; // without the query
    QString principal; // token name; empty when no valid token was given
    QString role; // "builder", ...; empty when no valid token was given
    int status = 0;
    double durationMs = 0; // from the first byte parsed to the answer handed to the connection
};

class RequestLog
{
public:
    explicit RequestLog(int capacity = 1000);

    void append(RequestLogEntry entry);
    QList<RequestLogEntry> entries() const; // oldest first
    int capacity() const { return m_capacity; }
    qint64 totalCount() const; // every entry ever appended, including those dropped

private:
    mutable QMutex m_mutex;
    int m_capacity;
    QList<RequestLogEntry> m_ring;
    qsizetype m_next = 0; // where the next entry goes once the ring is full
    qint64 m_total = 0;
};

} // namespace Autopack::Api

Q_DECLARE_METATYPE(Autopack::Api::RequestLogEntry)
