// HttpRequestParser: request line, fields, Content-Length and chunked bodies,
// pipelining, byte-by-byte feeding, and every limit refused before the body is kept.

#include "httprequestparser.h"

#include <QTest>

using namespace Autopack::Api;

class tst_HttpRequestParser : public QObject
{
    Q_OBJECT

private:
    using Status = HttpRequestParser::Status;

private Q_SLOTS:
    void simpleGet()
    {
        HttpRequestParser p;
        QByteArray in = "GET /runs/r%201?status=DONE_SUCCESS&x=1 HTTP/1.1\r\nHost: a\r\nX-Thing:  v  \r\n\r\n";
        QCOMPARE(p.parse(in), Status::Complete);
        QVERIFY(in.isEmpty());
        const HttpRequest r = p.takeRequest();
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.rawPath, QByteArray("/runs/r%201"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("status")), QStringLiteral("DONE_SUCCESS"));
        QCOMPARE(r.header("x-thing"), QByteArray("v"));
        QCOMPARE(r.versionMinor, 1);
        QVERIFY(!r.wantsClose());
        QVERIFY(r.body.isEmpty());
    }

    void contentLengthBodyFedByteByByte()
    {
        HttpRequestParser p;
        const QByteArray whole = "POST /x HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world";
        QByteArray in;
        for (qsizetype i = 0; i < whole.size() - 1; ++i) {
            in += whole.at(i);
            QCOMPARE(p.parse(in), Status::NeedMore);
        }
        in += whole.back();
        QCOMPARE(p.parse(in), Status::Complete);
        QCOMPARE(p.takeRequest().body, QByteArray("hello world"));
    }

    void chunkedBody()
    {
        HttpRequestParser p;
        QByteArray in = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-X: y\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Complete);
        QCOMPARE(p.takeRequest().body, QByteArray("hello world"));
        QVERIFY(in.isEmpty());
    }

    void pipelinedRequestsOneAtATime()
    {
        HttpRequestParser p;
        QByteArray in = "GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nokGET /c HTTP/1.0\r\n\r\n";
        QList<QByteArray> paths;
        while (p.parse(in) == Status::Complete) {
            const HttpRequest r = p.takeRequest();
            paths.append(r.body.isEmpty() ? r.rawPath : r.rawPath + ':' + r.body);
        }
        QCOMPARE(paths, (QList<QByteArray>{"/a", "/b:ok", "/c"}));
        QVERIFY(in.isEmpty());
    }

    void connectionSemantics()
    {
        HttpRequestParser p;
        QByteArray in = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Complete);
        QVERIFY(p.takeRequest().wantsClose());
        in = "GET / HTTP/1.0\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Complete);
        QVERIFY(p.takeRequest().wantsClose());
        in = "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Complete);
        QVERIFY(!p.takeRequest().wantsClose());
    }

    void expectContinue()
    {
        HttpRequestParser p;
        QByteArray in = "POST /x HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
        QCOMPARE(p.parse(in), Status::NeedMore);
        QVERIFY(p.takeExpectContinue());
        QVERIFY(!p.takeExpectContinue());
        in = "abc";
        QCOMPARE(p.parse(in), Status::Complete);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400 << "malformed request line";
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505 << "HTTP/2.0";
        QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400 << "must start with '/'";
        QTest::newRow("bad field") << QByteArray("GET / HTTP/1.1\r\nno colon here\r\n\r\n") << 400 << "malformed header field";
        QTest::newRow("folding") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400 << "line folding";
        QTest::newRow("te and cl") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                   << 400 << "both Transfer-Encoding and Content-Length";
        QTest::newRow("gzip te") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501 << "gzip";
        QTest::newRow("negative cl") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400 << "invalid Content-Length";
        QTest::newRow("conflicting cl") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                        << 400 << "conflicting Content-Length";
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << 400 << "invalid chunk size";
        QTest::newRow("chunk without crlf") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY")
                                            << 400 << "not followed by CRLF";
    }

    void errors()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        QFETCH(QString, detailPart);
        HttpRequestParser p;
        QCOMPARE(p.parse(input), Status::Failed);
        QCOMPARE(p.error().status, status);
        QVERIFY2(p.error().detail.contains(detailPart), qPrintable(p.error().detail));
        QCOMPARE(p.parse(input), Status::Failed); // stays failed
    }

    void contentLengthOverLimitRefusedAtHeaders()
    {
        HttpRequestParser p(HttpRequestParser::Limits{1000, 8192});
        QByteArray in = "POST /x HTTP/1.1\r\nContent-Length: 1001\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Failed);
        QCOMPARE(p.error().status, 413);
        QVERIFY(p.error().detail.contains(QStringLiteral("1001")));

        HttpRequestParser q(HttpRequestParser::Limits{1000, 8192});
        in = "POST /x HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + QByteArray(1000, 'a');
        QCOMPARE(q.parse(in), Status::Complete);
        QCOMPARE(q.takeRequest().body.size(), 1000);
    }

    void chunkedGrowingPastLimitRefusedBeforeItsData()
    {
        HttpRequestParser p(HttpRequestParser::Limits{1000, 8192});
        QByteArray in = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" "258\r\n" + QByteArray(600, 'a') + "\r\n";
        QCOMPARE(p.parse(in), Status::NeedMore);
        in += "258\r\n"; // 600 more: 1200 > 1000, refused at the size line
        QCOMPARE(p.parse(in), Status::Failed);
        QCOMPARE(p.error().status, 413);
        QVERIFY(in.isEmpty());
        // A huge chunk size cannot overflow the arithmetic.
        HttpRequestParser q(HttpRequestParser::Limits{1000, 8192});
        in = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n";
        QCOMPARE(q.parse(in), Status::Failed);
        QCOMPARE(q.error().status, 413);
    }

    void headerBlockOverLimit()
    {
        HttpRequestParser p(HttpRequestParser::Limits{1000, 256});
        QByteArray in = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'b') + "\r\n\r\n";
        QCOMPARE(p.parse(in), Status::Failed);
        QCOMPARE(p.error().status, 431);
        // Without a line end in sight the limit still applies.
        HttpRequestParser q(HttpRequestParser::Limits{1000, 256});
        in = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'b');
        QCOMPARE(q.parse(in), Status::Failed);
        QCOMPARE(q.error().status, 431);
        HttpRequestParser r(HttpRequestParser::Limits{1000, 256});
        in = "GET /" + QByteArray(300, 'p');
        QCOMPARE(r.parse(in), Status::Failed);
        QCOMPARE(r.error().status, 414);
    }
};

QTEST_GUILESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"
