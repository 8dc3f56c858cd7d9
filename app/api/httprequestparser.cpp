#include "httprequestparser.h"

#include <QUrlQuery>

#include <limits>

namespace Autopack::Api {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QString printable(QByteArrayView s)
{
    QString out = QString::fromLatin1(s.first(std::min<qsizetype>(s.size(), 80)));
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            c = QLatin1Char('?');
    }
    return out;
}

} // namespace

bool HttpRequestParser::takeLine(QByteArray &buffer, QByteArray &line)
{
    const qsizetype lf = buffer.indexOf('\n');
    if (lf < 0)
        return false;
    qsizetype end = lf;
    if (end > 0 && buffer.at(end - 1) == '\r')
        --end;
    line = buffer.left(end);
    buffer.remove(0, lf + 1);
    if (m_state == State::RequestLine || m_state == State::Headers || m_state == State::Trailers)
        m_headerBytes += lf + 1;
    return true;
}

bool HttpRequestParser::takeBodyBytes(QByteArray &buffer)
{
    const qint64 n = std::min<qint64>(m_remaining, buffer.size());
    m_request.body.append(buffer.constData(), n);
    buffer.remove(0, n);
    m_remaining -= n;
    return m_remaining <= 0;
}

HttpRequestParser::Status HttpRequestParser::fail(int status, const QString &detail)
{
    m_state = State::Failed;
    m_error = {status, detail};
    return Status::Failed;
}

bool HttpRequestParser::takeExpectContinue()
{
    return std::exchange(m_expectContinue, false);
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest r = std::move(m_request);
    m_request = HttpRequest();
    m_state = State::RequestLine;
    m_headerBytes = 0;
    m_remaining = 0;
    m_started = false;
    m_expectContinue = false;
    return r;
}

