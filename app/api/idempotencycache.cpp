#include "idempotencycache.h"

#include <QMutexLocker>

namespace Autopack::Api {

namespace {
QByteArray entryKey(const QByteArray &scope, const QString &key)
{
    return scope + '\n' + key.toUtf8();
}
} // namespace

void IdempotencyCache::prune(Clock::time_point now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        // Running entries are kept: their request is still in flight.
        if (it->done && it->expires <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
    while (m_entries.size() > m_options.maxEntries) {
        auto oldest = m_entries.end();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->done && (oldest == m_entries.end() || it->order < oldest->order))
                oldest = it;
        }
        if (oldest == m_entries.end())
            break;
        m_entries.erase(oldest);
    }
}

IdempotencyCache::Lookup IdempotencyCache::begin(const QByteArray &scope, const QString &key,
                                                 const QByteArray &fingerprint)
{
    const QByteArray k = entryKey(scope, key);
    std::optional<Kept> kept;
    if (m_journal.find) {
        bool known = false;
        {
            QMutexLocker lock(&m_mutex);
            known = m_entries.contains(k);
        }
        if (!known)
            kept = m_journal.find(scope, key);
        const QDateTime oldest = QDateTime::currentDateTimeUtc().addMSecs(-m_options.ttl.count());
        if (kept && kept->savedAt < oldest)
            kept.reset();
    }
    QMutexLocker lock(&m_mutex);
    const Clock::time_point now = Clock::now();
    auto it = m_entries.find(k);
    if (it != m_entries.end() && it->done && it->expires <= now) {
        m_entries.erase(it);
        it = m_entries.end();
    }
    if (it == m_entries.end() && kept) {
        // Answered before this process started: remembered again, for the rest of its TTL.
        Entry e;
        e.fingerprint = kept->fingerprint;
        e.done = true;
        e.response = kept->response;
        const qint64 ageMs = qMax<qint64>(0, kept->savedAt.msecsTo(QDateTime::currentDateTimeUtc()));
        e.expires = now + m_options.ttl - std::chrono::milliseconds(ageMs);
        e.order = m_nextOrder++;
        it = m_entries.insert(k, std::move(e));
    }
    if (it != m_entries.end()) {
        if (it->fingerprint != fingerprint)
            return {Outcome::Mismatch, {}};
        if (!it->done)
            return {Outcome::InProgress, {}};
        return {Outcome::Replay, it->response};
    }
    // Pruning walks the table; doing it only when it has grown keeps begin() cheap.
    if (m_entries.size() >= m_options.maxEntries || (m_nextOrder % 256) == 0)
        prune(now);
    Entry e;
    e.fingerprint = fingerprint;
    e.expires = now + m_options.ttl;
    e.order = m_nextOrder++;
    m_entries.insert(k, std::move(e));
    return {Outcome::Run, {}};
}

void IdempotencyCache::complete(const QByteArray &scope, const QString &key, const HttpResponse &response)
{
    QByteArray fingerprint;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_entries.find(entryKey(scope, key));
        if (it == m_entries.end())
            return;
        if (response.status >= 500) {
            m_entries.erase(it);
            return;
        }
        it->done = true;
        it->response = response;
        it->expires = Clock::now() + m_options.ttl;
        fingerprint = it->fingerprint;
    }
    if (m_journal.save)
        m_journal.save(scope, key, Kept { fingerprint, response, QDateTime::currentDateTimeUtc() });
}

void IdempotencyCache::abandon(const QByteArray &scope, const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(entryKey(scope, key));
}

int IdempotencyCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

} // namespace Autopack::Api
