// The autopack executable as a user runs it: exit codes 0/1/2 and one-line messages.
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestAutopackCli : public QObject
{
    Q_OBJECT

    struct Result {
        int code;
        QByteArray out;
        QByteArray err;
    };

    Result run(const QStringList &args, int timeoutMs = 30000)
    {
        QProcess p;
        p.start(QStringLiteral(AUTOPACK_EXECUTABLE), args);
        if (!p.waitForFinished(timeoutMs))
            return { -1, {}, "timeout" };
        return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
    }

private Q_SLOTS:
    void helpAndVersion()
    {
        const Result help = run({ QStringLiteral("--help") });
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("token create"));
        const Result version = run({ QStringLiteral("--version") });
        QCOMPARE(version.code, 0);
        QCOMPARE(version.out.trimmed(), QByteArray("autopack " AUTOPACK_VERSION));
    }

    void usageErrorsExitTwo()
    {
        const Result r = run({ QStringLiteral("--frobnicate") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--frobnicate"));
    }

    void failuresExitOne()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("a.db"));
        const Result r = run({ "project", "add", dir.filePath(QStringLiteral("missing")), "--db", db });
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count('\n'), 1); // one line naming what was wrong
        QVERIFY(r.err.contains("missing"));
    }

    void tokenPrintedLast()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("a.db"));
        const Result r = run({ "token", "create", "--role", "admin", "--name", "ops", "--db", db });
        QCOMPARE(r.code, 0);
        // The token alone on stdout (a file `agent --token-file` reads), the notice on stderr.
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines.last().size() >= 40);
        QVERIFY(r.err.contains("shown only now"));
        QVERIFY(run({ "token", "list", "--db", db }).out.contains("ops"));
    }

    void newerDatabaseIsRefusedUntouched()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("a.db"));
        QCOMPARE(run({ "project", "list", "--db", db }).code, 0);
        {
            // Pretend a newer Autopack wrote it.
            auto sql = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            sql.setDatabaseName(db);
            QVERIFY(sql.open());
            QSqlQuery q(sql);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, "
                                          "'future', '2030-01-01T00:00:00Z')")));
            sql.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        const Result r = run({ "project", "list", "--db", db });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("newer"), r.err.constData());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    void headlessStopsCleanlyOnSigterm()
    {
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(AUTOPACK_EXECUTABLE),
            { "--headless", "--demo", "--db", dir.filePath(QStringLiteral("d.db")) });
        QVERIFY(p.waitForStarted());
        // Wait until it says it runs, then stop it as a service manager would.
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("running headless"), 20000);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        err += p.readAllStandardError();
        QVERIFY(err.contains("stopping on signal"));
    }

    void oneEngineOnADatabaseAndTakenOverAfterACrash()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("one.db"));
        const QStringList args { "--headless", "--db", db, "--listen", "127.0.0.1:0" };
        auto startEngine = [&](QProcess &p) {
            p.start(QStringLiteral(AUTOPACK_EXECUTABLE), args);
            QByteArray err;
            QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("running headless"), 20000);
        };
        QProcess first;
        startEngine(first);

        // Refused before it opens the database: not even --project is looked at.
        const Result second = run(args + QStringList { "--project", dir.path() });
        QCOMPARE(second.code, 1);
        const QByteArray holder = "another Autopack engine (process " + QByteArray::number(first.processId());
        QVERIFY2(second.err.contains(holder), second.err.constData());
        QCOMPARE(second.err.count('\n'), 1);
        // The token command works beside the running engine.
        QCOMPARE(run({ "token", "create", "--role", "builder", "--name", "beside", "--db", db }).code, 0);

        // Killed, it leaves its lock file behind; the next engine finds it stale.
        first.kill();
        QVERIFY(first.waitForFinished(10000));
        QVERIFY(QFile::exists(db + QStringLiteral(".engine.lock")));
        QProcess third;
        startEngine(third);
        third.terminate();
        QVERIFY(third.waitForFinished(10000));
        QCOMPARE(third.exitCode(), 0);
        QVERIFY(!QFile::exists(db + QStringLiteral(".engine.lock")));
    }
};

QTEST_GUILESS_MAIN(TestAutopackCli)
#include "tst_autopackcli.moc"