HttpRequestParser::Status HttpRequestParser::parse(QByteArray &buffer)
{
    if (m_state == State::Failed)
        return Status::Failed;
    if (m_state == State::Done)
        return Status::Complete;

    QByteArray line;
    for (;;) {
        switch (m_state) {
        case State::RequestLine: {
            // RFC 9112 §2.2: ignore empty lines before a request line.
            while (buffer.startsWith("\r\n") || buffer.startsWith('\n'))
                buffer.remove(0, buffer.startsWith('\n') ? 1 : 2);
            if (buffer.isEmpty())
                return Status::NeedMore;
            if (!m_started) {
                m_started = true;
                m_request.receivedAt = std::chrono::steady_clock::now();
            }
            if (!takeLine(buffer, line)) {
                if (buffer.size() > m_limits.maxHeaderBytes)
                    return fail(414, QStringLiteral("request line longer than %1 bytes").arg(m_limits.maxHeaderBytes));
                return Status::NeedMore;
            }
            if (!parseRequestLine(line))
                return Status::Failed;
            m_state = State::Headers;
            break;
        }
        case State::Headers:
        case State::Trailers: {
            const bool trailer = m_state == State::Trailers;
            if (!takeLine(buffer, line)) {
                if (m_headerBytes + buffer.size() > m_limits.maxHeaderBytes)
                    return fail(431, QStringLiteral("header fields larger than %1 bytes").arg(m_limits.maxHeaderBytes));
                return Status::NeedMore;
            }
            if (m_headerBytes > m_limits.maxHeaderBytes)
                return fail(431, QStringLiteral("header fields larger than %1 bytes").arg(m_limits.maxHeaderBytes));
            if (line.isEmpty()) {
                if (trailer) {
                    m_state = State::Done;
                    return Status::Complete;
                }
                if (!headersComplete())
                    return Status::Failed;
                if (m_state == State::Done)
                    return Status::Complete;
                break;
            }
            if (!parseHeaderLine(line, trailer))
                return Status::Failed;
            break;
        }
        case State::Body: {
            if (!takeBodyBytes(buffer))
                return Status::NeedMore;
            m_state = State::Done;
            return Status::Complete;
        }
        case State::ChunkSize: {
            if (!takeLine(buffer, line)) {
                if (buffer.size() > 1024)
                    return fail(400, QStringLiteral("chunk-size line longer than 1024 bytes"));
                return Status::NeedMore;
            }
            const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
            const QByteArray hex = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
            if (hex.isEmpty() || hex.size() > 15)
                return fail(400, QStringLiteral("invalid chunk size \"%1\"").arg(printable(hex)));
            bool ok = false;
            const qint64 size = hex.toLongLong(&ok, 16);
            if (!ok || size < 0)
                return fail(400, QStringLiteral("invalid chunk size \"%1\"").arg(printable(hex)));
            if (size > m_limits.maxBodyBytes - m_request.body.size())
                return fail(413, QStringLiteral("request body larger than the limit of %1 bytes").arg(m_limits.maxBodyBytes));
            if (size == 0) {
                m_state = State::Trailers;
                break;
            }
            m_remaining = size;
            m_state = State::ChunkData;
            break;
        }
        case State::ChunkData: {
            if (!takeBodyBytes(buffer))
                return Status::NeedMore;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            if (buffer.size() < 2 && !buffer.startsWith('\n'))
                return Status::NeedMore;
            if (buffer.startsWith("\r\n"))
                buffer.remove(0, 2);
            else if (buffer.startsWith('\n'))
                buffer.remove(0, 1);
            else
                return fail(400, QStringLiteral("chunk data not followed by CRLF"));
            m_state = State::ChunkSize;
            break;
        }
        case State::Done:
            return Status::Complete;
        case State::Failed:
            return Status::Failed;
        }
    }
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const QList<QByteArrayView> parts = [&] {
        QList<QByteArrayView> p;
        qsizetype start = 0;
        for (qsizetype i = 0; i <= line.size(); ++i) {
            if (i == line.size() || line.at(i) == ' ') {
                p.append(line.sliced(start, i - start));
                start = i + 1;
            }
        }
        return p;
    }();
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, QStringLiteral("malformed request line \"%1\"").arg(printable(line)));
        return false;
    }
    const QByteArrayView version = parts[2];
    if (version == "HTTP/1.1") {
        m_request.versionMinor = 1;
    } else if (version == "HTTP/1.0") {
        m_request.versionMinor = 0;
    } else if (version.startsWith("HTTP/")) {
        fail(505, QStringLiteral("HTTP version \"%1\" is not supported; use HTTP/1.1").arg(printable(version)));
        return false;
    } else {
        fail(400, QStringLiteral("malformed request line \"%1\"").arg(printable(line)));
        return false;
    }
    const QByteArrayView target = parts[1];
    if (!target.startsWith('/')) {
        // Only origin-form: this is not a proxy, and "*" (OPTIONS) has no use here.
        fail(400, QStringLiteral("request target \"%1\" must start with '/'").arg(printable(target)));
        return false;
    }
    m_request.method = parts[0].toByteArray();
    m_request.target = target.toByteArray();
    const qsizetype q = target.indexOf('?');
    m_request.rawPath = (q < 0 ? target : target.first(q)).toByteArray();
    if (q >= 0)
        m_request.query = QUrlQuery(QString::fromUtf8(target.sliced(q + 1)));
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line, bool trailer)
{
    if (line.front() == ' ' || line.front() == '\t') {
        fail(400, QStringLiteral("obsolete line folding in header fields is not accepted"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(400, QStringLiteral("malformed header field \"%1\"").arg(printable(line)));
        return false;
    }
    if (trailer)
        return true; // trailer fields carry nothing we use
    m_request.headers.append(std::pair(line.first(colon).toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()));
    return true;
}

bool HttpRequestParser::headersComplete()
{
    const bool hasLength = m_request.hasHeader("content-length");
    const QByteArray te = m_request.header("transfer-encoding").trimmed().toLower();
    if (m_request.hasHeader("transfer-encoding")) {
        if (hasLength) {
            // RFC 9112 §6.1: both together are a request-smuggling vector; refuse.
            fail(400, QStringLiteral("both Transfer-Encoding and Content-Length given"));
            return false;
        }
        if (te != "chunked") {
            fail(501, QStringLiteral("Transfer-Encoding \"%1\" is not supported; use chunked").arg(printable(te)));
            return false;
        }
        if (m_request.versionMinor == 0) {
            fail(400, QStringLiteral("Transfer-Encoding is not allowed in HTTP/1.0"));
            return false;
        }
        m_state = State::ChunkSize;
    } else if (hasLength) {
        QByteArray value;
        for (const auto &[n, v] : std::as_const(m_request.headers)) {
            if (n != "content-length")
                continue;
            if (!value.isNull() && v != value) {
                fail(400, QStringLiteral("conflicting Content-Length fields"));
                return false;
            }
            value = v;
        }
        bool ok = !value.isEmpty() && value.size() <= 18;
        for (char c : std::as_const(value))
            ok = ok && c >= '0' && c <= '9';
        const qint64 length = ok ? value.toLongLong(&ok) : -1;
        if (!ok) {
            fail(400, QStringLiteral("invalid Content-Length \"%1\"").arg(printable(value)));
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, QStringLiteral("request body of %1 bytes is larger than the limit of %2 bytes")
                          .arg(length).arg(m_limits.maxBodyBytes));
            return false;
        }
        m_remaining = length;
        m_request.body.reserve(std::min<qint64>(length, 1024 * 1024)); // a claim is not yet a body
        m_state = length > 0 ? State::Body : State::Done;
    } else {
        m_state = State::Done;
    }
    if (m_state != State::Done && m_request.versionMinor == 1
        && m_request.header("expect").trimmed().toLower() == "100-continue")
        m_expectContinue = true;
    return true;
}

} // namespace Autopack::Api
