#include "storeidempotencyjournal.h"

#include "apilog.h"

#include <store.h>

#include <atomic>
#include <memory>

namespace Autopack::Api {

namespace {

void prune(Store &store, std::chrono::milliseconds ttl)
{
    const auto pruned = store.pruneIdempotencyRecords(QDateTime::currentDateTimeUtc().addMSecs(-ttl.count()));
    if (!pruned)
        qCWarning(lcApi).noquote() << "old idempotency keys not deleted:" << pruned.error().message;
}

} // namespace

IdempotencyCache::Journal makeStoreIdempotencyJournal(Store &store, std::chrono::milliseconds ttl)
{
    prune(store, ttl);
    auto saves = std::make_shared<std::atomic<quint64>>(0);
    IdempotencyCache::Journal journal;
    journal.find = [&store](const QByteArray &scope, const QString &key) -> std::optional<IdempotencyCache::Kept> {
        const auto row = store.idempotencyRecord(scope, key);
        if (!row) {
            qCWarning(lcApi).noquote() << "idempotency key" << key << "not looked up:" << row.error().message;
            return std::nullopt;
        }
        if (!row->has_value())
            return std::nullopt;
        const IdempotencyRecord &r = **row;
        HttpResponse response;
        response.status = r.status;
        response.headers = r.headers;
        response.body = r.body;
        return IdempotencyCache::Kept { r.fingerprint, response, r.createdAt };
    };
    journal.save = [&store, saves, ttl](const QByteArray &scope, const QString &key, const IdempotencyCache::Kept &answer) {
        IdempotencyRecord r;
        r.scope = scope;
        r.key = key;
        r.fingerprint = answer.fingerprint;
        r.status = answer.response.status;
        r.headers = answer.response.headers;
        r.body = answer.response.body;
        if (const auto saved = store.saveIdempotencyRecord(r); !saved)
            qCWarning(lcApi).noquote() << "the answer to idempotency key" << key
                                       << "is not kept across a restart:" << saved.error().message;
        if (++*saves % 1000 == 0)
            prune(store, ttl);
    };
    return journal;
}

} // namespace Autopack::Api
