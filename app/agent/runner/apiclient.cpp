#include "apiclient.h"

#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpSocket>

namespace Autopack::Agent {

namespace {
constexpr qint64 kMaxBody = 64ll * 1024 * 1024;
constexpr int kMaxHeaderLine = 64 * 1024;
} // namespace

QJsonObject ApiReply::json() const { return QJsonDocument::fromJson(body).object(); }

QString ApiReply::describe() const
{
    const QJsonObject o = json();
    if (o.contains(QStringLiteral("detail")))
        return QStringLiteral("%1 %2: %3")
            .arg(status)
            .arg(o.value(QStringLiteral("error")).toString(), o.value(QStringLiteral("detail")).toString());
    if (ok())
        return QString::number(status);
    return QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body.left(300)).trimmed());
}

ApiClient::ApiClient(QUrl baseUrl, QString token, int timeoutMs)
    : m_base(std::move(baseUrl))
    , m_token(std::move(token))
    , m_timeoutMs(timeoutMs)
{
}

ApiClient::~ApiClient() = default;

std::expected<QUrl, QString> ApiClient::parseBaseUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return std::unexpected(QStringLiteral("--url %1 is not a URL: %2").arg(text, url.errorString()));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return std::unexpected(QStringLiteral("--url %1: the scheme must be http or https").arg(text));
    if (url.host().isEmpty())
        return std::unexpected(QStringLiteral("--url %1 names no host").arg(text));
    if (url.scheme() == QLatin1String("https") && !QSslSocket::supportsSsl())
        return std::unexpected(QStringLiteral("--url %1: this system has no TLS library for https").arg(text));
    return url;
}

std::expected<void, QString> ApiClient::connectIfNeeded()
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        return {};
    m_buffer.clear();
    const bool tls = m_base.scheme() == QLatin1String("https");
    const quint16 port = quint16(m_base.port(tls ? 443 : 80));
    if (tls) {
        auto *ssl = new QSslSocket;
        m_socket.reset(ssl);
        ssl->connectToHostEncrypted(m_base.host(), port);
        ssl->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (!ssl->waitForEncrypted(m_timeoutMs))
            return std::unexpected(
                QStringLiteral("cannot connect to %1: %2").arg(m_base.toString(), ssl->errorString()));
    } else {
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket->connectToHost(m_base.host(), port);
        if (!m_socket->waitForConnected(m_timeoutMs))
            return std::unexpected(
                QStringLiteral("cannot connect to %1: %2").arg(m_base.toString(), m_socket->errorString()));
    }
    return {};
}

std::expected<ApiReply, QString> ApiClient::postJson(
    const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey)
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", idempotencyKey);
}

std::expected<ApiReply, QString> ApiClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
    const QByteArray &contentType, const QByteArray &idempotencyKey)
{
    QString fullPath = m_base.path();
    if (fullPath.endsWith(u'/'))
        fullPath.chop(1);
    fullPath += path;
    QByteArray request = method + ' ' + QUrl(fullPath).toEncoded(QUrl::FullyEncoded) + " HTTP/1.1\r\n";
    const int port = m_base.port(m_base.scheme() == QLatin1String("https") ? 443 : 80);
    request += "Host: " + m_base.host(QUrl::FullyEncoded).toUtf8() + ':' + QByteArray::number(port) + "\r\n";
    if (!m_token.isEmpty())
        request += "Authorization: Bearer " + m_token.toUtf8() + "\r\n";
    request += "Connection: keep-alive\r\n";
    if (!idempotencyKey.isEmpty())
        request += "Idempotency-Key: " + idempotencyKey + "\r\n";
    if (method != "GET" || !body.isEmpty()) {
        request += "Content-Type: " + contentType + "\r\n";
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    request += "\r\n";
    // A kept-alive connection the engine closed meanwhile fails on first use: once more
    // on a fresh one. Requests are retried only when nothing of the answer was read.
    for (int round = 0; round < 2; ++round) {
        if (auto c = connectIfNeeded(); !c)
            return std::unexpected(c.error());
        // One write: a header and a body sent apart wait on Nagle and the engine's
        // delayed ACK (~40 ms a request).
        m_socket->write(request + body);
        bool written = true;
        while (m_socket->bytesToWrite() > 0) {
            if (!m_socket->waitForBytesWritten(m_timeoutMs)) {
                written = false;
                break;
            }
        }
        if (!written) {
            m_socket.reset();
            if (round == 0)
                continue;
            return std::unexpected(
                QStringLiteral("cannot send %1 %2 to %3").arg(QString::fromLatin1(method), path, m_base.toString()));
        }
        const bool nothingBuffered = m_buffer.isEmpty();
        auto reply = readReply();
        if (reply)
            return reply;
        m_socket.reset();
        if (round == 0 && nothingBuffered && reply.error().startsWith(QLatin1String("connection closed")))
            continue;
        return std::unexpected(QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(method), path, reply.error()));
    }
    return std::unexpected(
        QStringLiteral("%1 %2: the engine closed the connection").arg(QString::fromLatin1(method), path));
}

