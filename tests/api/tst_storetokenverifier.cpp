// Tokens created and revoked in a real Store (SQLite in a QTemporaryDir) are accepted
// and refused by the API: directly and over HTTP.

#include "httptestclient.h"
#include "storetokenverifier.h"

#include <store.h>

#include <QTemporaryDir>
#include <QThread>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Api;
using Failure = ApiServer::VerifyFailure;

class tst_StoreTokenVerifier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store = Store::open(m_dir.filePath(QStringLiteral("autopack.db")));
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        m_store = std::move(*store);
    }

    void cleanupTestCase() { m_store.reset(); }

    void rolesFromTheStore()
    {
        const ApiServer::TokenVerifier verify = makeStoreTokenVerifier(*m_store);
        for (const QString &role : {QStringLiteral("builder"), QStringLiteral("auditor"), QStringLiteral("observer"), QStringLiteral("admin")}) {
            const auto created = m_store->createToken(QStringLiteral("agent-") + role, role);
            QVERIFY2(created, created ? "" : qPrintable(created.error().message));
            const auto principal = verify(created->plainToken);
            QVERIFY2(principal, principal ? "" : qPrintable(principal.error().detail));
            QCOMPARE(principal->name, QStringLiteral("agent-") + role);
            QCOMPARE(toString(principal->role), role);
        }
        const auto unknown = verify(QStringLiteral("not-a-token"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, Failure::Kind::InvalidToken);
    }

    void revokedTokenRefusedOverHttp()
    {
        const auto created = m_store->createToken(QStringLiteral("short-lived"), QStringLiteral("observer"));
        QVERIFY(created);
        ApiServer server(makeStoreTokenVerifier(*m_store));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QByteArray auth = "Bearer " + created->plainToken.toUtf8();

        ApiTest::Client c(server.port());
        const auto before = c.request("GET", "/", {}, {{"Authorization", auth}});
        QVERIFY(before);
        QCOMPARE(before->status, 200);
        QCOMPARE(server.requestLog().entries().last().principal, QStringLiteral("short-lived"));

        QVERIFY(m_store->revokeToken(QStringLiteral("short-lived")));
        const auto after = c.request("GET", "/", {}, {{"Authorization", auth}});
        QVERIFY(after);
        QCOMPARE(after->status, 401);
        QVERIFY2(after->json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("revoked")), after->body.constData());

        // The plain token is not what the store keeps: a hash of it is no token.
        const auto tokens = m_store->tokens();
        QVERIFY(tokens);
        QVERIFY(!tokens->isEmpty());
    }

    void cacheSparesTheStoreAndExpires()
    {
        const auto created = m_store->createToken(QStringLiteral("cached"), QStringLiteral("builder"));
        QVERIFY(created);
        const ApiServer::TokenVerifier verify = makeStoreTokenVerifier(*m_store, std::chrono::milliseconds(400));
        QVERIFY(verify(created->plainToken));

        // Another process (here: a second Store on the same file, with its own notifier)
        // revokes the token. This process learns it when the cached answer expires.
        {
            auto other = Store::open(m_store->path());
            QVERIFY(other);
            QVERIFY((*other)->revokeToken(QStringLiteral("cached")));
        }
        QVERIFY(verify(created->plainToken)); // still cached
        QThread::msleep(450);
        const auto expired = verify(created->plainToken);
        QVERIFY(!expired);
        QCOMPARE(expired.error().kind, Failure::Kind::InvalidToken);

        // Without a cache, the store decides every time.
        const auto second = m_store->createToken(QStringLiteral("uncached"), QStringLiteral("auditor"));
        QVERIFY(second);
        const ApiServer::TokenVerifier direct = makeStoreTokenVerifier(*m_store, std::chrono::milliseconds(0));
        QVERIFY(direct(second->plainToken));
        {
            auto other = Store::open(m_store->path());
            QVERIFY(other);
            QVERIFY((*other)->revokeToken(QStringLiteral("uncached")));
        }
        QVERIFY(!direct(second->plainToken));
    }
};

QTEST_GUILESS_MAIN(tst_StoreTokenVerifier)
#include "tst_storetokenverifier.moc"
