// ScopePolicy: the lexical path rules of SPEC §3, protected globs, the size limit, and
// the symlink checks against a base tree.

#include "gittestrepo.h"
#include "repository.h"
#include "scopepolicy.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestScopePolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pathRules_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("violation"); // substring of the reason; empty: allowed
        QTest::newRow("plain") << "src/main.c"
                               << "";
        QTest::newRow("dotfile") << ".clang-format"
                                 << "";
        QTest::newRow("gitignore") << "sub/.gitignore"
                                   << "";
        QTest::newRow("absolute") << "/etc/passwd"
                                  << "absolute path";
        QTest::newRow("windows drive") << "C:/x"
                                       << "absolute path";
        QTest::newRow("dotdot") << "a/../../b"
                                << "'..' leaves the repository";
        QTest::newRow("leading dotdot") << "../b"
                                        << "'..'";
        QTest::newRow("dot") << "a/./b"
                             << "'.' path component";
        QTest::newRow("empty component") << "a//b"
                                         << "empty path component";
        QTest::newRow("git dir") << ".git/config"
                                 << "inside .git/";
        QTest::newRow("nested git dir") << "vendor/.git/hooks/pre-commit"
                                        << "inside .git/";
        QTest::newRow("git any case") << ".GiT/HEAD"
                                      << "inside .git/";
        QTest::newRow("git trailing dot") << ".git./config"
                                          << "inside .git/";
        QTest::newRow("backslash") << "a\\b"
                                   << "backslash";
        QTest::newRow("empty") << ""
                               << "empty path";
    }

    void pathRules()
    {
        QFETCH(QString, path);
        QFETCH(QString, violation);
        const QString why = ScopePolicy().pathViolation(path);
        if (violation.isEmpty())
            QVERIFY2(why.isEmpty(), qPrintable(why));
        else
            QVERIFY2(why.contains(violation), qPrintable(QStringLiteral("'%1' for '%2'").arg(why, path)));
    }

    void protectedGlobs_data()
    {
        QTest::addColumn<QString>("glob");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("isProtected");
        QTest::newRow("name anywhere") << ".env"
                                       << "a/b/.env" << true;
        QTest::newRow("name at root") << ".env"
                                      << ".env" << true;
        QTest::newRow("name is not a prefix") << ".env"
                                              << ".envrc" << false;
        QTest::newRow("star in component") << "*.pem"
                                           << "keys/server.pem" << true;
        QTest::newRow("star stays in component") << "src/*.c"
                                                 << "src/a/b.c" << false;
        QTest::newRow("star matches") << "src/*.c"
                                      << "src/b.c" << true;
        QTest::newRow("double star") << "src/**/secret.txt"
                                     << "src/a/b/secret.txt" << true;
        QTest::newRow("double star zero dirs") << "src/**/secret.txt"
                                               << "src/secret.txt" << true;
        QTest::newRow("directory") << "migrations/"
                                   << "migrations/001.sql" << true;
        QTest::newRow("directory not file of same prefix") << "migrations/"
                                                           << "migrations.txt" << false;
        QTest::newRow("anchored path") << "ci/deploy.yml"
                                       << "other/ci/deploy.yml" << false;
        QTest::newRow("directory name covers contents") << "secrets"
                                                        << "secrets/a.txt" << true;
        QTest::newRow("question mark") << "v?.txt"
                                       << "v1.txt" << true;
        QTest::newRow("regex characters are literal") << "a+b(c).txt"
                                                      << "a+b(c).txt" << true;
    }

    void protectedGlobs()
    {
        QFETCH(QString, glob);
        QFETCH(QString, path);
        QFETCH(bool, isProtected);
        ScopePolicy policy;
        policy.setProtectedGlobs({ glob });
        QCOMPARE(policy.isProtected(path), isProtected);
        QCOMPARE(policy.pathViolation(path).contains(QStringLiteral("protected")), isProtected);
        policy.setAllowProtected(true);
        QVERIFY(policy.pathViolation(path).isEmpty());
    }

    void sizeLimit()
    {
        ScopePolicy policy;
        QCOMPARE(policy.maxPatchBytes(), ScopePolicy::DefaultMaxPatchBytes);
        QVERIFY(policy.checkSize(ScopePolicy::DefaultMaxPatchBytes));
        auto over = policy.checkSize(ScopePolicy::DefaultMaxPatchBytes + 1);
        QVERIFY(!over);
        QCOMPARE(over.error().kind, GitError::Kind::PolicyViolation);
        QVERIFY(over.error().message.contains(QStringLiteral("over the limit")));
        policy.setMaxPatchBytes(100);
        QVERIFY(!policy.checkSize(101));
    }

    void symlinkChecks()
    {
        QTemporaryDir dir;
        makeRepository(dir.path());
        commitOnBranch(dir.path(), QStringLiteral("main"), { { QStringLiteral("real/file.txt"), "x\n" } },
                       QStringLiteral("real"));
        // A symlink entry "link" -> "real", added through a temporary index.
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(dir.path(), { QStringLiteral("read-tree"), QStringLiteral("main") }, {}, env);
        const QByteArray target
            = runGit(dir.path(), { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, "real")
                  .out.trimmed();
        runGit(dir.path(),
               { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                 QStringLiteral("120000,%1,link").arg(QString::fromLatin1(target)) },
               {}, env);
        const QByteArray treeHex = runGit(dir.path(), { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        const QByteArray commit = git(dir.path(), { QStringLiteral("commit-tree"), QString::fromLatin1(treeHex), QStringLiteral("-p"),
                                                    QStringLiteral("main"), QStringLiteral("-m"), QStringLiteral("links") });
        git(dir.path(), { QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), QString::fromLatin1(commit) });
        const UserState before = userState(dir.path());
        auto repo = Repository::open(dir.path());
        QVERIFY(repo);
        auto tree = repo->treeOf(*repo->branchTip(QStringLiteral("main")));
        QVERIFY(tree);
        QVERIFY(ScopePolicy::symlinkViolation(tree->get(), QStringLiteral("real/file.txt"), true).isEmpty());
        QVERIFY(ScopePolicy::symlinkViolation(tree->get(), QStringLiteral("new/dir/file.txt"), true).isEmpty());
        QVERIFY(ScopePolicy::symlinkViolation(tree->get(), QStringLiteral("link/file.txt"), true)
                    .contains(QStringLiteral("writing through it")));
        QVERIFY(ScopePolicy::symlinkViolation(tree->get(), QStringLiteral("link"), true)
                    .contains(QStringLiteral("changing it")));
        // Deleting the symlink itself is fine.
        QVERIFY(ScopePolicy::symlinkViolation(tree->get(), QStringLiteral("link"), false).isEmpty());
        QVERIFY(userState(dir.path()) == before);
    }
};

QTEST_GUILESS_MAIN(TestScopePolicy)
#include "tst_scopepolicy.moc"
