#include "storetokenverifier.h"

#include "apilog.h"

#include <store.h>

namespace Autopack::Api {

ApiServer::TokenVerifier makeStoreTokenVerifier(Store &store)
{
    return [&store](const QString &token) -> std::expected<Principal, ApiServer::VerifyFailure> {
        using Failure = ApiServer::VerifyFailure;
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
        return Principal{row->name, *role};
    };
}

} // namespace Autopack::Api
