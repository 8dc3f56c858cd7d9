#include "apiserver.h"

#include "apilog.h"
#include "jsonvalidator.h"
#include "openapidocument.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QUrl>

namespace Autopack::Api {

namespace {

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

// The token of "Authorization: Bearer <token>", or empty.
QString bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header("authorization").trimmed();
    if (value.size() < 7 || value.left(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return QString::fromUtf8(value.mid(7).trimmed());
}

bool validIdempotencyKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > 255)
        return false;
    for (char c : key) {
        if (c < 0x21 || c > 0x7e)
            return false;
    }
    return true;
}

} // namespace

ApiServer::ApiServer(TokenVerifier verifier, ApiServerOptions options, QObject *parent)
    : QObject(parent)
    , m_verifier(std::move(verifier))
    , m_options(options)
    , m_shared(std::make_shared<Shared>(options, this))
    , m_listener([this](HttpRequest request, HttpResponder responder) { dispatch(std::move(request), std::move(responder)); },
                 withProtocolErrorLog(options.http))
{
    qRegisterMetaType<Autopack::Api::RequestLogEntry>();
    addBuiltinRoutes();
}

HttpListenerOptions ApiServer::withProtocolErrorLog(HttpListenerOptions options)
{
    // Requests refused by the transport (413 and friends) never reach dispatch(); they
    // belong in the request log all the same.
    options.onProtocolError = [shared = m_shared](const HttpRequest &partial, const HttpResponse &response) {
        RequestLogEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.method = QString::fromLatin1(partial.method);
        entry.path = QUrl::fromPercentEncoding(partial.rawPath);
        entry.status = response.status;
        if (partial.receivedAt != std::chrono::steady_clock::time_point())
            entry.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - partial.receivedAt).count();
        shared->record(entry);
    };
    return options;
}

void ApiServer::Shared::record(const RequestLogEntry &entry)
{
    log.append(entry);
    QMutexLocker lock(&serverMutex);
    if (server)
        Q_EMIT server->requestLogged(entry);
}

ApiServer::~ApiServer()
{
    close();
    QMutexLocker lock(&m_shared->serverMutex);
    m_shared->server = nullptr;
}

void ApiServer::addBuiltinRoutes()
{
    // GET / and GET /health answer on the listener thread: they touch nothing shared.
    addRoute({.method = "GET",
              .pattern = QStringLiteral("/"),
              .access = Access::AnyToken,
              .handler = [](const ApiRequest &, HttpResponder responder) {
                  responder.send(HttpResponse::json(
                          200, QJsonObject{{QStringLiteral("service"), QStringLiteral("Autopack Supervisor")},
                                           {QStringLiteral("version"), QStringLiteral(AUTOPACK_VERSION)},
                                           {QStringLiteral("description"),
                                            QStringLiteral("Autopack supervises autonomous coding agents: runs, "
                                                           "tiers and phases, governed git apply, CI and budgets")}}));
              },
              .summary = QStringLiteral("Service information")});
    addRoute({.method = "GET",
              .pattern = QStringLiteral("/health"),
              .access = Access::Public,
              .handler = [](const ApiRequest &, HttpResponder responder) {
                  responder.send(HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("healthy")},
                                                                     {QStringLiteral("version"), QStringLiteral(AUTOPACK_VERSION)}}));
              },
              .summary = QStringLiteral("Liveness; needs no token")});
    // Built from the routes at request time: routes are only added before listen(), so
    // the table is read-only by then.
    addRoute({.method = "GET",
              .pattern = QStringLiteral("/openapi.json"),
              .access = Access::AnyToken,
              .handler = [this](const ApiRequest &, HttpResponder responder) {
                  responder.send(HttpResponse::json(200, openApiDocument(m_router, QStringLiteral(AUTOPACK_VERSION))));
              },
              .summary = QStringLiteral("This API as an OpenAPI 3 document")});
}

std::expected<void, QString> ApiServer::addRoute(Route route)
{
    if (m_listener.isListening())
        return std::unexpected(QStringLiteral("routes cannot be added while the server is listening"));
    QString why;
    if (!m_router.add(std::move(route), &why))
        return std::unexpected(why);
    return {};
}

std::expected<quint16, QString> ApiServer::listen(const ListenEndpoint &endpoint)
{
    if (!endpoint.warning.isEmpty())
        qCWarning(lcApi).noquote() << endpoint.warning;
    return listen(endpoint.address, endpoint.port);
}

std::expected<quint16, QString> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    return m_listener.listen(address, port);
}

void ApiServer::close()
{
    m_listener.close();
}

