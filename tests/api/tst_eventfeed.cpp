// EventFeed: the long-poll behind GET /events, served by a real ApiServer on 127.0.0.1
// whose one route hands the responder to the feed on its own thread, over a real Store
// written from the test's thread (so the notifier's signal crosses threads, as it does
// when the engine writes).

#include "apiserver.h"
#include "eventfeed.h"
#include "httptestclient.h"
#include "store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Autopack;
using namespace Autopack::Api;

class TestEventFeed : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QThread m_thread;
    EventFeed *m_feed = nullptr;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    qint64 m_projectId = 0;
    int m_runs = 0;

    QByteArray request(qint64 after, int wait, int limit = 100)
    {
        return QStringLiteral("GET /feed?after=%1&wait=%2&limit=%3 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
            .arg(after)
            .arg(wait)
            .arg(limit)
            .toUtf8();
    }

    // A run created in the store appends one event.
    void appendEvent()
    {
        Run run;
        run.runId = QStringLiteral("r%1").arg(++m_runs);
        run.projectId = m_projectId;
        Tier tier;
        tier.tierId = "t1";
        QVERIFY(m_store->createRun(run, { tier }, {}));
    }

    // Read on the feed's own thread: its list of parked clients is not shared.
    int waiting()
    {
        int n = -1;
        QMetaObject::invokeMethod(m_feed, [&] { n = m_feed->waiting(); }, Qt::BlockingQueuedConnection);
        return n;
    }

    qint64 lastId()
    {
        auto events = m_store->events(0, 100000);
        return events && !events->isEmpty() ? events->last().id : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store = Store::open(m_dir.filePath("autopack.db"));
        QVERIFY(store);
        m_store = std::move(*store);
        Project p;
        p.name = "demo";
        p.repoPath = m_dir.path();
        p.baseBranch = "main";
        auto added = m_store->addProject(p);
        QVERIFY(added);
        m_projectId = added->id;
        m_feed = new EventFeed(*m_store);
        m_feed->moveToThread(&m_thread);
        m_thread.start();
        m_server = std::make_unique<ApiServer>([](const QString &) { return Principal { "t", Role::Observer }; });
        EventFeed *feed = m_feed;
        QVERIFY(m_server->addRoute(Route { "GET", "/feed", Access::AnyToken, {},
                                           [feed](const ApiRequest &req, HttpResponder r) {
                                               feed->wait(req.http.query.queryItemValue("after").toLongLong(),
                                                          req.http.query.queryItemValue("wait").toInt(),
                                                          req.http.query.queryItemValue("limit").toInt(), r);
                                           },
                                           feed }));
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        m_port = *port;
    }

    void cleanupTestCase()
    {
        m_server.reset();
        QMetaObject::invokeMethod(m_feed, [this] { delete m_feed; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        m_store.reset();
    }

    void answersAtOnceWhenEventsExist()
    {
        appendEvent();
        appendEvent();
        const qint64 last = lastId();
        ApiTest::Client c(m_port);
        QElapsedTimer t;
        t.start();
        c.write(request(last - 2, 10));
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(t.elapsed() < 2000);
        const QJsonArray events = r->json().value("events").toArray();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1]["id"].toInteger(), last);
        QCOMPARE(r->json().value("last_id").toInteger(), last);
    }

    void limitCutsTheAnswer()
    {
        appendEvent();
        appendEvent();
        ApiTest::Client c(m_port);
        c.write(request(lastId() - 2, 0, 1));
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->json().value("events").toArray().size(), 1);
        QCOMPARE(r->json().value("last_id").toInteger(), lastId() - 1);
    }

    void timesOutEmpty()
    {
        const qint64 last = lastId();
        ApiTest::Client c(m_port);
        QElapsedTimer t;
        t.start();
        c.write(request(last, 1));
        const auto r = c.read();
        QVERIFY(r);
        QVERIFY(t.elapsed() >= 900);
        QVERIFY(r->json().value("events").toArray().isEmpty());
        QCOMPARE(r->json().value("last_id").toInteger(), last);
    }

    void parkedClientsWakeOnAnEvent()
    {
        const qint64 last = lastId();
        ApiTest::Client a(m_port, 20000), b(m_port, 20000), gone(m_port, 20000);
        a.write(request(last, 30));
        b.write(request(last, 30));
        gone.write(request(last, 30));
        QTRY_COMPARE_WITH_TIMEOUT(waiting(), 3, 5000);
        gone.socket().abort(); // a client that left must not keep its place
        QTest::qWait(100);
        QElapsedTimer t;
        t.start();
        appendEvent();
        for (ApiTest::Client *c : { &a, &b }) {
            const auto r = c->read();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json().value("events").toArray().size(), 1);
            QCOMPARE(r->json().value("last_id").toInteger(), lastId());
        }
        QVERIFY(t.elapsed() < 5000);
        QTRY_COMPARE_WITH_TIMEOUT(waiting(), 0, 5000);
    }
};

QTEST_GUILESS_MAIN(TestEventFeed)
#include "tst_eventfeed.moc"
