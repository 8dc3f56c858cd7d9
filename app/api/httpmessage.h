#pragma once

// HTTP request and response as plain values. The rest of Autopack sees only these,
// never QHttpServer or socket types, so the transport can change without touching
// the handlers.

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <chrono>
#include <utility>

namespace Autopack::Api {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method; // as sent, e.g. "GET" (methods are case-sensitive)
    QByteArray target; // request-target as sent: path and query, still percent-encoded
    QByteArray rawPath; // target up to '?', still percent-encoded (segments are decoded by the router)
    QUrlQuery query;
    int versionMinor = 1; // HTTP/1.<versionMinor>
    HttpHeaders headers; // names lower-cased; repeated fields kept as separate entries
    QByteArray body; // de-chunked
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    // When the first byte of this request was parsed; request durations count from here.
    std::chrono::steady_clock::time_point receivedAt{};

    // The field's value; repeated fields are joined with ", " as RFC 9110 allows.
    // `name` must be lower case.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // HTTP/1.1 defaults to keep-alive, HTTP/1.0 to close; the Connection field decides.
    bool wantsClose() const;
};

struct HttpResponse {
    int status = 200;
    HttpHeaders headers; // Content-Length and Connection are added by the transport
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const; // case-insensitive

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonDocument &document);
    // SPEC §8 error body: {"error": code, "detail": text}, plus "field" when one is named.
    static HttpResponse error(int status, const QString &code, const QString &detail,
                              const QString &field = {});
    static HttpResponse empty(int status);
};

QByteArray reasonPhrase(int status);
// The short code used in error bodies for a status ("not_found", "payload_too_large", ...).
QString errorCodeForStatus(int status);

} // namespace Autopack::Api
