#include "openapidocument.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Autopack::Api {

namespace {

QJsonObject errorResponse(const QString &description)
{
    return {{QStringLiteral("description"), description},
            {QStringLiteral("content"),
             QJsonObject{{QStringLiteral("application/json"),
                          QJsonObject{{QStringLiteral("schema"),
                                       QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/Error")}}}}}}}};
}

QJsonObject jsonContent(const QJsonObject &schema)
{
    return {{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), schema}}}};
}

} // namespace

QJsonObject openApiDocument(const Router &router, const QString &version)
{
    static const QRegularExpression capture(QStringLiteral("\\{([^}/]+)\\}"));
    QJsonObject paths;
    for (const Route &route : router.routes()) {
        QJsonObject op;
        op.insert(QStringLiteral("summary"), route.summary);
        QString operationId = QString::fromLatin1(route.method).toLower();
        for (const QString &segment : route.pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts))
            operationId += QLatin1Char('_') + QString(segment).remove(QLatin1Char('{')).remove(QLatin1Char('}'));
        if (route.pattern == QLatin1String("/"))
            operationId += QStringLiteral("_root");
        op.insert(QStringLiteral("operationId"), operationId);
        QJsonArray parameters;
        for (auto it = capture.globalMatch(route.pattern); it.hasNext();) {
            const QString name = it.next().captured(1);
            parameters.append(QJsonObject{{QStringLiteral("name"), name},
                                          {QStringLiteral("in"), QStringLiteral("path")},
                                          {QStringLiteral("required"), true},
                                          {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
        }
        if (!parameters.isEmpty())
            op.insert(QStringLiteral("parameters"), parameters);
        if (!route.requestSchema.isEmpty())
            op.insert(QStringLiteral("requestBody"),
                      QJsonObject{{QStringLiteral("required"), true}, {QStringLiteral("content"), jsonContent(route.requestSchema)}});

        QJsonObject ok{{QStringLiteral("description"), QStringLiteral("success")}};
        if (!route.responseSchema.isEmpty())
            ok.insert(QStringLiteral("content"), jsonContent(route.responseSchema));
        QJsonObject responses{{QString::number(route.successStatus), ok}};
        if (!route.requestSchema.isEmpty() || route.method == "POST") {
            responses.insert(QStringLiteral("400"), errorResponse(QStringLiteral("malformed body or invalid field (named in \"field\")")));
            responses.insert(QStringLiteral("413"), errorResponse(QStringLiteral("body over the size limit")));
        }
        if (route.access != Access::Public) {
            responses.insert(QStringLiteral("401"), errorResponse(QStringLiteral("missing, unknown or revoked token")));
            op.insert(QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("bearer"), QJsonArray()}}});
        } else {
            op.insert(QStringLiteral("security"), QJsonArray()); // explicitly open
        }
        QJsonArray roles;
        if (route.access == Access::Roles) {
            responses.insert(QStringLiteral("403"), errorResponse(QStringLiteral("the token's role may not do this")));
            for (Role r : route.roles)
                roles.append(toString(r));
            roles.append(toString(Role::Admin));
        } else if (route.access == Access::AnyToken) {
            for (Role r : {Role::Observer, Role::Builder, Role::Auditor, Role::Admin})
                roles.append(toString(r));
        }
        op.insert(QStringLiteral("x-autopack-roles"), roles);
        op.insert(QStringLiteral("responses"), responses);

        QJsonObject item = paths.value(route.pattern).toObject();
        item.insert(QString::fromLatin1(route.method).toLower(), op);
        paths.insert(route.pattern, item);
    }

    const QJsonObject errorSchema{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("error"), QStringLiteral("detail")}},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                         {QStringLiteral("detail"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                         {QStringLiteral("field"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}};
    return {
            {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
            {QStringLiteral("info"),
             QJsonObject{{QStringLiteral("title"), QStringLiteral("Autopack Agent API")},
                         {QStringLiteral("version"), version},
                         {QStringLiteral("description"),
                          QStringLiteral("How builder and auditor agents talk to the Autopack Supervisor. Every request "
                                         "except GET /health carries \"Authorization: Bearer <token>\". POSTs may carry "
                                         "an Idempotency-Key header: a retry with the same key returns the first answer.")}}},
            {QStringLiteral("servers"), QJsonArray{QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8765")}}}},
            {QStringLiteral("paths"), paths},
            {QStringLiteral("components"),
             QJsonObject{{QStringLiteral("schemas"), QJsonObject{{QStringLiteral("Error"), errorSchema}}},
                         {QStringLiteral("securitySchemes"),
                          QJsonObject{{QStringLiteral("bearer"),
                                       QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                                   {QStringLiteral("scheme"), QStringLiteral("bearer")}}}}}}},
    };
}

} // namespace Autopack::Api
