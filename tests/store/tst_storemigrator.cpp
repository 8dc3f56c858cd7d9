// StoreMigrator on plain QSQLITE connections: splitting, stepwise upgrades, refusal of
// a newer schema, and a failing migration that leaves the previous version intact.

#include "storemigrator.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;

class tst_StoreMigrator : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    QSqlDatabase openDb()
    {
        const QString name = QStringLiteral("migrator-%1").arg(++m_serial);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir.filePath(name + QStringLiteral(".db")));
        if (!db.open())
            qFatal("cannot open %s", qPrintable(db.databaseName()));
        return db;
    }

    static QStringList tables(QSqlDatabase &db)
    {
        QStringList t = db.tables();
        t.sort();
        return t;
    }

private Q_SLOTS:
    void statementsAreSplitAndCommentsDropped()
    {
        const QString sql = QStringLiteral("-- header\n"
                                           "CREATE TABLE a (\n"
                                           "    x INTEGER -- trailing words stay, SQLite ignores them\n"
                                           ");\n"
                                           "\n"
                                           "  -- between\n"
                                           "CREATE INDEX a_x ON a(x);\n"
                                           "INSERT INTO a VALUES (1)");
        const QStringList s = StoreMigrator::statements(sql);
        QCOMPARE(s.size(), 3);
        QVERIFY(s.at(0).startsWith(QLatin1String("CREATE TABLE a (")));
        QVERIFY(!s.at(0).endsWith(QLatin1Char(';')));
        QCOMPARE(s.at(1), QStringLiteral("CREATE INDEX a_x ON a(x)"));
        QCOMPARE(s.at(2), QStringLiteral("INSERT INTO a VALUES (1)"));
    }

    void upgradesStepByStep()
    {
        QSqlDatabase db = openDb();
        QCOMPARE(*StoreMigrator::currentVersion(db), 0);
        QVERIFY(StoreMigrator::latestVersion() >= 3);
        auto v1 = StoreMigrator::migrate(db, 1);
        QVERIFY2(v1, v1 ? "" : qPrintable(v1.error().message));
        QCOMPARE(*v1, 1);
        QCOMPARE(*StoreMigrator::currentVersion(db), 1);
        QVERIFY(db.tables().contains(QStringLiteral("phases")));
        QVERIFY(!db.tables().contains(QStringLiteral("ci_attempts")));

        auto latest = StoreMigrator::migrate(db);
        QVERIFY(latest);
        QCOMPARE(*latest, StoreMigrator::latestVersion());
        QVERIFY(db.tables().contains(QStringLiteral("ci_attempts")));
        QVERIFY(db.tables().contains(QStringLiteral("leases")));
        // Version 4: an issue's age is counted through the issue_key index, not by
        // walking every run of the project (the query Store::recordIssue runs).
        {
            QSqlQuery plan(db);
            QVERIFY(plan.exec(QStringLiteral(
                "EXPLAIN QUERY PLAN SELECT COUNT(DISTINCT pi.run_row_id), COUNT(DISTINCT pi.tier_row_id) FROM "
                "phase_issues pi JOIN runs r ON r.id = pi.run_row_id WHERE r.project_id = 1 AND pi.issue_key = 'k'")));
            QStringList steps;
            while (plan.next())
                steps << plan.value(3).toString();
            QVERIFY2(steps.join(u'\n').contains(QStringLiteral("phase_issues_key")), qPrintable(steps.join(u'\n')));
        }
        // Idempotent: nothing left to apply.
        const QStringList before = tables(db);
        QCOMPARE(*StoreMigrator::migrate(db), StoreMigrator::latestVersion());
        QCOMPARE(tables(db), before);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT version, name FROM schema_migrations ORDER BY version")));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toString(), QStringLiteral("0001_initial.sql"));
        QVERIFY(!StoreMigrator::migrate(db, StoreMigrator::latestVersion() + 1));
    }

    void refusesANewerDatabase()
    {
        QSqlDatabase db = openDb();
        QVERIFY(StoreMigrator::migrate(db));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1000, 'x', 'y')")));
        auto refused = StoreMigrator::migrate(db);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, StoreError::Kind::SchemaTooNew);
        QVERIFY(refused.error().message.contains(QLatin1String("1000")));
    }

    void aFailingMigrationKeepsThePreviousVersion()
    {
        QSqlDatabase db = openDb();
        QVERIFY(StoreMigrator::migrate(db, 1));
        // A table in the way of migration 2's last statement: everything migration 2
        // created before it must be rolled back with it.
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE ci_attempts (id INTEGER PRIMARY KEY)")));
        const QStringList before = tables(db);
        auto failed = StoreMigrator::migrate(db);
        QVERIFY(!failed);
        QCOMPARE(failed.error().kind, StoreError::Kind::Migration);
        QVERIFY2(failed.error().message.contains(QLatin1String("stays at version 1")), qPrintable(failed.error().message));
        QVERIFY(failed.error().message.contains(QLatin1String("0002_")));
        QCOMPARE(*StoreMigrator::currentVersion(db), 1);
        QCOMPARE(tables(db), before);
        QVERIFY(!db.tables().contains(QStringLiteral("agent_tokens")));
    }
};

QTEST_GUILESS_MAIN(tst_StoreMigrator)
#include "tst_storemigrator.moc"
