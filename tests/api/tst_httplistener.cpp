// HttpListener over real sockets on 127.0.0.1: keep-alive, pipelining in order,
// Connection: close, 413 while reading (Content-Length and chunked), idle timeout,
// late answers after the client left, and serving while the main thread is blocked.

#include "httplistener.h"
#include "httptestclient.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <thread>
#include <vector>

using namespace Autopack::Api;
using ApiTest::Client;

namespace {

// Answers each request with its method, path and body; "/later" answers are kept for
// the test to send; "/slow" answers after 200 ms from a worker thread; "/drop" never
// answers.
struct EchoHandler {
    std::atomic_int calls = 0;
    QMutex mutex;
    QList<HttpResponder> kept;
    QThread *dispatchThread = nullptr;
    QObject *worker = nullptr; // lives on a worker thread

    HttpListener::Dispatch dispatch()
    {
        return [this](HttpRequest request, HttpResponder responder) {
            ++calls;
            {
                QMutexLocker lock(&mutex);
                dispatchThread = QThread::currentThread();
            }
            HttpResponse r;
            r.body = request.method + ' ' + request.rawPath + ' ' + request.body;
            if (request.rawPath == "/later") {
                QMutexLocker lock(&mutex);
                kept.append(responder);
            } else if (request.rawPath == "/slow") {
                QTimer::singleShot(200, worker, [responder, r] { responder.send(r); });
            } else if (request.rawPath == "/drop") {
                // the responder goes out of scope unanswered
            } else if (request.rawPath.startsWith("/big/")) {
                r.body = request.rawPath + ' ' + QByteArray(1024 * 1024, 'b');
                responder.send(r);
            } else if (request.rawPath == "/close") {
                r.setHeader("Connection", "close");
                responder.send(r);
            } else {
                responder.send(r);
            }
        };
    }
};

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QThread::msleep(10);
    }
    return true;
}

} // namespace

class tst_HttpListener : public QObject
{
    Q_OBJECT

private:
    QThread m_workerThread;
    QObject *m_worker = nullptr;

    std::unique_ptr<HttpListener> start(EchoHandler &handler, HttpListenerOptions options = {})
    {
        handler.worker = m_worker;
        auto listener = std::make_unique<HttpListener>(handler.dispatch(), options);
        const auto port = listener->listen(QHostAddress::LocalHost, 0);
        if (!port)
            qWarning() << port.error();
        return port ? std::move(listener) : nullptr;
    }

    // A fresh connection is still answered with 200 after what the test did to another.
    static void verifyStillServing(quint16 port, const QByteArray &method, const QByteArray &target,
                                   const QByteArray &body = {})
    {
        Client d(port);
        const auto ok = d.request(method, target, body);
        QVERIFY(ok);
        QCOMPARE(ok->status, 200);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_worker = new QObject;
        m_worker->moveToThread(&m_workerThread);
        m_workerThread.start();
    }

    void cleanupTestCase()
    {
        QMetaObject::invokeMethod(m_worker, &QObject::deleteLater);
        m_workerThread.quit();
        m_workerThread.wait();
    }

    void ephemeralPortAndPortInUse()
    {
        EchoHandler h;
        auto first = start(h);
        QVERIFY(first);
        QVERIFY(first->port() != 0);
        QVERIFY(first->isListening());
        HttpListener second(h.dispatch());
        const auto result = second.listen(QHostAddress::LocalHost, first->port());
        QVERIFY(!result);
        QVERIFY2(result.error().contains(QString::number(first->port())), qPrintable(result.error()));
        QVERIFY(!second.isListening());
        first->close();
        QVERIFY(!first->isListening());
        first->close(); // twice is harmless
    }

