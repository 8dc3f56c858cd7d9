#pragma once

// A small blocking HTTP/1.1 client for the runner's worker threads (no event loop
// there): one keep-alive connection to the engine, reopened when the engine closed it.
// http:// over TCP, https:// over TLS (QSslSocket). Bodies are bounded (64 MiB) so a
// wrong URL cannot make the runner hold an endless stream.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <expected>
#include <memory>

class QTcpSocket;

namespace Autopack::Agent {

struct ApiReply {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QJsonObject json() const; // {} when the body is no JSON object
    // "409 illegal_transition: phase p1 is GATE ..." for errors; the API's detail text.
    QString describe() const;
    bool ok() const { return status >= 200 && status < 300; }
};

class ApiClient
{
public:
    // `baseUrl`: http[s]://host:port (a path prefix is kept). `token`: the bearer token.
    ApiClient(QUrl baseUrl, QString token, int timeoutMs = 30000);
    ~ApiClient();
    ApiClient(const ApiClient &) = delete;
    ApiClient &operator=(const ApiClient &) = delete;

    // A transport failure (cannot connect, timeout, malformed answer) is the error; any
    // HTTP status is a reply.
    // `idempotencyKey`: sent as Idempotency-Key, so a submission retried after a lost
    // answer gets the first answer instead of a second effect.
    std::expected<ApiReply, QString> send(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QByteArray &contentType = "application/json", const QByteArray &idempotencyKey = {});
    std::expected<ApiReply, QString> get(const QString &path) { return send("GET", path); }
    std::expected<ApiReply, QString> postJson(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {});

    QUrl baseUrl() const { return m_base; }
    // Checks the form of a URL the user gave: scheme http or https, a host, a port.
    static std::expected<QUrl, QString> parseBaseUrl(const QString &text);

private:
    std::expected<void, QString> connectIfNeeded();
    std::expected<ApiReply, QString> readReply();
    std::expected<QByteArray, QString> readLine();
    std::expected<QByteArray, QString> readExactly(qint64 n);
    bool waitForData();

    QUrl m_base;
    QString m_token;
    int m_timeoutMs;
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

} // namespace Autopack::Agent
