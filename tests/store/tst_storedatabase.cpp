// StoreDatabase: one configured connection per thread, opened on first use and closed
// when its thread finishes; prepared statements cached per connection.

#include "storedatabase.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Autopack;

namespace {
QVariant pragma(StoreConnection *c, const char *name)
{
    QSqlQuery q(c->database());
    if (!q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name))) || !q.next())
        return {};
    return q.value(0);
}
} // namespace

class tst_StoreDatabase : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void defaultPathIsInTheDataDirectory()
    {
        QVERIFY(StoreDatabase::defaultPath().endsWith(QLatin1String("/autopack.db")));
    }

    void connectionsAreConfigured()
    {
        StoreDatabase db(m_dir.filePath(QStringLiteral("a.db")));
        auto c = db.connection();
        QVERIFY2(c, c ? "" : qPrintable(c.error().message));
        QCOMPARE(pragma(*c, "foreign_keys").toInt(), 1);
        QCOMPARE(pragma(*c, "journal_mode").toString(), QStringLiteral("wal"));
        QCOMPARE(pragma(*c, "busy_timeout").toInt(), 5000);
        QCOMPARE(pragma(*c, "synchronous").toInt(), 1); // NORMAL
        QVERIFY((*c)->isSqlite());

        StoreDatabase full(m_dir.filePath(QStringLiteral("b.db")), true);
        QCOMPARE(pragma(*full.connection(), "synchronous").toInt(), 2); // FULL
    }

    void oneConnectionPerThreadClosedWithItsThread()
    {
        const QStringList namesBefore = QSqlDatabase::connectionNames();
        {
            StoreDatabase db(m_dir.filePath(QStringLiteral("c.db")));
            auto mine = db.connection();
            QVERIFY(mine);
            QCOMPARE(*db.connection(), *mine); // the same one again on this thread
            const QString mainName = (*mine)->database().connectionName();

            QString workerName;
            bool workerSawItsOwn = false;
            QStringList namesWhileWorking;
            QThread *worker = QThread::create([&] {
                auto c = db.connection();
                if (!c)
                    return;
                workerName = (*c)->database().connectionName();
                workerSawItsOwn = (*c)->database().isOpen() && *db.connection() == *c;
                namesWhileWorking = QSqlDatabase::connectionNames();
            });
            worker->start();
            QVERIFY(worker->wait(10000));
            delete worker;
            QVERIFY(workerSawItsOwn);
            QVERIFY(!workerName.isEmpty());
            QVERIFY(workerName != mainName);
            QVERIFY(namesWhileWorking.contains(workerName));
            // Gone once the worker finished; the main thread's stays until db goes.
            QVERIFY(!QSqlDatabase::connectionNames().contains(workerName));
            QVERIFY(QSqlDatabase::connectionNames().contains(mainName));
        }
        QCOMPARE(QSqlDatabase::connectionNames(), namesBefore);
    }

    void preparedStatementsAreCached()
    {
        StoreDatabase db(m_dir.filePath(QStringLiteral("d.db")));
        auto c = db.connection();
        QVERIFY(c);
        auto a = (*c)->prepared(QStringLiteral("SELECT 1"));
        auto b = (*c)->prepared(QStringLiteral("SELECT 1"));
        QVERIFY(a && b);
        QCOMPARE(*a, *b);
        auto bad = (*c)->prepared(QStringLiteral("SELEKT nonsense"));
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QLatin1String("SELEKT")));
    }

    void writeTransactionsRollBack()
    {
        StoreDatabase db(m_dir.filePath(QStringLiteral("e.db")));
        auto c = db.connection();
        QVERIFY(c);
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        QVERIFY((*c)->beginWrite());
        QVERIFY((*c)->inTransaction());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (1)")));
        (*c)->rollback();
        QVERIFY(!(*c)->inTransaction());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        q.finish();
        QVERIFY((*c)->beginWrite());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (2)")));
        QVERIFY((*c)->commit());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void anUnopenablePathIsAClearError()
    {
        StoreDatabase db(QStringLiteral("/proc/no-such-dir/x.db"));
        auto c = db.connection();
        QVERIFY(!c);
        QCOMPARE(c.error().kind, StoreError::Kind::Open);
        QVERIFY(c.error().message.contains(QLatin1String("/proc/no-such-dir/x.db")));
    }

    // The probe opens like a connection does: a directory is no database, the error names
    // it, and the failed attempt leaves no connection behind to trip a second one.
    void anUnopenableProbeIsAClearError()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        StoreDatabase db(dir.path());
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto probe = db.openProbe();
            QVERIFY(!probe);
            QCOMPARE(probe.error().kind, StoreError::Kind::Open);
            QVERIFY2(probe.error().message.contains(dir.path()), qPrintable(probe.error().message));
        }
    }
};

QTEST_GUILESS_MAIN(tst_StoreDatabase)
#include "tst_storedatabase.moc"
