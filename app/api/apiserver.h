#pragma once

// The Agent API server (SPEC §8): the HTTP listener plus what every route shares —
// bearer-token authentication through an injected verifier, the role each route
// needs, JSON errors, Idempotency-Key replays on POSTs, and the request log.
//
// Order of checks for a request: route lookup, then the token (401 before 404/405,
// so an unauthenticated caller learns nothing about which paths exist), then the
// route's role (403), then the idempotency cache, then the handler on its context's
// thread. Handlers answer through the responder when their change has committed.

#include "httplistener.h"
#include "idempotencycache.h"
#include "listenaddress.h"
#include "requestlog.h"
#include "router.h"

#include <QMutex>
#include <QObject>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

namespace Autopack::Api {

struct ApiServerOptions {
    HttpListenerOptions http;
    IdempotencyCache::Options idempotency;
    IdempotencyCache::Journal idempotencyJournal; // durable answers; empty: memory only
    int requestLogCapacity = 1000;
};

class ApiServer : public QObject
{
    Q_OBJECT
public:
    // Why a token was not accepted: a bad token is the caller's fault (401); a verifier
    // that cannot answer (database down) is ours (503), and must not look like a 401.
    struct VerifyFailure {
        enum class Kind { InvalidToken, Unavailable };
        Kind kind = Kind::InvalidToken;
        QString detail; // shown to the client
    };
    // token -> who it belongs to. Called on the listener thread, concurrently with
    // anything else: must be thread-safe.
    using TokenVerifier = std::function<std::expected<Principal, VerifyFailure>(const QString &token)>;

    explicit ApiServer(TokenVerifier verifier, ApiServerOptions options = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    // Before listen() only. GET / and GET /health are built in. Returns why a route was refused.
    std::expected<void, QString> addRoute(Route route);

    std::expected<quint16, QString> listen(const ListenEndpoint &endpoint);
    std::expected<quint16, QString> listen(const QHostAddress &address, quint16 port);
    void close();
    quint16 port() const { return m_listener.port(); }
    const HttpListener &listener() const { return m_listener; }
    const Router &router() const { return m_router; }
    const RequestLog &requestLog() const { return m_shared->log; }

Q_SIGNALS:
    // One per answered request, emitted from the thread that answered it (queued to
    // receivers elsewhere, e.g. the UI).
    void requestLogged(const Autopack::Api::RequestLogEntry &entry);

private:
    void dispatch(HttpRequest request, HttpResponder responder);
    void addBuiltinRoutes();
    HttpListenerOptions withProtocolErrorLog(HttpListenerOptions options);

    TokenVerifier m_verifier;
    ApiServerOptions m_options;
    Router m_router;
    // What the responders' hooks touch. A handler may hold a responder after the server
    // is gone (answering after a slow commit at shutdown), so the hooks share this
    // rather than pointing into the server; `server` is cleared by the destructor.
    struct Shared {
        Shared(const ApiServerOptions &options, ApiServer *owner)
            : idempotency(options.idempotency, options.idempotencyJournal), log(options.requestLogCapacity), server(owner) { }
        IdempotencyCache idempotency;
        RequestLog log;
        QMutex serverMutex;
        ApiServer *server; // guarded by serverMutex
        void record(const RequestLogEntry &entry);
    };
    std::shared_ptr<Shared> m_shared;
    HttpListener m_listener;
};

} // namespace Autopack::Api
