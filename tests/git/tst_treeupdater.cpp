// TreeUpdater: the trees it writes are byte-identical to what git builds for the same
// changes (git update-index + write-tree through a temporary index), including git's
// entry order, emptied directories vanishing, and file <-> directory replacements.

#include "gittestrepo.h"
#include "repository.h"
#include "treeupdater.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestTreeUpdater : public ScratchRepositoryTest {
    Q_OBJECT

private:

    QByteArray hashBlob(const QByteArray &content)
    {
        return runGit(
            m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, content)
            .out.trimmed();
    }

    // git's tree for: base, minus `removals`, plus `upserts` (path -> content).
    QByteArray gitTree(const QMap<QString, QByteArray> &upserts, const QStringList &removals)
    {
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QString::fromLatin1(m_base) }, {}, env);
        for (const QString &r : removals)
            runGit(m_path, { QStringLiteral("update-index"), QStringLiteral("--force-remove"), r }, {}, env);
        for (auto it = upserts.begin(); it != upserts.end(); ++it)
            runGit(m_path,
                { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--replace"),
                    QStringLiteral("--cacheinfo"),
                    QStringLiteral("100644,%1,%2").arg(QString::fromLatin1(hashBlob(it.value())), it.key()) },
                {}, env);
        return runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
    }

    GitResult<QByteArray> ourTree(const QMap<QString, QByteArray> &upserts, const QStringList &removals)
    {
        auto repo = Repository::open(m_path);
        auto tree = repo->treeOf(*oidFromString(QString::fromLatin1(m_base)));
        std::vector<TreeChange> changes;
        for (const QString &r : removals) {
            TreeChange c;
            c.path = r.toUtf8();
            c.remove = true;
            changes.push_back(c);
        }
        for (auto it = upserts.begin(); it != upserts.end(); ++it) {
            TreeChange c;
            c.path = it.key().toUtf8();
            c.id = *oidFromString(QString::fromLatin1(hashBlob(it.value())));
            changes.push_back(c);
        }
        auto id = TreeUpdater::apply(*repo, tree->get(), changes);
        if (!id)
            return std::unexpected(id.error());
        if (auto stored = repo->flushObjects(); !stored)
            return std::unexpected(stored.error());
        return oidToString(*id).toLatin1();
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        rememberUserState();
    }

    void cleanup()
    {
        verifyUntouchedAndRemove();
    }

    void sameTreesAsGit_data()
    {
        QTest::addColumn<QStringList>("upsertPaths");
        QTest::addColumn<QStringList>("removals");
        QTest::newRow("modify nested") << QStringList { QStringLiteral("src/lib/util.c") } << QStringList {};
        QTest::newRow("add deep new dirs")
            << QStringList { QStringLiteral("a/b/c/d.txt"), QStringLiteral("a/b/e.txt") } << QStringList {};
        QTest::newRow("order: file vs dir prefix") << QStringList { QStringLiteral("src.c"), QStringLiteral("src-x/y"),
            QStringLiteral("src/z") } << QStringList {};
        QTest::newRow("remove only file of dir") << QStringList {} << QStringList { QStringLiteral("docs/guide.txt") };
        QTest::newRow("remove and add elsewhere")
            << QStringList { QStringLiteral("docs/new.txt") } << QStringList { QStringLiteral("src/app/main.c") };
        QTest::newRow("file becomes directory")
            << QStringList { QStringLiteral("README.md/inner.txt") } << QStringList { QStringLiteral("README.md") };
        QTest::newRow("directory becomes file")
            << QStringList { QStringLiteral("docs") } << QStringList { QStringLiteral("docs/guide.txt") };
    }

    void sameTreesAsGit()
    {
        QFETCH(QStringList, upsertPaths);
        QFETCH(QStringList, removals);
        QMap<QString, QByteArray> upserts;
        for (const QString &p : upsertPaths)
            upserts.insert(p, "content of " + p.toUtf8() + "\n");
        auto ours = ourTree(upserts, removals);
        QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().toString()));
        QCOMPARE(*ours, gitTree(upserts, removals));
    }

    void removingEverythingGivesTheEmptyTree()
    {
        const QStringList all
            = QString::fromLatin1(git(m_path,
                                      { QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("--name-only"),
                                          QString::fromLatin1(m_base) }))
                  .split(u'\n');
        auto ours = ourTree({}, all);
        QVERIFY(ours);
        QCOMPARE(*ours, QByteArray("4b825dc642cb6eb9a060e54bf8d69288fbee4904"));
    }

    void badChangesRefused()
    {
        auto missing = ourTree({}, { QStringLiteral("no/such/file") });
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("no/such/file")));
        auto throughFile = ourTree({ { QStringLiteral("README.md/x"), "x\n" } }, {});
        QVERIFY(!throughFile);
        QVERIFY(throughFile.error().message.contains(QStringLiteral("'README.md' is a file")));
        auto overDir = ourTree({ { QStringLiteral("src"), "x\n" } }, {});
        QVERIFY(!overDir);
        QVERIFY(overDir.error().message.contains(QStringLiteral("it is a directory")));
    }
};

QTEST_GUILESS_MAIN(TestTreeUpdater)
#include "tst_treeupdater.moc"
