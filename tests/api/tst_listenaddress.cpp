// --listen ADDR:PORT parsing and the non-loopback policy.

#include "listenaddress.h"

#include <QTest>

using namespace Autopack::Api;

class tst_ListenAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("default") << "127.0.0.1:8765" << "127.0.0.1" << 8765;
        QTest::newRow("ephemeral") << "127.0.0.1:0" << "127.0.0.1" << 0;
        QTest::newRow("localhost") << "localhost:9000" << "127.0.0.1" << 9000;
        QTest::newRow("ipv6 loopback") << "[::1]:8765" << "::1" << 8765;
        QTest::newRow("other loopback") << "127.0.0.2:1" << "127.0.0.2" << 1;
        QTest::newRow("max port") << " 127.0.0.1:65535 " << "127.0.0.1" << 65535;
    }

    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        const auto e = parseListenAddress(text);
        QVERIFY2(e, e ? "" : qPrintable(e.error()));
        QCOMPARE(e->address.toString(), address);
        QCOMPARE(int(e->port), port);
        QVERIFY(e->loopback);
        QVERIFY(e->warning.isEmpty());
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("because");
        QTest::newRow("empty") << "" << "expected ADDR:PORT";
        QTest::newRow("no port") << "127.0.0.1" << "missing ':PORT'";
        QTest::newRow("no address") << ":8765" << "missing address";
        QTest::newRow("port too big") << "127.0.0.1:65536" << "port \"65536\"";
        QTest::newRow("port not a number") << "127.0.0.1:http" << "port \"http\"";
        QTest::newRow("negative port") << "127.0.0.1:-1" << "port \"-1\"";
        QTest::newRow("host name") << "example.org:80" << "not an IP address";
        QTest::newRow("bare ipv6") << "::1:8765" << "in brackets";
        QTest::newRow("open bracket") << "[::1:8765" << "missing ']'";
        QTest::newRow("non-loopback") << "0.0.0.0:8765" << "--insecure";
        QTest::newRow("lan address") << "192.168.1.5:8765" << "not a loopback address";
    }

    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, because);
        const auto e = parseListenAddress(text);
        QVERIFY(!e);
        QVERIFY2(e.error().contains(because), qPrintable(e.error()));
        QVERIFY2(e.error().startsWith(QStringLiteral("--listen \"%1\"").arg(text)), qPrintable(e.error()));
    }

    void nonLoopbackNeedsTlsOrInsecureAndWarns()
    {
        const auto insecure = parseListenAddress(QStringLiteral("0.0.0.0:8765"), {.insecureAllowed = true});
        QVERIFY(insecure);
        QVERIFY(!insecure->loopback);
        QVERIFY(insecure->warning.contains(QStringLiteral("WITHOUT TLS")));
        const auto tls = parseListenAddress(QStringLiteral("[::]:443"), {.tlsConfigured = true});
        QVERIFY(tls);
        QVERIFY(!tls->warning.isEmpty());
        QCOMPARE(tls->toString(), QStringLiteral("[::]:443"));
    }
};

QTEST_GUILESS_MAIN(tst_ListenAddress)
#include "tst_listenaddress.moc"
