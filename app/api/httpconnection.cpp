#include "httpconnection.h"

#include "apilog.h"

#include <QMutexLocker>

#include <sys/socket.h>

namespace Autopack::Api {

namespace {
// How much is read from the socket at a time; also the socket's read buffer size, so
// unread input stays in the kernel and TCP flow control slows the sender down.
constexpr qint64 ReadChunk = 64 * 1024;
// Answers not yet taken by a client that keeps sending but does not read: above this,
// no further requests are read until the client catches up.
constexpr qint64 MaxUnsentBytes = 1024 * 1024;
} // namespace

HttpConnection::HttpConnection(qintptr descriptor, const HttpListenerOptions &options, HttpListener::Dispatch dispatch,
                               QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_dispatch(std::move(dispatch))
    , m_link(std::make_shared<HttpConnectionLink>())
    , m_parser(HttpRequestParser::Limits{options.maxBodyBytes, options.maxHeaderBytes})
{
    m_link->connection = this;
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    socket->setReadBufferSize(ReadChunk);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcApi) << "could not adopt accepted socket:" << socket->errorString();
        QMetaObject::invokeMethod(this, &HttpConnection::onDisconnected, Qt::QueuedConnection);
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::pump);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (!m_socket)
            return;
        if (m_idleTimer.isActive())
            m_idleTimer.start(); // a client reading a large answer slowly is not idle
        if (m_closing) {
            if (m_socket->bytesToWrite() == 0)
                finishClose();
        } else if (m_pausedForWrites && m_socket->bytesToWrite() <= MaxUnsentBytes / 2) {
            m_pausedForWrites = false;
            pump();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(options.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
    restartIdleTimer();
}

HttpConnection::~HttpConnection()
{
    QMutexLocker lock(&m_link->mutex);
    m_link->connection = nullptr;
}

void HttpConnection::abortNow()
{
    if (m_socket)
        m_socket->abort();
}

void HttpConnection::restartIdleTimer()
{
    // A request being handled is not idleness: only a connection with nothing owed to
    // the client times out.
    if (m_slots.empty() && !m_closing && !m_draining)
        m_idleTimer.start();
    else
        m_idleTimer.stop();
}

void HttpConnection::onIdleTimeout()
{
    if (!m_socket || !m_slots.empty())
        return;
    qCDebug(lcApi) << "closing idle connection from" << m_socket->peerAddress().toString();
    m_stopReading = true;
    m_closing = true;
    // A client that stopped reading would keep a graceful close waiting forever.
    if (m_socket->bytesToWrite() > 0)
        m_socket->abort();
    else
        m_socket->disconnectFromHost();
}

void HttpConnection::pump()
{
    if (!m_socket)
        return;
    if (m_draining) {
        // Discard without keeping: the client may still be sending the refused body.
        while (m_socket->bytesAvailable() > 0)
            m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_socket->bytesToWrite() > MaxUnsentBytes) {
        m_pausedForWrites = true; // resumed from bytesWritten
        return;
    }
    bool progressed = true;
    while (progressed && !m_stopReading && !m_pausedForWrites) {
        progressed = false;
        // Room for a whole header block, so the parser can always reach its own limit.
        const qint64 cap = std::max<qint64>(ReadChunk, m_options.maxHeaderBytes + 1);
        if (m_buffer.size() < cap && m_socket->bytesAvailable() > 0) {
            m_buffer += m_socket->read(cap - m_buffer.size());
            m_idleTimer.stop();
            progressed = true;
        }
        while (!m_stopReading && m_slots.size() < size_t(m_options.maxPipelined) && parseOne()) {
            progressed = true;
            if (m_socket->bytesToWrite() > MaxUnsentBytes) {
                m_pausedForWrites = true;
                break;
            }
        }
        if (m_slots.size() >= size_t(m_options.maxPipelined))
            break; // resumed by flush() once answers have gone out
    }
    restartIdleTimer();
}

// Parses what is buffered; true if a request was completed (and dispatched).
bool HttpConnection::parseOne()
{
    if (m_buffer.isEmpty())
        return false;
    const HttpRequestParser::Status status = m_parser.parse(m_buffer);
    if (m_parser.takeExpectContinue() && m_slots.empty())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    switch (status) {
    case HttpRequestParser::Status::NeedMore:
        return false;
    case HttpRequestParser::Status::Failed: {
        const HttpRequestParser::Error &e = m_parser.error();
        qCInfo(lcApi) << "protocol error from" << m_socket->peerAddress().toString() << e.status << e.detail;
        Slot slot;
        slot.sequence = m_nextSequence++;
        slot.response = HttpResponse::error(e.status, errorCodeForStatus(e.status), e.detail);
        slot.close = true;
        if (m_options.onProtocolError) {
            HttpRequest partial = m_parser.partialRequest();
            partial.peerAddress = m_socket->peerAddress();
            partial.peerPort = m_socket->peerPort();
            m_options.onProtocolError(partial, *slot.response);
        }
        m_slots.push_back(std::move(slot));
        m_stopReading = true;
        m_lingerOnClose = true;
        m_buffer.clear();
        flush();
        return false;
    }
    case HttpRequestParser::Status::Complete:
        break;
    }
    HttpRequest request = m_parser.takeRequest();
    request.peerAddress = m_socket->peerAddress();
    request.peerPort = m_socket->peerPort();
    Slot slot;
    slot.sequence = m_nextSequence++;
    slot.close = request.wantsClose();
    slot.headRequest = request.method == "HEAD";
    slot.versionMinor = request.versionMinor;
    if (slot.close)
        m_stopReading = true; // nothing after a closing request is answered
    m_slots.push_back(slot);
    HttpResponder responder = HttpResponder::create(m_link, slot.sequence);
    if (m_dispatch)
        m_dispatch(std::move(request), std::move(responder));
    else
        responder.send(HttpResponse::error(503, errorCodeForStatus(503), QStringLiteral("no handler installed")));
    return true;
}

void HttpConnection::deliver(quint64 sequence, HttpResponse response)
{
    for (Slot &slot : m_slots) {
        if (slot.sequence == sequence) {
            slot.response = std::move(response);
            flush();
            return;
        }
    }
}

void HttpConnection::flush()
{
    if (!m_socket || m_closing)
        return;
    while (!m_slots.empty() && m_slots.front().response) {
        Slot slot = std::move(m_slots.front());
        m_slots.pop_front();
        const bool close = slot.close
                || slot.response->header("connection").trimmed().compare("close", Qt::CaseInsensitive) == 0;
        m_socket->write(serialize(*slot.response, close, slot.headRequest, slot.versionMinor));
        if (close) {
            m_closing = true;
            m_slots.clear(); // later pipelined requests are not answered after a close
            break;
        }
    }
    if (m_closing) {
        m_idleTimer.stop();
        if (m_socket->bytesToWrite() == 0)
            finishClose();
        return;
    }
    restartIdleTimer();
    if (!m_stopReading)
        pump(); // reading may have paused on the pipelining limit
}

void HttpConnection::finishClose()
{
    if (!m_socket || m_draining)
        return;
    if (!m_lingerOnClose) {
        m_socket->disconnectFromHost();
        return;
    }
    // Half-close, then drain: closing outright with unread input makes the kernel send
    // a reset that can destroy the error response before the client reads it.
    m_draining = true;
    m_socket->flush();
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_lingerTimer.start(m_options.lingerMs);
    pump();
}

void HttpConnection::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idleTimer.stop();
    m_lingerTimer.stop();
    {
        QMutexLocker lock(&m_link->mutex);
        m_link->connection = nullptr;
    }
    Q_EMIT finished();
    deleteLater();
}

QByteArray HttpConnection::serialize(const HttpResponse &response, bool close, bool headRequest, int versionMinor)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers) {
        const QByteArray lower = name.toLower();
        if (lower == "content-length" || lower == "connection" || lower == "transfer-encoding")
            continue;
        out += name + ": " + value + "\r\n";
    }
    const bool noBody = response.status == 204 || response.status == 304 || response.status < 200;
    if (!noBody)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (versionMinor == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!noBody && !headRequest)
        out += response.body;
    return out;
}

} // namespace Autopack::Api
