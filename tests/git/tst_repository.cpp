// Repository: opening, ref-name validation, compare-and-swap refs, and the pending
// object batch (objects reach the disk only when stored or when a ref points at them;
// discarded ones never do).

#include "gittestrepo.h"
#include "repository.h"
#include "treeupdater.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestRepository : public ScratchRepositoryTest {
    Q_OBJECT

private:

    bool onDisk(const git_oid &id)
    {
        return runGit(m_path, { QStringLiteral("cat-file"), QStringLiteral("-e"), oidToString(id) }).exitCode == 0;
    }

    // A new commit (blob, tree, commit) on top of main, pending in `repo`'s batch.
    git_oid pendingCommit(const Repository &repo, const QByteArray &content)
    {
        git_oid blob {};
        if (auto b = repo.writeObject(GIT_OBJECT_BLOB, content.constData(), size_t(content.size())))
            blob = *b;
        auto base = repo.branchTip(QStringLiteral("main"));
        auto baseTree = repo.treeOf(*base);
        TreeChange change;
        change.path = "pending/file.txt";
        change.id = blob;
        auto treeId = TreeUpdater::apply(repo, baseTree->get(), { change });
        git_tree *tree = nullptr;
        git_tree_lookup(&tree, repo.get(), &*treeId);
        TreePtr treeOwner(tree);
        auto parent = repo.commit(*base);
        auto sig = repo.signature();
        const git_commit *parents[] = { parent->get() };
        git_oid commit {};
        git_commit_create(&commit, repo.get(), nullptr, sig->get(), sig->get(), nullptr, "pending\n", tree, 1, parents);
        return commit;
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

    void openRefusesNonRepository()
    {
        QTemporaryDir empty;
        auto repo = Repository::open(empty.path());
        QVERIFY(!repo);
        QVERIFY(repo.error().toString().contains(empty.path()));
        QVERIFY(Repository::open(m_path));
        QVERIFY(!Repository::open(m_path)->isBare());
    }

    void refComponents_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "run-42_a.b" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("space") << "a b" << false;
        QTest::newRow("dotdot") << "a..b" << false;
        QTest::newRow("leading dot") << ".hidden" << false;
        QTest::newRow("leading dash") << "-x" << false;
        QTest::newRow("lock") << "x.lock" << false;
        QTest::newRow("tilde") << "x~1" << false;
        QTest::newRow("colon") << "x:y" << false;
        QTest::newRow("non-ascii") << QString::fromUtf8("r\xc3\xa9sum\xc3\xa9") << false;
    }

    void refComponents()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        auto ok = validateRefComponent(QStringLiteral("run_id"), value);
        QCOMPARE(bool(ok), valid);
        if (!valid)
            QVERIFY(ok.error().message.startsWith(QStringLiteral("run_id '")));
    }

    void setRefIsCompareAndSwap()
    {
        auto repo = Repository::open(m_path);
        const git_oid base = *oidFromString(QString::fromLatin1(m_base));
        const QString ref = QStringLiteral("refs/autopack/test/r");
        QCOMPARE(repo->setRef(ref, base, nullptr, QStringLiteral("create")), 0);
        QCOMPARE(repo->setRef(ref, base, nullptr, QStringLiteral("create again")), int(GIT_EEXISTS));
        const git_oid next = pendingCommit(*repo, "one\n");
        const git_oid other
            = *oidFromString(QString::fromLatin1(git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("work") })));
        // Expected value wrong: nothing changes.
        QCOMPARE(repo->setRef(ref, next, &other, QStringLiteral("cas")), int(GIT_EMODIFIED));
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), ref }), m_base);
        QCOMPARE(repo->setRef(ref, next, &base, QStringLiteral("cas")), 0);
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), ref }), oidToString(next).toLatin1());
    }

    void objectsReachDiskOnlyWhenStored()
    {
        auto repo = Repository::open(m_path);
        const int looseBefore = looseObjectCount(m_path);
        const git_oid commit = pendingCommit(*repo, "two\n");
        // Readable through this repository, not on disk yet.
        QVERIFY(repo->commit(commit));
        QVERIFY(!onDisk(commit));
        // setRef stores them (a handful: as loose objects, as git would) before pointing
        // the ref at them: the blob, two trees and the commit.
        QCOMPARE(repo->setRef(QStringLiteral("refs/autopack/test/stored"), commit, nullptr, QStringLiteral("t")), 0);
        QVERIFY(onDisk(commit));
        QCOMPARE(looseObjectCount(m_path), looseBefore + 4);
        QCOMPARE(git(m_path, { QStringLiteral("show"), QStringLiteral("refs/autopack/test/stored:pending/file.txt") }),
            QByteArray("two"));
        // Still readable after the in-memory copies are gone (from the disk).
        repo->discardPendingObjects();
        QVERIFY(repo->commit(commit));
    }

    void discardedObjectsNeverReachDisk()
    {
        auto repo = Repository::open(m_path);
        const QString packDir = m_path + QStringLiteral("/.git/objects/pack");
        const QStringList packsBefore = QDir(packDir).entryList(QDir::Files);
        const int looseBefore = looseObjectCount(m_path);
        const git_oid commit = pendingCommit(*repo, "three\n");
        repo->discardPendingObjects();
        QVERIFY(!repo->commit(commit));
        QVERIFY(repo->flushObjects()); // nothing left to store
        QVERIFY(!onDisk(commit));
        QCOMPARE(QDir(packDir).entryList(QDir::Files), packsBefore);
        QCOMPARE(looseObjectCount(m_path), looseBefore);
    }
};

QTEST_GUILESS_MAIN(TestRepository)
#include "tst_repository.moc"
