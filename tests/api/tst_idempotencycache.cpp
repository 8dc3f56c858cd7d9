// IdempotencyCache: run once, replay, in-progress, mismatch, scopes, expiry, 5xx
// forgotten, bounded size.

#include "idempotencycache.h"

#include <QHash>
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
    void journalKeepsAnswersForTheNextProcess()
    {
        // A journal as the store keeps it: a table outliving the cache.
        QHash<QByteArray, IdempotencyCache::Kept> table;
        int finds = 0;
        IdempotencyCache::Journal journal;
        journal.find = [&](const QByteArray &scope, const QString &key) -> std::optional<IdempotencyCache::Kept> {
            ++finds;
            const auto it = table.constFind(scope + '/' + key.toUtf8());
            return it == table.constEnd() ? std::nullopt : std::optional(*it);
        };
        journal.save = [&](const QByteArray &scope, const QString &key, const IdempotencyCache::Kept &answer) {
            table.insert(scope + '/' + key.toUtf8(), answer);
        };
        {
            IdempotencyCache first({}, journal);
            QCOMPARE(first.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Run);
            first.complete("a", QStringLiteral("k"), HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), 7}}));
            QCOMPARE(first.begin("a", QStringLiteral("crash"), "fp").outcome, Outcome::Run);
            first.complete("a", QStringLiteral("crash"), HttpResponse::empty(503)); // a server error is not kept
        }
        QCOMPARE(table.size(), 1);
        QVERIFY(table.value("a/k").savedAt.isValid());

        IdempotencyCache next({}, journal);
        const auto replay = next.begin("a", QStringLiteral("k"), "fp");
        QCOMPARE(replay.outcome, Outcome::Replay);
        QCOMPARE(replay.response.status, 201);
        QCOMPARE(replay.response.body, QByteArray(R"({"id":7})"));
        const int findsAfterFirst = finds;
        QCOMPARE(next.begin("a", QStringLiteral("k"), "fp").outcome, Outcome::Replay); // from memory now
        QCOMPARE(finds, findsAfterFirst);
        QCOMPARE(next.begin("a", QStringLiteral("k"), "different").outcome, Outcome::Mismatch);
        QCOMPARE(next.begin("b", QStringLiteral("k"), "fp").outcome, Outcome::Run); // scopes stay separate
        QCOMPARE(next.begin("a", QStringLiteral("crash"), "fp").outcome, Outcome::Run);

        // Kept longer ago than the TTL: gone.
        table["a/old"] = IdempotencyCache::Kept{"fp", HttpResponse::empty(200), QDateTime::currentDateTimeUtc().addDays(-2)};
        QCOMPARE(next.begin("a", QStringLiteral("old"), "fp").outcome, Outcome::Run);
    }
};

QTEST_GUILESS_MAIN(tst_IdempotencyCache)
#include "tst_idempotencycache.moc"
