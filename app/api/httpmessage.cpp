#include "httpmessage.h"

namespace Autopack::Api {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray value;
    bool found = false;
    for (const auto &[n, v] : headers) {
        if (n != name)
            continue;
        if (found)
            value += ", ";
        value += v;
        found = true;
    }
    return value;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first == name)
            return true;
    }
    return false;
}

bool HttpRequest::wantsClose() const
{
    bool close = versionMinor == 0;
    const QList<QByteArray> tokens = header("connection").split(',');
    for (const QByteArray &t : tokens) {
        const QByteArray token = t.trimmed().toLower();
        if (token == "close")
            return true;
        if (token == "keep-alive")
            close = false;
    }
    return close;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append(std::pair(name, value));
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return json(status, QJsonDocument(object));
}

HttpResponse HttpResponse::json(int status, const QJsonDocument &document)
{
    HttpResponse r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.body = document.toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::error(int status, const QString &code, const QString &detail, const QString &field)
{
    QJsonObject o{{QStringLiteral("error"), code}, {QStringLiteral("detail"), detail}};
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    return json(status, o);
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse r;
    r.status = status;
    return r;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return status < 400 ? "OK" : "Error";
    }
}

QString errorCodeForStatus(int status)
{
    switch (status) {
    case 400: return QStringLiteral("bad_request");
    case 401: return QStringLiteral("unauthorized");
    case 403: return QStringLiteral("forbidden");
    case 404: return QStringLiteral("not_found");
    case 405: return QStringLiteral("method_not_allowed");
    case 408: return QStringLiteral("request_timeout");
    case 409: return QStringLiteral("conflict");
    case 413: return QStringLiteral("payload_too_large");
    case 414: return QStringLiteral("uri_too_long");
    case 422: return QStringLiteral("unprocessable");
    case 431: return QStringLiteral("headers_too_large");
    case 501: return QStringLiteral("not_implemented");
    case 503: return QStringLiteral("unavailable");
    case 505: return QStringLiteral("http_version_not_supported");
    default: return status >= 500 ? QStringLiteral("internal") : QStringLiteral("error");
    }
}

} // namespace Autopack::Api
