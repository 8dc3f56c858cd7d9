// RequestLog: a bounded ring, oldest first, safe from several threads.

#include "requestlog.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace Autopack::Api;

namespace {
RequestLogEntry entry(int status)
{
    RequestLogEntry e;
    e.method = QStringLiteral("GET");
    e.path = QStringLiteral("/x");
    e.status = status;
    return e;
}
} // namespace

class tst_RequestLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringKeepsNewestInOrder()
    {
        RequestLog log(3);
        QVERIFY(log.entries().isEmpty());
        log.append(entry(1));
        log.append(entry(2));
        QCOMPARE(log.entries().size(), 2);
        QCOMPARE(log.entries().first().status, 1);
        for (int s = 3; s <= 7; ++s)
            log.append(entry(s));
        const QList<RequestLogEntry> e = log.entries();
        QCOMPARE(e.size(), 3);
        QCOMPARE(e.at(0).status, 5);
        QCOMPARE(e.at(1).status, 6);
        QCOMPARE(e.at(2).status, 7);
        QCOMPARE(log.totalCount(), 7);
    }

    void concurrentAppends()
    {
        RequestLog log(100);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&log] {
                for (int i = 0; i < 1000; ++i)
                    log.append(entry(200));
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(log.totalCount(), 4000);
        QCOMPARE(log.entries().size(), 100);
    }
};

QTEST_GUILESS_MAIN(tst_RequestLog)
#include "tst_requestlog.moc"
