#pragma once
// What the route classes of the Agent API share: reading a request body into a JSON
// object with a 400 naming the problem, answering a Supervisor result, and the small
// JSON schemas the routes declare for the OpenAPI document.
#include "httpresponder.h"
#include "jsonmapping.h"
#include "router.h"
#include <QJsonObject>
#include <expected>
#include <initializer_list>
#include <optional>
#include <utility>

namespace Autopack {
class Store;
}

namespace Autopack::Api {

class ApiServer;

class RouteHelpers
{
public:
    // The body as an object; an empty body counts as {} when `emptyIsObject` (routes whose
    // fields are all optional). On failure the 400 is already sent and nullopt returned.
    static std::optional<QJsonObject> body(
        const ApiRequest &request, const HttpResponder &responder, bool emptyIsObject = false);
    // A body field that repeats a path parameter must agree with it: a builder result for
    // p2 posted to p1's path is the client's mistake, not something to guess about.
    static bool pathAgrees(
        const QJsonObject &body, const ApiRequest &request, const QString &name, const HttpResponder &responder);
    static QString actor(const ApiRequest &request);
    // False, with a 503 naming the project and the path already sent, when the project's
    // repository is not where the project says (moved or deleted): not the client's
    // fault, and not a bug of ours either.
    static bool repositoryPresent(const Project &project, const HttpResponder &responder);
    // The project of `runId` whose repository is present; nullopt with the 404 (unknown
    // run) or the 503 (repository gone) already sent.
    static std::optional<Project> projectOfRun(
        const Store &store, const QString &runId, const HttpResponder &responder);
    // Adds `routes` in order; stops at the first the server refuses and returns why.
    static std::expected<void, QString> addAll(ApiServer &server, QList<Route> routes);

    // {"type": "object", "properties": {name: {"type": type}}, "required": [...]}; a type
    // of "array" gets string items unless given as "array:object".
    static QJsonObject schema(
        std::initializer_list<std::pair<const char *, const char *>> properties, const QStringList &required = {});
};

} // namespace Autopack::Api
