#include "routehelpers.h"

#include "apiserver.h"
#include "jsonvalidator.h"
#include "store.h"
#include "storeerrorresponse.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Autopack::Api {

std::optional<QJsonObject> RouteHelpers::body(
    const ApiRequest &request, const HttpResponder &responder, bool emptyIsObject)
{
    if (emptyIsObject && request.http.body.trimmed().isEmpty())
        return QJsonObject();
    auto parsed = request.json ? *request.json : parseJsonObject(request.http.body);
    if (!parsed) {
        responder.send(parsed.error().toResponse());
        return std::nullopt;
    }
    return *parsed;
}

bool RouteHelpers::pathAgrees(
    const QJsonObject &body, const ApiRequest &request, const QString &name, const HttpResponder &responder)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined())
        return true;
    const QString expected = request.params.value(name);
    if (!value.isString()) {
        responder.send(FieldError { name, QStringLiteral("%1 must be a string").arg(name) }.toResponse());
        return false;
    }
    if (value.toString() != expected) {
        responder.send(FieldError {
            name, QStringLiteral("%1 is \"%2\" but the path names \"%3\"").arg(name, value.toString(), expected) }
                           .toResponse());
        return false;
    }
    return true;
}

bool RouteHelpers::repositoryPresent(const Project &project, const HttpResponder &responder)
{
    if (QFileInfo(project.repoPath).isDir())
        return true;
    responder.send(HttpResponse::error(503, errorCodeForStatus(503),
        QStringLiteral("The repository of project %1 is not at %2 (moved or deleted?)")
            .arg(project.name, project.repoPath)));
    return false;
}

std::optional<Project> RouteHelpers::projectOfRun(
    const Store &store, const QString &runId, const HttpResponder &responder)
{
    auto run = store.run(runId);
    auto project = run ? store.project(run->projectId) : StoreResult<Project>(std::unexpected(run.error()));
    if (!project) {
        responder.send(storeErrorResponse(project.error()));
        return std::nullopt;
    }
    if (!repositoryPresent(*project, responder))
        return std::nullopt;
    return *project;
}

QString RouteHelpers::actor(const ApiRequest &request)
{
    return request.principal ? request.principal->name : QString();
}

QJsonObject RouteHelpers::schema(
    std::initializer_list<std::pair<const char *, const char *>> properties, const QStringList &required)
{
    QJsonObject props;
    for (const auto &[name, type] : properties) {
        const QString t = QString::fromLatin1(type);
        if (t.startsWith(QLatin1String("array"))) {
            const QString item = t.section(u':', 1, 1);
            props.insert(QString::fromLatin1(name),
                QJsonObject {
                    { "type", "array" }, { "items", QJsonObject { { "type", item.isEmpty() ? "string" : item } } } });
        } else {
            props.insert(QString::fromLatin1(name), QJsonObject { { "type", t } });
        }
    }
    QJsonObject s { { "type", "object" }, { "properties", props } };
    if (!required.isEmpty())
        s.insert("required", QJsonArray::fromStringList(required));
    return s;
}

std::expected<void, QString> RouteHelpers::addAll(ApiServer &server, QList<Route> routes)
{
    for (Route &route : routes) {
        auto added = server.addRoute(std::move(route));
        if (!added)
            return added;
    }
    return {};
}

} // namespace Autopack::Api
