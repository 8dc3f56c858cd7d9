#pragma once

// Incremental HTTP/1.1 request parser (RFC 9112): request line, header fields,
// Content-Length or chunked bodies, pipelined requests back to back.
//
// Limits are enforced before bytes are kept: a Content-Length over the body limit is
// refused as soon as the header block is complete, and a chunked body as soon as a
// chunk-size line would take it past the limit, so an oversized body is never
// buffered. The parser consumes from the caller's buffer what it has used; whatever
// is left there belongs to the next call.

#include "httpmessage.h"

#include <QByteArray>

namespace Autopack::Api {

class HttpRequestParser
{
public:
    struct Limits {
        qint64 maxBodyBytes = 32 * 1024 * 1024;
        qsizetype maxHeaderBytes = 64 * 1024; // request line + fields (and trailers)
    };

    enum class Status {
        NeedMore, // everything given was consumed or is an incomplete line; feed more
        Complete, // a request is ready: takeRequest(); more may follow in the buffer
        Failed, // the stream is unusable from here on: error() says why; answer and close
    };

    struct Error {
        int status = 400; // 400, 413, 431, 501 or 505
        QString detail;
    };

    HttpRequestParser() = default;
    explicit HttpRequestParser(Limits limits) : m_limits(limits) { }

    // Parses from the front of `buffer`, removing what it consumed. Stops after one
    // complete request, so the caller can decide whether to take the next one yet.
    Status parse(QByteArray &buffer);

    HttpRequest takeRequest(); // valid after Complete; resets for the next request
    const Error &error() const { return m_error; }
    // What has been parsed of the current request so far (after Failed: of the refused one).
    const HttpRequest &partialRequest() const { return m_request; }

    // True once the header block of the current request is complete and it asked for
    // "Expect: 100-continue" with an acceptable length; cleared when read.
    bool takeExpectContinue();
    // True while some bytes of a request have been consumed but it is not complete.
    bool inProgress() const { return m_state != State::RequestLine || m_started; }

private:
    enum class State { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, Failed };

    Status fail(int status, const QString &detail);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line, bool trailer);
    bool headersComplete();
    // One CRLF-terminated line (bare LF tolerated) without its terminator, or false if
    // the buffer holds no complete line yet.
    bool takeLine(QByteArray &buffer, QByteArray &line);
    // Moves up to m_remaining bytes from `buffer` into the body; true once none remain.
    bool takeBodyBytes(QByteArray &buffer);

    Limits m_limits;
    State m_state = State::RequestLine;
    HttpRequest m_request;
    Error m_error;
    qsizetype m_headerBytes = 0;
    qint64 m_remaining = 0; // body or chunk bytes still to read
    bool m_started = false;
    bool m_expectContinue = false;
};

} // namespace Autopack::Api
