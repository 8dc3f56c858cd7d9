#include "httplistener.h"

#include "apilog.h"
#include "httpconnection.h"

#include <QTcpServer>
#include <QThread>

namespace Autopack::Api {

// Accepts on the listener thread and gives every socket its HttpConnection there.
class ListenerServer : public QTcpServer
{
public:
    ListenerServer(HttpListener::Dispatch dispatch, const HttpListenerOptions &options,
                   std::shared_ptr<std::atomic_int> connections)
        : m_dispatch(std::move(dispatch))
        , m_options(options)
        , m_connections(std::move(connections))
    {
    }

    // Listener thread: stop accepting and drop every connection.
    void shutdown()
    {
        QTcpServer::close();
        const auto children = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
        for (HttpConnection *c : children) {
            c->abortNow();
            delete c;
        }
        m_connections->store(0);
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (m_connections->load() >= m_options.maxConnections) {
            QTcpSocket refused;
            if (refused.setSocketDescriptor(descriptor)) {
                const QByteArray body = R"({"error":"unavailable","detail":"too many open connections"})";
                refused.write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                refused.waitForBytesWritten(100);
                refused.disconnectFromHost();
            }
            qCWarning(lcApi) << "refused a connection: already" << m_connections->load() << "open";
            return;
        }
        auto *connection = new HttpConnection(descriptor, m_options, m_dispatch, this);
        m_connections->fetch_add(1);
        connect(connection, &HttpConnection::finished, this, [counter = m_connections] { counter->fetch_sub(1); });
    }

private:
    HttpListener::Dispatch m_dispatch;
    HttpListenerOptions m_options;
    std::shared_ptr<std::atomic_int> m_connections;
};

HttpListener::HttpListener(Dispatch dispatch, HttpListenerOptions options, QObject *parent)
    : QObject(parent)
    , m_dispatch(std::move(dispatch))
    , m_options(options)
{
}

HttpListener::~HttpListener()
{
    close();
}

std::expected<quint16, QString> HttpListener::listen(const QHostAddress &address, quint16 port)
{
    if (m_thread)
        return std::unexpected(QStringLiteral("already listening on %1:%2").arg(m_address.toString()).arg(m_port));
    m_connections = std::make_shared<std::atomic_int>(0);
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("autopack-api"));
    m_server = new ListenerServer(m_dispatch, m_options, m_connections);
    m_server->moveToThread(m_thread);
    // Deleted on its own thread as the thread finishes, after close() has dropped its sockets.
    connect(m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    m_thread->start();

    QString error;
    quint16 bound = 0;
    QMetaObject::invokeMethod(
            m_server,
            [&] {
                if (m_server->listen(address, port))
                    bound = m_server->serverPort();
                else
                    error = m_server->errorString();
            },
            Qt::BlockingQueuedConnection);
    if (bound == 0) {
        close();
        return std::unexpected(QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(error));
    }
    m_address = address;
    m_port = bound;
    qCInfo(lcApi) << "listening on" << address.toString() << "port" << bound;
    return bound;
}

void HttpListener::close()
{
    if (!m_thread)
        return;
    if (m_server)
        QMetaObject::invokeMethod(m_server, [server = m_server] { server->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_server = nullptr;
    m_port = 0;
}

} // namespace Autopack::Api
