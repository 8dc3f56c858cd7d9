#pragma once

// The route table of the Agent API: method, path pattern, who may call it, and the
// handler with the thread it runs on. Routes are added before the server starts and
// are read-only afterwards, so the listener thread reads them without locking.

#include "httpmessage.h"
#include "httpresponder.h"
#include "jsonvalidator.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <expected>
#include <functional>
#include <optional>

namespace Autopack::Api {

// Token roles of SPEC §8. Every valid token may read; admin may do everything.
enum class Role { Observer, Builder, Auditor, Admin };
QString toString(Role role);
std::optional<Role> roleFromString(QStringView text);

// Who a valid token belongs to.
struct Principal {
    QString name;
    Role role = Role::Observer;
};

struct ApiRequest {
    HttpRequest http;
    QHash<QString, QString> params; // path captures, percent-decoded: "{run_id}" -> params["run_id"]
    std::optional<Principal> principal; // empty only on public routes called without a token
    // A non-empty body of a route that takes one (Route::requestSchema set), parsed as a
    // JSON object on the listener thread before the handler is queued to its own: a
    // 20 KB patch is not parsed on the engine thread. The error when it is no object.
    std::optional<std::expected<QJsonObject, FieldError>> json;
};

using RouteHandler = std::function<void(const ApiRequest &request, HttpResponder responder)>;

enum class Access {
    Public, // no token needed (GET /health)
    AnyToken, // any valid token: reads
    Roles, // a token whose role is listed in Route::roles, or admin
};

struct Route {
    QByteArray method; // "GET", "POST", ...
    QString pattern; // "/runs/{run_id}/phases/{phase_id}"; "{name}" captures one non-empty segment
    Access access = Access::AnyToken;
    QList<Role> roles; // for Access::Roles; admin is always allowed
    RouteHandler handler;
    // The handler runs on this object's thread (queued); null: on the listener thread,
    // which suits only answers that touch nothing shared. Must outlive the server.
    QObject *context = nullptr;
    QString summary; // one line, for the route listing and the OpenAPI document
    // For the OpenAPI document: the JSON schema of the request body (empty: no body)
    // and of the success answer, and the success status.
    QJsonObject requestSchema;
    QJsonObject responseSchema;
    int successStatus = 200;
};

bool mayAccess(const Route &route, Role role);

class Router
{
public:
    struct Match {
        const Route *route = nullptr;
        QHash<QString, QString> params;
        // When the path matched but the method did not: the methods that would have (for 405's Allow).
        QList<QByteArray> allowedMethods;
    };

    // Refuses (returns false, with the reason) a malformed pattern or a duplicate
    // method+pattern.
    bool add(Route route, QString *whyNot = nullptr);
    Match match(QByteArrayView method, QByteArrayView rawPath) const;
    const QList<Route> &routes() const { return m_routes; }

private:
    struct Compiled {
        QStringList segments; // literal text, or the capture name when isCapture
        QList<bool> isCapture;
    };
    static bool matchPath(const Compiled &pattern, const QStringList &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
    QList<Compiled> m_compiled; // parallel to m_routes
};

} // namespace Autopack::Api
