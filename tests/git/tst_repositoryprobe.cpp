#include "repositoryprobe.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack::Git;

class TestRepositoryProbe : public QObject
{
    Q_OBJECT

private:
    static void git(const QString &dir, const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("git"),
                QStringList{ QStringLiteral("-c"), QStringLiteral("user.name=T"), QStringLiteral("-c"),
                             QStringLiteral("user.email=t@example.invalid") }
                    + args);
        QVERIFY(p.waitForFinished());
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
    static QString revParse(const QString &dir, const QString &rev)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("git"), { QStringLiteral("rev-parse"), rev });
        p.waitForFinished();
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

private Q_SLOTS:
    void headBranchIsTheDefaultBase()
    {
        QTemporaryDir dir;
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("trunk") });
        git(dir.path(), { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                          QStringLiteral("-m"), QStringLiteral("root") });
        const auto info = probeRepository(dir.path());
        QVERIFY2(info.has_value(), qPrintable(info ? QString() : info.error().toString()));
        QCOMPARE(info->baseBranch, QStringLiteral("trunk"));
        QCOMPARE(info->baseCommit, revParse(dir.path(), QStringLiteral("trunk")));
        QCOMPARE(info->path, QDir(dir.path()).canonicalPath());
        QVERIFY(!info->bare);
    }

    void namedBaseBranchMustExist()
    {
        QTemporaryDir dir;
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
        git(dir.path(), { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                          QStringLiteral("-m"), QStringLiteral("root") });
        git(dir.path(), { QStringLiteral("branch"), QStringLiteral("release") });
        QCOMPARE(probeRepository(dir.path(), QStringLiteral("release"))->baseBranch, QStringLiteral("release"));
        const auto missing = probeRepository(dir.path(), QStringLiteral("nope"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, GitError::Kind::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("nope")));
    }

    void refusesWhatIsNotARepository()
    {
        QTemporaryDir dir;
        const auto plain = probeRepository(dir.path());
        QVERIFY(!plain);
        QVERIFY(plain.error().message.contains(QStringLiteral("not a git repository")));
        // A subdirectory of a repository is not the repository.
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q") });
        QDir(dir.path()).mkdir(QStringLiteral("sub"));
        QVERIFY(!probeRepository(dir.path() + QStringLiteral("/sub")));
        QVERIFY(!probeRepository(dir.path() + QStringLiteral("/missing")));
    }

    void refusesRepositoryWithoutCommits()
    {
        QTemporaryDir dir;
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q") });
        const auto empty = probeRepository(dir.path());
        QVERIFY(!empty);
        QVERIFY(empty.error().message.contains(QStringLiteral("no commits")));
    }

    void bareRepository()
    {
        QTemporaryDir dir;
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
        git(dir.path(), { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                          QStringLiteral("-m"), QStringLiteral("root") });
        QTemporaryDir bare;
        git(bare.path(), { QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), dir.path(),
                           QStringLiteral("b.git") });
        const auto info = probeRepository(bare.path() + QStringLiteral("/b.git"));
        QVERIFY(info.has_value());
        QVERIFY(info->bare);
        QCOMPARE(info->baseBranch, QStringLiteral("main"));
    }
};

QTEST_GUILESS_MAIN(TestRepositoryProbe)
#include "tst_repositoryprobe.moc"
