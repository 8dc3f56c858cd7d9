#pragma once

// Remembers the answers to POSTs that carried an Idempotency-Key, so a retry gets the
// first answer and runs nothing again.
//
// An entry is keyed by (scope, key), where the scope identifies the caller (a hash of
// its token: one client cannot replay another's answers). It also remembers a
// fingerprint of the request (method, target, body): the same key with a different
// request is refused rather than answered with an unrelated response. Entries expire
// after the TTL; the oldest are dropped beyond maxEntries. Server errors (5xx) are
// forgotten so that a retry runs again. Thread-safe.
//
// Kept in memory, and, when a Journal is set, written through to durable storage (the
// store's idempotency_keys table) before the answer leaves: a retry after a restart
// finds the answer there. The journal is asked only when memory has no entry.

#include "httpmessage.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace Autopack::Api {

class IdempotencyCache
{
public:
    struct Options {
        std::chrono::milliseconds ttl = std::chrono::hours(24);
        int maxEntries = 10'000;
    };

    enum class Outcome {
        Run, // first time: run the request, then complete() or abandon()
        Replay, // answered before: send `response` again
        InProgress, // the first request with this key is still running
        Mismatch, // the key was used for a different request
    };
    struct Lookup {
        Outcome outcome = Outcome::Run;
        HttpResponse response; // for Replay
    };

    // An answer as the journal keeps it.
    struct Kept {
        QByteArray fingerprint;
        HttpResponse response;
        QDateTime savedAt; // UTC; older than the TTL counts as gone
    };
    // Both called without the cache's lock held: find on the thread that calls begin(),
    // save on the one that calls complete() (the handler's), before the answer is sent.
    struct Journal {
        std::function<std::optional<Kept>(const QByteArray &scope, const QString &key)> find;
        std::function<void(const QByteArray &scope, const QString &key, const Kept &answer)> save;
    };

    IdempotencyCache() = default;
    explicit IdempotencyCache(Options options, Journal journal = {})
        : m_options(options), m_journal(std::move(journal)) { }

    Lookup begin(const QByteArray &scope, const QString &key, const QByteArray &fingerprint);
    void complete(const QByteArray &scope, const QString &key, const HttpResponse &response);
    void abandon(const QByteArray &scope, const QString &key);
    int size() const;

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        QByteArray fingerprint;
        bool done = false;
        HttpResponse response;
        Clock::time_point expires;
        quint64 order = 0; // insertion order, for eviction
    };
    void prune(Clock::time_point now);

    Options m_options;
    Journal m_journal;
    mutable QMutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
    quint64 m_nextOrder = 0;
};

} // namespace Autopack::Api
