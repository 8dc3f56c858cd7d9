#include "storetokenverifier.h"

#include "apilog.h"

#include <store.h>

#include <QCryptographicHash>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace Autopack::Api {

namespace {

struct TokenCache {
    using Clock = std::chrono::steady_clock;
    struct Entry {
        Principal principal;
        Clock::time_point expires;
    };
    static constexpr qsizetype MaxEntries = 4096;

    QMutex mutex;
    QHash<QByteArray, Entry> entries; // SHA-256 of the token -> who

    std::optional<Principal> find(const QByteArray &key)
    {
        QMutexLocker lock(&mutex);
        const auto it = entries.constFind(key);
        if (it == entries.constEnd() || it->expires <= Clock::now())
            return std::nullopt;
        return it->principal;
    }
    void insert(const QByteArray &key, const Principal &principal, std::chrono::milliseconds ttl)
    {
        QMutexLocker lock(&mutex);
        if (entries.size() >= MaxEntries)
            entries.clear(); // only valid tokens get here; this is a backstop, not a policy
        entries.insert(key, {principal, Clock::now() + ttl});
    }
    void clear()
    {
        QMutexLocker lock(&mutex);
        entries.clear();
    }
};

} // namespace

ApiServer::TokenVerifier makeStoreTokenVerifier(Store &store, std::chrono::milliseconds cacheTtl)
{
    auto cache = std::make_shared<TokenCache>();
    if (cacheTtl.count() > 0) {
        // Direct: the cache is emptied in the writing thread, before the revoking call
        // returns, not whenever some event loop gets to it.
        QObject::connect(store.notifier(), &StoreNotifier::tokensChanged, store.notifier(), [cache] { cache->clear(); },
                         Qt::DirectConnection);
    }
    return [&store, cache, cacheTtl](const QString &token) -> std::expected<Principal, ApiServer::VerifyFailure> {
        using Failure = ApiServer::VerifyFailure;
        const QByteArray key = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
        if (cacheTtl.count() > 0) {
            if (std::optional<Principal> known = cache->find(key))
                return *known;
        }
        const StoreResult<AgentToken> row = store.verifyToken(token);
        if (!row) {
            if (row.error().kind == StoreError::Kind::Unauthorized)
                return std::unexpected(Failure{Failure::Kind::InvalidToken, row.error().message});
            qCWarning(lcApi).noquote() << "token check failed:" << row.error().message;
            return std::unexpected(Failure{Failure::Kind::Unavailable, row.error().message});
        }
        const std::optional<Role> role = roleFromString(row->role);
        if (!role) {
            qCWarning(lcApi).noquote() << "token" << row->name << "has an unknown role" << row->role;
            return std::unexpected(Failure{Failure::Kind::InvalidToken,
                                           QStringLiteral("token %1 has an unknown role \"%2\"").arg(row->name, row->role)});
        }
        Principal principal{row->name, *role};
        if (cacheTtl.count() > 0)
            cache->insert(key, principal, cacheTtl);
        return principal;
    };
}

} // namespace Autopack::Api
