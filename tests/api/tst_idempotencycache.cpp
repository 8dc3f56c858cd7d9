// IdempotencyCache: run once, replay, in-progress, mismatch, scopes, expiry, 5xx
// forgotten, bounded size.

#include "idempotencycache.h"

#include <QTest>
#include <QThread>

using namespace Autopack::Api;
using Outcome = IdempotencyCache::Outcome;

class tst_IdempotencyCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runThenReplay()
    {
        IdempotencyCache cache;
        QCOMPARE(cache.begin("alice", QStringLiteral("k"), "fp").outcome, Outcome::Run);
        QCOMPARE(cache.begin("alice", QStringLiteral("k"), "fp").outcome, Outcome::InProgress);
        cache.complete("alice", QStringLiteral("k"), HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), 1}}));
        const auto replay = cache.begin("alice", QStringLiteral("k"), "fp");
        QCOMPARE(replay.outcome, Outcome::Replay);
        QCOMPARE(replay.response.status, 201);
        QCOMPARE(replay.response.body, QByteArray(R"({"id":1})"));
        QCOMPARE(cache.begin("alice", QStringLiteral("k"), "other").outcome, Outcome::Mismatch);
        QCOMPARE(cache.begin("bob", QStringLiteral("k"), "fp").outcome, Outcome::Run); // scopes are separate
    }

    void serverErrorsAndAbandonedAreForgotten()
    {
        IdempotencyCache cache;
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
        cache.complete("a", QStringLiteral("k"), HttpResponse::empty(500));
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
        cache.abandon("a", QStringLiteral("k"));
        QCOMPARE(cache.size(), 0);
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
        cache.complete("a", QStringLiteral("k"), HttpResponse::empty(409)); // a refusal is an answer too
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Replay);
    }

    void expires()
    {
        IdempotencyCache cache({.ttl = std::chrono::milliseconds(100), .maxEntries = 100});
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
        cache.complete("a", QStringLiteral("k"), HttpResponse::empty(200));
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Replay);
        QThread::msleep(150);
        QCOMPARE(cache.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
    }

    void boundedDroppingOldestFinished()
    {
        IdempotencyCache cache({.ttl = std::chrono::hours(1), .maxEntries = 3});
        for (int i = 0; i < 5; ++i) {
            const QString key = QString::number(i);
            QCOMPARE(cache.begin("a", key, "fp").outcome, Outcome::Run);
            cache.complete("a", key, HttpResponse::empty(200));
        }
        QVERIFY(cache.size() <= 4);
        QCOMPARE(cache.begin("a", QStringLiteral("4"), "fp").outcome, Outcome::Replay); // newest kept
        QCOMPARE(cache.begin("a", QStringLiteral("0"), "fp").outcome, Outcome::Run); // oldest dropped
    }
};

QTEST_GUILESS_MAIN(tst_IdempotencyCache)
#include "tst_idempotencycache.moc"
