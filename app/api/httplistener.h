#pragma once

// The HTTP/1.1 listener of the Agent API, on its own thread.
//
// Why not QHttpServer: Qt 6.4's QHttpServer (a technical preview) reads and buffers
// each whole request body before any code of ours sees it, with no size limit and no
// hook to refuse early; it has no idle timeout, ignores "Connection: close", runs
// every handler synchronously on its thread, and crashes when a route's QFuture
// finishes after its client disconnected (its responder keeps a raw socket pointer).
// Working around all of that from outside would mean reaching into its private
// socket handling, so the protocol is implemented here on QTcpServer/QTcpSocket
// (keep-alive, Content-Length and chunked bodies, pipelining answered in order),
// behind value types (HttpRequest, HttpResponse, HttpResponder) that also hide it
// from the rest of Autopack.
//
// Threading: listen() starts a QThread that owns the server socket and every
// connection. The dispatch function runs on that thread, once per complete request;
// it may answer at once or pass the responder to a handler on any thread, which
// answers when its work has committed. The calling (GUI) thread never waits on a
// client.

#include "httpmessage.h"
#include "httpresponder.h"

#include <QHostAddress>
#include <QObject>

#include <atomic>
#include <expected>
#include <functional>
#include <memory>

class QThread;

namespace Autopack::Api {

struct HttpListenerOptions {
    qint64 maxBodyBytes = 32 * 1024 * 1024; // larger bodies get 413 before they are read
    qsizetype maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 30'000; // a connection with no request in progress is closed after this
    int maxPipelined = 16; // requests of one connection awaiting answers before reading pauses
    int maxConnections = 512; // further clients get 503 and are closed
    int lingerMs = 2'000; // after an error response, how long unread input is discarded before closing
    // Told (on the listener thread) of each request refused before dispatch (400, 413,
    // 431, ...): `partial` has what was parsed of it, perhaps only the peer.
    std::function<void(const HttpRequest &partial, const HttpResponse &response)> onProtocolError;
};

class ListenerServer;

class HttpListener : public QObject
{
    Q_OBJECT
public:
    // Called on the listener thread for every complete request.
    using Dispatch = std::function<void(HttpRequest request, HttpResponder responder)>;

    explicit HttpListener(Dispatch dispatch, HttpListenerOptions options = {}, QObject *parent = nullptr);
    ~HttpListener() override; // closes and joins the thread

    // Binds and starts serving; port 0 picks a free port. Returns the bound port, or
    // why binding failed (address in use, not available, ...). Blocks until bound.
    std::expected<quint16, QString> listen(const QHostAddress &address, quint16 port);
    // Stops accepting, drops every connection (unanswered requests are not answered)
    // and joins the thread. Safe to call twice.
    void close();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }
    const HttpListenerOptions &options() const { return m_options; }
    // The thread that owns the sockets and runs the dispatch function.
    QThread *serverThread() const { return m_thread; }
    int connectionCount() const { return m_connections ? m_connections->load() : 0; }

private:
    Dispatch m_dispatch;
    HttpListenerOptions m_options;
    QThread *m_thread = nullptr;
    ListenerServer *m_server = nullptr; // lives on m_thread
    std::shared_ptr<std::atomic_int> m_connections;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace Autopack::Api
