#include "commandline.h"
#include "store.h"
#include "storecommands.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Cli;

class TestStoreCommands : public QObject
{
    Q_OBJECT

    struct Outcome {
        int code;
        QString out;
        QString err;
    };

    Outcome run(Store &store, const QStringList &args)
    {
        const auto options = parseCommandLine(QStringList { QStringLiteral("autopack") } + args);
        if (!options)
            return { 2, {}, options.error().message };
        QString out;
        QString err;
        QTextStream o(&out);
        QTextStream e(&err);
        const int code = runStoreCommand(store, *options, o, e);
        o.flush();
        e.flush();
        return { code, out, err };
    }

    static void git(const QString &dir, const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("git"), QStringList { "-c", "user.name=T", "-c", "user.email=t@example.invalid" } + args);
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 0);
    }

private Q_SLOTS:
    void tokenLifecycle()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("a.db")));
        QVERIFY(store.has_value());

        const Outcome created = run(**store, { "token", "create", "--role", "builder", "--name", "b1" });
        QCOMPARE(created.code, 0);
        const QString plain = created.out.trimmed().split(QLatin1Char('\n')).last();
        QVERIFY2(plain.size() >= 40 && !plain.contains(QLatin1Char(' ')), qPrintable(created.out));
        const auto verified = (*store)->verifyToken(plain);
        QVERIFY(verified.has_value());
        QCOMPARE(verified->role, QStringLiteral("builder"));

        const Outcome duplicate = run(**store, { "token", "create", "--role", "admin", "--name", "b1" });
        QCOMPARE(duplicate.code, 1);
        QVERIFY2(duplicate.err.contains(QStringLiteral("b1")), qPrintable(duplicate.err));

        const Outcome listed = run(**store, { "token", "list" });
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.contains(QStringLiteral("b1")));
        QVERIFY(listed.out.contains(QStringLiteral("builder")));
        QVERIFY(!listed.out.contains(plain)); // the plain token is shown once, at creation

        QCOMPARE(run(**store, { "token", "revoke", "b1" }).code, 0);
        QVERIFY(!(*store)->verifyToken(plain).has_value());
        QVERIFY(run(**store, { "token", "list" }).out.contains(QStringLiteral("revoked")));

        const Outcome unknown = run(**store, { "token", "revoke", "nobody" });
        QCOMPARE(unknown.code, 1);
        QVERIFY(unknown.err.contains(QStringLiteral("nobody")));
    }

    void projectAddValidatesTheRepository()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("a.db")));
        QVERIFY(store.has_value());
        const QString repo = dir.filePath(QStringLiteral("shop"));
        QDir().mkpath(repo);
        git(repo, { "init", "-q", "-b", "trunk" });
        git(repo, { "commit", "-q", "--allow-empty", "-m", "root" });

        const Outcome notRepo = run(**store, { "project", "add", dir.filePath(QStringLiteral("nothing")) });
        QCOMPARE(notRepo.code, 1);
        const Outcome badBase = run(**store, { "project", "add", repo, "--base", "main" });
        QCOMPARE(badBase.code, 1);
        QVERIFY2(badBase.err.contains(QStringLiteral("main")), qPrintable(badBase.err));
        QCOMPARE((*store)->projects()->size(), 0); // nothing half-written

        const Outcome added = run(**store, { "project", "add", repo });
        QCOMPARE(added.code, 0);
        const auto projects = (*store)->projects();
        QCOMPARE(projects->size(), 1);
        QCOMPARE(projects->first().name, QStringLiteral("shop"));
        QCOMPARE(projects->first().baseBranch, QStringLiteral("trunk"));
        QCOMPARE(projects->first().repoPath, QDir(repo).canonicalPath());

        const Outcome again = run(**store, { "project", "add", repo, "--name", "other" });
        QCOMPARE(again.code, 1); // the same repository twice
        QCOMPARE((*store)->projects()->size(), 1);
        QVERIFY(run(**store, { "project", "list" }).out.contains(QStringLiteral("trunk")));
    }
};

QTEST_GUILESS_MAIN(TestStoreCommands)
#include "tst_storecommands.moc"
