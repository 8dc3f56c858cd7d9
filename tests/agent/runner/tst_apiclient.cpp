// ApiClient against a real socket on 127.0.0.1: a scripted HTTP server on its own thread
// answers each request with the next canned reply.

#include "apiclient.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <thread>

using Autopack::Agent::ApiClient;

namespace {

// Answers requests with `replies` in order; after a reply marked with "CLOSE" it closes
// the connection (the engine restarting, an idle keep-alive dropped).
class ScriptedServer
{
public:
    explicit ScriptedServer(QList<QByteArray> replies)
        : m_replies(std::move(replies))
    {
        m_thread = std::thread([this] { serve(); });
        while (m_port.load() == 0)
            std::this_thread::yield();
    }
    ~ScriptedServer()
    {
        m_done.store(true);
        m_thread.join();
    }
    quint16 port() const { return m_port.load(); }
    QList<QByteArray> requests() const { return m_requests; }
    int connections() const { return m_connections.load(); }

private:
    void serve()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port.store(server.serverPort());
        qsizetype next = 0;
        while (!m_done.load() && next < m_replies.size()) {
            if (!server.waitForNewConnection(100))
                continue;
            std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
            ++m_connections;
            QByteArray buffer;
            while (!m_done.load() && next < m_replies.size()) {
                if (!buffer.contains("\r\n\r\n")) {
                    if (!socket->waitForReadyRead(100)) {
                        if (socket->state() != QAbstractSocket::ConnectedState)
                            break;
                        continue;
                    }
                    buffer += socket->readAll();
                    continue;
                }
                const qsizetype end = buffer.indexOf("\r\n\r\n") + 4;
                QByteArray head = buffer.left(end);
                qsizetype length = 0;
                for (const QByteArray &line : head.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                while (buffer.size() < end + length && socket->waitForReadyRead(1000))
                    buffer += socket->readAll();
                m_requests << buffer.left(end + length);
                buffer.remove(0, end + length);
                QByteArray reply = m_replies.at(next++);
                const bool close = reply.startsWith("CLOSE");
                if (close)
                    reply.remove(0, 5);
                socket->write(reply);
                socket->waitForBytesWritten(1000);
                if (close) {
                    socket->disconnectFromHost();
                    break;
                }
            }
        }
    }

    QList<QByteArray> m_replies;
    QList<QByteArray> m_requests;
    std::atomic<quint16> m_port { 0 };
    std::atomic_bool m_done { false };
    std::atomic_int m_connections { 0 };
    std::thread m_thread;
};

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesBaseUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error");
        QTest::newRow("plain") << "http://127.0.0.1:8765"
                               << "";
        QTest::newRow("path") << "http://engine.local:80/autopack"
                              << "";
        QTest::newRow("ftp") << "ftp://127.0.0.1"
                             << "scheme must be http or https";
        QTest::newRow("no host") << "http://"
                                 << "names no host";
        QTest::newRow("garbage") << "::"
                                 << "";
    }
    void parsesBaseUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, error);
        auto parsed = ApiClient::parseBaseUrl(url);
        if (QTest::currentDataTag() == QLatin1String("garbage")) {
            QVERIFY(!parsed);
            return;
        }
        QCOMPARE(bool(parsed), error.isEmpty());
        if (!parsed)
            QVERIFY2(parsed.error().contains(error), qPrintable(parsed.error()));
    }

    void keepsOneConnectionAndReadsBothBodyForms()
    {
        ScriptedServer server(
            { "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": true}",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n",
                "HTTP/1.1 409 Conflict\r\nContent-Length: 44\r\n\r\n{\"error\":\"illegal\",\"detail\":\"phase is "
                "GATE\"}" });
        ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), QStringLiteral("tok"));
        auto first = client.postJson(QStringLiteral("/work/claim"), QJsonObject { { "role", "builder" } }, "key-1");
        QVERIFY2(first, first ? "" : qPrintable(first.error()));
        QCOMPARE(first->status, 200);
        QCOMPARE(first->json().value("a").toBool(), true);
        auto second = client.get(QStringLiteral("/x y"));
        QVERIFY(second);
        QCOMPARE(second->body, QByteArray("abcdefg"));
        auto third = client.get(QStringLiteral("/z"));
        QVERIFY(third);
        QCOMPARE(third->status, 409);
        QCOMPARE(third->describe(), QStringLiteral("409 illegal: phase is GATE"));
        QCOMPARE(server.connections(), 1);
        const QList<QByteArray> requests = server.requests();
        QVERIFY(requests.at(0).startsWith("POST /work/claim HTTP/1.1\r\n"));
        QVERIFY(requests.at(0).contains("Authorization: Bearer tok\r\n"));
        QVERIFY(requests.at(0).contains("Idempotency-Key: key-1\r\n"));
        QVERIFY(requests.at(0).endsWith("{\"role\":\"builder\"}"));
        QVERIFY(requests.at(1).startsWith("GET /x%20y HTTP/1.1\r\n"));
    }

    void reconnectsAfterTheServerClosed()
    {
        ScriptedServer server({ "CLOSEHTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 204 No Content\r\n\r\n" });
        ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), QString());
        QCOMPARE(client.get(QStringLiteral("/a"))->status, 204);
        QTest::qWait(200);
        auto again = client.get(QStringLiteral("/b"));
        QVERIFY2(again, again ? "" : qPrintable(again.error()));
        QCOMPARE(again->status, 204);
        QCOMPARE(server.connections(), 2);
    }

    void nobodyListeningIsAnError()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QString(), 2000);
        auto reply = client.get(QStringLiteral("/health"));
        QVERIFY(!reply);
        QVERIFY2(reply.error().contains("cannot connect"), qPrintable(reply.error()));
    }

    void aCutAnswerIsAnError()
    {
        ScriptedServer server({ "CLOSEHTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort" });
        ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), QString(), 2000);
        auto reply = client.get(QStringLiteral("/a"));
        QVERIFY(!reply);
        QVERIFY2(reply.error().contains("cut short"), qPrintable(reply.error()));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