void ApiServer::dispatch(HttpRequest request, HttpResponder responder)
{
    const QString token = bearerToken(request);
    std::optional<Principal> principal;
    std::optional<VerifyFailure> verifyFailure;
    if (!token.isEmpty() && m_verifier) {
        auto verified = m_verifier(token);
        if (verified)
            principal = std::move(*verified);
        else
            verifyFailure = std::move(verified.error());
    }

    // Every answer, whoever gives it, is logged once.
    {
        RequestLogEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.method = QString::fromLatin1(request.method);
        entry.path = QUrl::fromPercentEncoding(request.rawPath);
        if (principal) {
            entry.principal = principal->name;
            entry.role = toString(principal->role);
        }
        responder.addHook([shared = m_shared, entry, received = request.receivedAt](const HttpResponse &response) mutable {
            entry.status = response.status;
            entry.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - received).count();
            shared->record(entry);
        });
    }

    auto refuse = [&](int status, const QString &detail, const QString &field = {}) {
        HttpResponse r = HttpResponse::error(status, errorCodeForStatus(status), detail, field);
        if (status == 401)
            r.setHeader("WWW-Authenticate", "Bearer");
        responder.send(std::move(r));
    };

    Router::Match match = m_router.match(request.method, request.rawPath);
    const bool isPublic = match.route && match.route->access == Access::Public;
    if (!isPublic && !principal) {
        if (verifyFailure && verifyFailure->kind == VerifyFailure::Kind::Unavailable) {
            refuse(503, QStringLiteral("cannot check the token now: %1").arg(verifyFailure->detail));
            return;
        }
        refuse(401, token.isEmpty() ? QStringLiteral("missing \"Authorization: Bearer <token>\" header")
                                    : QStringLiteral("invalid token: %1")
                                              .arg(verifyFailure && !verifyFailure->detail.isEmpty()
                                                           ? verifyFailure->detail
                                                           : QStringLiteral("unknown or revoked")));
        return;
    }
    if (!match.route) {
        const QString path = QUrl::fromPercentEncoding(request.rawPath);
        if (match.allowedMethods.isEmpty()) {
            refuse(404, QStringLiteral("no such endpoint: %1").arg(path));
            return;
        }
        HttpResponse r = HttpResponse::error(
                405, errorCodeForStatus(405),
                QStringLiteral("%1 is not allowed on %2; allowed: %3")
                        .arg(QString::fromLatin1(request.method), path, QString::fromLatin1(match.allowedMethods.join(", "))));
        r.setHeader("Allow", match.allowedMethods.join(", "));
        responder.send(std::move(r));
        return;
    }
    const Route &route = *match.route;
    if (principal && route.access == Access::Roles && !mayAccess(route, principal->role)) {
        QStringList needed;
        for (Role r : route.roles)
            needed.append(toString(r));
        needed.append(toString(Role::Admin));
        refuse(403, QStringLiteral("role %1 may not %2 %3 (needs %4)")
                            .arg(toString(principal->role), QString::fromLatin1(route.method), route.pattern,
                                 needed.join(QStringLiteral(" or "))));
        return;
    }

    if (request.method == "POST" && request.hasHeader("idempotency-key")) {
        const QByteArray key = request.header("idempotency-key").trimmed();
        if (!validIdempotencyKey(key)) {
            refuse(400, QStringLiteral("Idempotency-Key must be 1 to 255 visible ASCII characters"),
                   QStringLiteral("Idempotency-Key"));
            return;
        }
        const QByteArray scope = token.isEmpty() ? QByteArray("anonymous") : sha256(token.toUtf8()).toHex();
        const QString keyText = QString::fromLatin1(key);
        const QByteArray fingerprint = sha256(request.method + ' ' + request.target + '\n' + request.body);
        const IdempotencyCache::Lookup lookup = m_shared->idempotency.begin(scope, keyText, fingerprint);
        switch (lookup.outcome) {
        case IdempotencyCache::Outcome::Replay: {
            HttpResponse replay = lookup.response;
            replay.setHeader("Idempotency-Replayed", "true");
            responder.send(std::move(replay));
            return;
        }
        case IdempotencyCache::Outcome::InProgress:
            refuse(409, QStringLiteral("a request with Idempotency-Key \"%1\" is still being processed; retry later").arg(keyText),
                   QStringLiteral("Idempotency-Key"));
            return;
        case IdempotencyCache::Outcome::Mismatch:
            refuse(422, QStringLiteral("Idempotency-Key \"%1\" was already used for a different request").arg(keyText),
                   QStringLiteral("Idempotency-Key"));
            return;
        case IdempotencyCache::Outcome::Run:
            responder.addHook([shared = m_shared, scope, keyText](const HttpResponse &response) {
                shared->idempotency.complete(scope, keyText, response);
            });
            break;
        }
    }

    ApiRequest apiRequest{std::move(request), std::move(match.params), principal, std::nullopt};
    if (!route.requestSchema.isEmpty() && !apiRequest.http.body.trimmed().isEmpty())
        apiRequest.json = parseJsonObject(apiRequest.http.body);
    if (!route.context) {
        route.handler(apiRequest, std::move(responder));
        return;
    }
    // Queued to the handler's thread; if that object is gone the responder is destroyed
    // unanswered and the client gets a 500 rather than silence.
    QMetaObject::invokeMethod(
            route.context,
            [handler = route.handler, apiRequest = std::move(apiRequest), responder = std::move(responder)] {
                handler(apiRequest, responder);
            },
            Qt::QueuedConnection);
}

} // namespace Autopack::Api