    void keepAliveTwoRequestsOneConnection()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        const auto a = c.request("GET", "/one");
        QVERIFY(a);
        QCOMPARE(a->status, 200);
        QCOMPARE(a->body, QByteArray("GET /one "));
        QVERIFY(a->header("connection").isEmpty());
        const auto b = c.request("POST", "/two", "payload");
        QVERIFY(b);
        QCOMPARE(b->body, QByteArray("POST /two payload"));
        QVERIFY(c.isConnected());
        QCOMPARE(listener->connectionCount(), 1);
        QCOMPARE(h.calls.load(), 2);
        QVERIFY(h.dispatchThread != QThread::currentThread());
        QCOMPARE(h.dispatchThread, listener->serverThread());
    }

    void pipelinedAnsweredInOrder()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        // The first answer comes 200 ms after the second is ready: order must still hold.
        c.write("GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\nPOST /x HTTP/1.1\r\nContent-Length: 1\r\n\r\nz");
        const auto a = c.read();
        const auto b = c.read();
        const auto d = c.read();
        QVERIFY(a && b && d);
        QCOMPARE(a->body, QByteArray("GET /slow "));
        QCOMPARE(b->body, QByteArray("GET /fast "));
        QCOMPARE(d->body, QByteArray("POST /x z"));
    }

    void connectionCloseHonoured()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        const auto r = c.request("GET", "/bye", {}, {{"Connection", "close"}});
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("connection"), QByteArray("close"));
        QVERIFY(c.waitForClose(2000));

        // A handler may ask for the close too.
        Client d(listener->port());
        const auto s = d.request("GET", "/close");
        QVERIFY(s);
        QCOMPARE(s->header("connection"), QByteArray("close"));
        QVERIFY(d.waitForClose(2000));

        // HTTP/1.0 closes unless asked to keep alive.
        Client e(listener->port());
        e.write("GET /old HTTP/1.0\r\n\r\n");
        QVERIFY(e.read());
        QVERIFY(e.waitForClose(2000));
        QVERIFY(waitFor([&] { return listener->connectionCount() == 0; }));
    }

    void contentLengthOverLimitIs413AndCloses()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.maxBodyBytes = 1024;
        auto listener = start(h, options);
        QVERIFY(listener);
        Client c(listener->port());
        c.write("POST /upload HTTP/1.1\r\nContent-Length: 10485760\r\n\r\n" + QByteArray(4096, 'x'));
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QCOMPARE(r->json().value(QStringLiteral("error")).toString(), QStringLiteral("payload_too_large"));
        QVERIFY(r->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("10485760")));
        QCOMPARE(r->header("connection"), QByteArray("close"));
        QVERIFY(c.waitForClose(5000));
        QCOMPARE(h.calls.load(), 0); // the handler never saw it

        // Within the limit is fine, and the server still serves others.
        verifyStillServing(listener->port(), "POST", "/upload", QByteArray(1024, 'y'));
    }

    void chunkedBodyGrowingPastLimitIs413WhileSending()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.maxBodyBytes = 64 * 1024;
        auto listener = start(h, options);
        QVERIFY(listener);
        Client c(listener->port());
        c.write("POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk = "1000\r\n" + QByteArray(4096, 'c') + "\r\n";
        // Keep sending (up to 1 MB, far past the limit) until the server answers.
        int sent = 0;
        while (sent < 256 && c.socket().bytesAvailable() == 0 && c.isConnected()) {
            c.socket().write(chunk);
            c.socket().waitForBytesWritten(1000);
            c.socket().waitForReadyRead(5);
            ++sent;
        }
        QVERIFY2(sent < 256, "no answer although the body went far past the limit");
        QVERIFY(sent >= 16); // 16 chunks of 4 KB fit the limit exactly
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QVERIFY(c.waitForClose(5000));
        QCOMPARE(h.calls.load(), 0);

        verifyStillServing(listener->port(), "GET", "/still-serving");
    }

    void malformedRequestIs400AndCloses()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        c.write("THIS IS NOT HTTP\r\n\r\n");
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        QVERIFY(r->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("malformed request line")));
        QVERIFY(c.waitForClose(5000));
    }

    void expectContinue()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        c.write("POST /e HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        const auto interim = c.read();
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        c.write("body");
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->body, QByteArray("POST /e body"));
    }

    void idleTimeoutClosesSilentConnection()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.idleTimeoutMs = 300;
        auto listener = start(h, options);
        QVERIFY(listener);
        QElapsedTimer t;
        t.start();
        Client silent(listener->port());
        QVERIFY(silent.isConnected());
        QVERIFY(silent.waitForClose(3000));
        QVERIFY2(t.elapsed() >= 250, QByteArray::number(t.elapsed()).constData());

        // After an answer, the clock starts again; a request in progress keeps it open.
        Client c(listener->port());
        QVERIFY(c.request("GET", "/slow")); // 200 ms handler, under the timeout anyway
        t.restart();
        QVERIFY(c.waitForClose(3000));
        QVERIFY(t.elapsed() >= 250);

        // A client that stops mid-request is closed too (no slowloris).
        Client partial(listener->port());
        partial.write("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
        QVERIFY(partial.waitForClose(3000));
        QCOMPARE(h.calls.load(), 1);
    }

    void requestInProgressIsNotIdle()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.idleTimeoutMs = 100;
        auto listener = start(h, options);
        QVERIFY(listener);
        Client c(listener->port());
        const auto r = c.request("GET", "/slow"); // answered after 200 ms > idle timeout
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }

    void answerAfterClientLeftDoesNotCrash()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        {
            Client c(listener->port());
            c.write("GET /later HTTP/1.1\r\n\r\n");
            QVERIFY(waitFor([&] {
                QMutexLocker lock(&h.mutex);
                return h.kept.size() == 1;
            }));
            c.socket().abort();
        }
        QVERIFY(waitFor([&] { return listener->connectionCount() == 0; }));
        HttpResponder late;
        {
            QMutexLocker lock(&h.mutex);
            late = h.kept.takeFirst();
        }
        QVERIFY(!late.isConnected());
        QVERIFY(late.send(HttpResponse::empty(204))); // accepted, dropped quietly
        QVERIFY(!late.send(HttpResponse::empty(204))); // only once
        Client d(listener->port());
        const auto ok = d.request("GET", "/after");
        QVERIFY(ok);
        QCOMPARE(ok->status, 200);

        // Also after the whole listener has gone.
        Client e(listener->port());
        e.write("GET /later HTTP/1.1\r\n\r\n");
        QVERIFY(waitFor([&] {
            QMutexLocker lock(&h.mutex);
            return h.kept.size() == 1;
        }));
        listener.reset();
        QMutexLocker lock(&h.mutex);
        QVERIFY(h.kept.first().send(HttpResponse::empty(204)));
    }

    void clientNotReadingIsNotBufferedWithoutBound()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port(), 20000);
        QByteArray requests;
        constexpr int Count = 200; // 200 MB of answers if nothing held the server back
        for (int i = 0; i < Count; ++i)
            requests += "GET /big/" + QByteArray::number(i) + " HTTP/1.1\r\n\r\n";
        c.write(requests);
        QThread::msleep(1000);
        // Answers in the kernel buffers, ~1 MB queued in the server and the pipelining
        // window: far fewer than all of them.
        QVERIFY2(h.calls.load() < 60, QByteArray::number(h.calls.load()).constData());
        for (int i = 0; i < Count; ++i) {
            const auto r = c.read();
            QVERIFY2(r, QByteArray::number(i).constData());
            QVERIFY(r->body.startsWith(QByteArray("/big/" + QByteArray::number(i) + ' ')));
        }
        QCOMPARE(h.calls.load(), Count);
    }

    void slowClientByteByByte()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.idleTimeoutMs = 2000;
        auto listener = start(h, options);
        QVERIFY(listener);
        Client c(listener->port());
        const QByteArray request = "POST /slow-client HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        for (char byte : request) {
            c.write(QByteArray(1, byte));
            QThread::msleep(2);
        }
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->body, QByteArray("POST /slow-client abc"));
    }

    void clientsVanishingMidRequest()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        const QList<QByteArray> fragments{
                "GE",
                "POST /x HTTP/1.1\r\nContent-Len",
                "POST /x HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf",
                "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",
                "GET /later HTTP/1.1\r\n\r\n", // leaves with its answer pending
                "GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\n", // leaves with answers in flight
        };
        for (const QByteArray &f : fragments) {
            Client c(listener->port());
            c.write(f);
            QThread::msleep(20);
            c.socket().abort();
        }
        QVERIFY(waitFor([&] { return listener->connectionCount() == 0; }));
        QThread::msleep(300); // the /slow answer arrives for a connection that is gone
        {
            QMutexLocker lock(&h.mutex);
            for (const HttpResponder &r : std::as_const(h.kept))
                r.send(HttpResponse::empty(204));
        }
        verifyStillServing(listener->port(), "GET", "/alive");
    }

    void manyConcurrentClients()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        const quint16 port = listener->port();
        constexpr int Clients = 32;
        constexpr int PerClient = 50;
        std::atomic_int good = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < Clients; ++t) {
            threads.emplace_back([&, t] {
                Client c(port, 20000);
                for (int i = 0; i < PerClient; ++i) {
                    // Every fifth request goes through the worker thread with a delay.
                    const QByteArray path = i % 5 == 0 ? QByteArray("/slow") : "/c" + QByteArray::number(t) + "/" + QByteArray::number(i);
                    const QByteArray body = QByteArray::number(t * 1000 + i);
                    const auto r = c.request("POST", path, body);
                    if (r && r->status == 200 && r->body == "POST " + path + ' ' + body)
                        ++good;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(good.load(), Clients * PerClient);
        QCOMPARE(h.calls.load(), Clients * PerClient);
    }

    void droppedResponderAnswers500()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        Client c(listener->port());
        const auto r = c.request("GET", "/drop");
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        QVERIFY(r->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("without answering")));
        QVERIFY(c.isConnected());
    }

    void servesWhileMainThreadIsBlocked()
    {
        EchoHandler h;
        auto listener = start(h);
        QVERIFY(listener);
        const quint16 port = listener->port();
        std::atomic_int status = 0;
        std::atomic<qint64> elapsed = -1;
        std::atomic_bool started = false;
        std::thread client([&] {
            started = true;
            QThread::msleep(100); // the main thread is asleep by now
            QElapsedTimer t;
            t.start();
            Client c(port);
            const auto r = c.request("GET", "/while-blocked");
            elapsed = t.elapsed();
            status = r ? r->status : -1;
        });
        while (!started)
            QThread::yieldCurrentThread();
        QThread::msleep(1500); // blocks the main thread (the GUI thread in the app)
        const qint64 answeredIn = elapsed.load();
        client.join();
        QCOMPARE(status.load(), 200);
        QVERIFY2(answeredIn >= 0 && answeredIn < 1000, QByteArray::number(answeredIn).constData());
    }

    void tooManyConnectionsGet503()
    {
        EchoHandler h;
        HttpListenerOptions options;
        options.maxConnections = 2;
        auto listener = start(h, options);
        QVERIFY(listener);
        Client a(listener->port());
        Client b(listener->port());
        QVERIFY(a.request("GET", "/a"));
        QVERIFY(b.request("GET", "/b"));
        Client c(listener->port());
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 503);
        QCOMPARE(r->json().value(QStringLiteral("error")).toString(), QStringLiteral("unavailable"));
    }
};

QTEST_GUILESS_MAIN(tst_HttpListener)
#include "tst_httplistener.moc"
