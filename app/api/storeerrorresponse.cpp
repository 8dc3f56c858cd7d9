#include "storeerrorresponse.h"

#include "apilog.h"

#include <storeerror.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace Autopack::Api {

HttpResponse storeErrorResponse(const StoreError &error)
{
    switch (error.kind) {
    case StoreError::Kind::InvalidInput:
        return HttpResponse::error(400, QStringLiteral("invalid_field"), error.message, error.field);
    case StoreError::Kind::Duplicate:
        return HttpResponse::error(400, QStringLiteral("duplicate"), error.message, error.field);
    case StoreError::Kind::NotFound:
        return HttpResponse::error(404, errorCodeForStatus(404), error.message);
    case StoreError::Kind::Unauthorized:
        return HttpResponse::error(401, errorCodeForStatus(401), error.message);
    case StoreError::Kind::Conflict:
        return HttpResponse::error(409, errorCodeForStatus(409), error.message);
    case StoreError::Kind::IllegalTransition: {
        QJsonObject body{{QStringLiteral("error"), QStringLiteral("illegal_transition")},
                         {QStringLiteral("detail"), error.transition ? error.transition->toString() : error.message}};
        if (error.transition) {
            body.insert(QStringLiteral("current_state"), error.transition->fromState);
            body.insert(QStringLiteral("requested_state"), error.transition->toState);
        }
        return HttpResponse::json(409, body);
    }
    case StoreError::Kind::Open:
    case StoreError::Kind::SchemaTooNew:
    case StoreError::Kind::Migration:
    case StoreError::Kind::Sql:
        break;
    }
    qCWarning(lcApi).noquote() << "store failure answered with 500:" << error.message;
    return HttpResponse::error(500, errorCodeForStatus(500), QStringLiteral("the database refused the change; see the server log"));
}

} // namespace Autopack::Api
