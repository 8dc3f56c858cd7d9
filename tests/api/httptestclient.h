#pragma once

// A deliberately plain HTTP/1.1 client over a blocking QTcpSocket, for the api tests:
// it writes exactly the bytes a test gives it, so tests can send malformed, pipelined,
// chunked or oversized requests that QNetworkAccessManager would never produce.

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

#include <optional>

namespace ApiTest {

struct Response {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first == name)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class Client
{
public:
    explicit Client(quint16 port, int timeoutMs = 5000)
        : m_timeoutMs(timeoutMs)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        m_socket.waitForConnected(timeoutMs);
    }

    QTcpSocket &socket() { return m_socket; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(m_timeoutMs);
    }

    // Reads one response (status line, fields, Content-Length body). nullopt on
    // timeout or when the server closed before a whole response arrived.
    std::optional<Response> read()
    {
        const QDeadlineTimer deadline(m_timeoutMs);
        qsizetype end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!fill(deadline))
                return std::nullopt;
        }
        Response r;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_buffer.remove(0, end + 4);
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        r.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.append({lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
        }
        const qsizetype length = r.header("content-length").toLongLong();
        while (m_buffer.size() < length) {
            if (!fill(deadline))
                return std::nullopt;
        }
        r.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        return r;
    }

    std::optional<Response> request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const auto &[n, v] : headers)
            out += n + ": " + v + "\r\n";
        if (!body.isEmpty() || method == "POST")
            out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        out += "\r\n" + body;
        write(out);
        return read();
    }

    // True if the server closes the connection within the timeout (data still
    // arriving is read and kept).
    bool waitForClose(int timeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QAbstractSocket::UnconnectedState) {
            if (deadline.hasExpired())
                return false;
            if (m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                m_buffer += m_socket.readAll();
        }
        return true;
    }

private:
    bool fill(const QDeadlineTimer &deadline)
    {
        if (m_socket.bytesAvailable() == 0) {
            if (m_socket.state() != QAbstractSocket::ConnectedState || deadline.hasExpired())
                return false;
            if (!m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                return m_socket.bytesAvailable() > 0 && fill(deadline);
        }
        m_buffer += m_socket.readAll();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    int m_timeoutMs;
};

} // namespace ApiTest
