#pragma once

// One client connection of the HttpListener, living on the listener thread. Internal
// to the api library.
//
// It reads with a bounded socket buffer (so a fast sender is throttled by TCP rather
// than buffered), parses pipelined requests, dispatches each with a responder, and
// writes answers strictly in request order. It closes after a response when the
// client or the handler asked for "Connection: close", after an idle timeout, and
// after a protocol error (413 and friends), in which case it stops reading the
// request, sends the error, shuts down its sending side and discards what the client
// still sends for a short while so the client can read the error instead of getting a
// reset.

#include "httplistener.h"
#include "httpmessage.h"
#include "httprequestparser.h"
#include "httpresponder.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

namespace Autopack::Api {

// Shared by a connection and the responders of its requests; `connection` is cleared
// (under the mutex) when the connection is destroyed, so a responder on another thread
// never posts to a dead object.
struct HttpConnectionLink {
    QMutex mutex;
    HttpConnection *connection = nullptr;
};

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(qintptr descriptor, const HttpListenerOptions &options, HttpListener::Dispatch dispatch,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    // Listener thread only: the answer to request `sequence`.
    void deliver(quint64 sequence, HttpResponse response);
    void abortNow();

Q_SIGNALS:
    void finished(); // the socket is closed; the connection deletes itself later

private:
    struct Slot {
        quint64 sequence = 0;
        std::optional<HttpResponse> response;
        bool close = false; // close after this response
        bool headRequest = false;
        int versionMinor = 1;
    };

    void pump();
    bool parseOne();
    void flush();
    void finishClose();
    void onDisconnected();
    void onIdleTimeout();
    void restartIdleTimer();
    static QByteArray serialize(const HttpResponse &response, bool close, bool headRequest, int versionMinor);

    HttpListenerOptions m_options;
    HttpListener::Dispatch m_dispatch;
    QPointer<QTcpSocket> m_socket;
    std::shared_ptr<HttpConnectionLink> m_link;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    std::deque<Slot> m_slots;
    quint64 m_nextSequence = 1;
    QTimer m_idleTimer;
    QTimer m_lingerTimer;
    bool m_stopReading = false; // a closing request or a protocol error: take no further requests
    bool m_closing = false; // the last response is written or being written
    bool m_lingerOnClose = false; // protocol error: half-close and drain instead of a plain close
    bool m_draining = false;
    bool m_pausedForWrites = false; // the client is not reading its answers
    bool m_finished = false;
};

} // namespace Autopack::Api