bool ApiClient::waitForData()
{
    if (m_socket->bytesAvailable() > 0 || m_socket->waitForReadyRead(m_timeoutMs)) {
        m_buffer += m_socket->readAll();
        return true;
    }
    return false;
}

std::expected<QByteArray, QString> ApiClient::readLine()
{
    for (;;) {
        const qsizetype nl = m_buffer.indexOf("\r\n");
        if (nl >= 0) {
            QByteArray line = m_buffer.left(nl);
            m_buffer.remove(0, nl + 2);
            return line;
        }
        if (m_buffer.size() > kMaxHeaderLine)
            return std::unexpected(QStringLiteral("a header line of the answer is longer than 64 KiB"));
        if (!waitForData())
            return std::unexpected(m_socket->state() == QAbstractSocket::ConnectedState
                    ? QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000)
                    : QStringLiteral("connection closed by the engine"));
    }
}

std::expected<QByteArray, QString> ApiClient::readExactly(qint64 n)
{
    while (m_buffer.size() < n) {
        if (!waitForData())
            return std::unexpected(
                QStringLiteral("the answer was cut short (%1 of %2 bytes)").arg(m_buffer.size()).arg(n));
    }
    QByteArray out = m_buffer.left(n);
    m_buffer.remove(0, n);
    return out;
}

std::expected<ApiReply, QString> ApiClient::readReply()
{
    auto status = readLine();
    if (!status)
        return std::unexpected(status.error());
    const QList<QByteArray> parts = status->split(' ');
    if (parts.size() < 2 || !parts.at(0).startsWith("HTTP/1."))
        return std::unexpected(QStringLiteral("not an HTTP answer: %1").arg(QString::fromLatin1(status->left(80))));
    ApiReply reply;
    reply.status = parts.at(1).toInt();
    qint64 length = -1;
    bool chunked = false;
    bool close = false;
    for (;;) {
        auto line = readLine();
        if (!line)
            return std::unexpected(line.error());
        if (line->isEmpty())
            break;
        const qsizetype colon = line->indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line->left(colon).trimmed().toLower();
        const QByteArray value = line->mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
            chunked = true;
        else if (name == "connection" && value.toLower() == "close")
            close = true;
        else if (name == "content-type")
            reply.contentType = value;
    }
    if (chunked) {
        for (;;) {
            auto sizeLine = readLine();
            if (!sizeLine)
                return std::unexpected(sizeLine.error());
            bool ok = false;
            const qint64 size = sizeLine->split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return std::unexpected(QStringLiteral("bad chunk size in the answer"));
            if (reply.body.size() + size > kMaxBody)
                return std::unexpected(QStringLiteral("the answer is larger than 64 MiB"));
            if (size == 0) {
                readLine(); // the CRLF after the last chunk (no trailers are sent)
                break;
            }
            auto data = readExactly(size);
            if (!data)
                return std::unexpected(data.error());
            reply.body += *data;
            readLine();
        }
    } else if (length >= 0) {
        if (length > kMaxBody)
            return std::unexpected(QStringLiteral("the answer is larger than 64 MiB"));
        auto data = readExactly(length);
        if (!data)
            return std::unexpected(data.error());
        reply.body = *data;
    } else if (reply.status != 204 && reply.status != 304) {
        while (waitForData()) {
            if (m_buffer.size() > kMaxBody)
                return std::unexpected(QStringLiteral("the answer is larger than 64 MiB"));
        }
        reply.body = m_buffer;
        m_buffer.clear();
        close = true;
    }
    if (close)
        m_socket.reset();
    return reply;
}

} // namespace Autopack::Agent
