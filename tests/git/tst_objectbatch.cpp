// ObjectBatch: what it stores is valid for git itself (loose objects and packs: fsck
// --strict, verify-pack, every object readable), small batches never add a pack, each
// object is stored once, and nothing pending is visible to other readers before the flush.

#include "gittestrepo.h"
#include "objectbatch.h"
#include "repository.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestObjectBatch : public ScratchRepositoryTest {
    Q_OBJECT

private:
    OdbPtr openOdb() const
    {
        Libgit2::ensureInitialised();
        git_odb *raw = nullptr;
        if (git_odb_open(&raw, (m_path + QStringLiteral("/.git/objects")).toUtf8().constData()) != 0)
            return nullptr;
        return OdbPtr(raw);
    }

    QStringList packs() const
    {
        return QDir(m_path + QStringLiteral("/.git/objects/pack")).entryList({ QStringLiteral("*.idx") }, QDir::Files);
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

    void packIsValidForGit()
    {
        OdbPtr odb = openOdb();
        QVERIFY(odb);
        auto batch = ObjectBatch::attach(odb.get());
        QVERIFY(batch);
        // Sizes around the pack header's 4- and 7-bit size groups, and an empty blob; then
        // enough small ones to make it a pack.
        QList<QByteArray> contents { QByteArray(), "x", QByteArray(15, 'a'), QByteArray(16, 'b'), QByteArray(2047, 'c'),
            QByteArray(2048, 'd'), QByteArray(300000, 'e') };
        for (size_t i = 0; i < ObjectBatch::kLooseLimit; ++i)
            contents << QByteArray("blob number ") + QByteArray::number(qulonglong(i));
        QList<git_oid> ids;
        for (const QByteArray &c : contents) {
            git_oid id;
            // Through the odb, as libgit2 writes: lands in the batch.
            QCOMPARE(git_odb_write(&id, odb.get(), c.constData(), size_t(c.size()), GIT_OBJECT_BLOB), 0);
            ids << id;
        }
        QCOMPARE((*batch)->pendingCount(), size_t(contents.size()));
        QVERIFY(runGit(m_path, { QStringLiteral("cat-file"), QStringLiteral("-e"), oidToString(ids.last()) }).exitCode
            != 0);
        const QStringList before = packs();
        QVERIFY((*batch)->flush(m_path + QStringLiteral("/.git/objects")));
        const QStringList after = packs();
        QCOMPARE(after.size(), before.size() + 1);
        QString newIdx;
        for (const QString &p : after)
            if (!before.contains(p))
                newIdx = p;
        const GitRun verify = runGit(m_path,
            { QStringLiteral("verify-pack"), QStringLiteral("-v"), QStringLiteral(".git/objects/pack/") + newIdx });
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        for (int i = 0; i < contents.size(); ++i)
            QCOMPARE(runGit(m_path, { QStringLiteral("cat-file"), QStringLiteral("blob"), oidToString(ids[i]) }).out,
                contents[i]);
        // Flushing again stores nothing new.
        QVERIFY((*batch)->flush(m_path + QStringLiteral("/.git/objects")));
        QCOMPARE(packs(), after);
        // An object already in the batch is kept once.
        git_oid again;
        QVERIFY((*batch)->add(GIT_OBJECT_BLOB, "x", 1));
        QCOMPARE(git_odb_write(&again, odb.get(), "x", 1, GIT_OBJECT_BLOB), 0);
        QCOMPARE((*batch)->pendingCount(), size_t(contents.size()));
        (*batch)->discard();
        QCOMPARE((*batch)->pendingCount(), size_t(0));
    }

    void smallBatchesAreLooseObjects()
    {
        OdbPtr odb = openOdb();
        QVERIFY(odb);
        auto batch = ObjectBatch::attach(odb.get());
        QVERIFY(batch);
        const QList<QByteArray> contents { QByteArray(), "y\n", QByteArray(300000, 'f') };
        QList<git_oid> ids;
        for (const QByteArray &c : contents) {
            git_oid id;
            QCOMPARE(git_odb_write(&id, odb.get(), c.constData(), size_t(c.size()), GIT_OBJECT_BLOB), 0);
            ids << id;
        }
        const QStringList before = packs();
        QVERIFY((*batch)->flush(m_path + QStringLiteral("/.git/objects")));
        QCOMPARE(packs(), before);
        for (int i = 0; i < contents.size(); ++i) {
            const QString hex = oidToString(ids[i]);
            QVERIFY2(QFileInfo::exists(m_path + QStringLiteral("/.git/objects/%1/%2").arg(hex.left(2), hex.mid(2))),
                     qPrintable(hex));
            QCOMPARE(runGit(m_path, { QStringLiteral("cat-file"), QStringLiteral("blob"), hex }).out, contents[i]);
        }
        const GitRun fsck = runGit(m_path, { QStringLiteral("fsck"), QStringLiteral("--strict") });
        QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
        // Stored again (another batch with the same object): nothing changes, no error.
        QVERIFY((*batch)->add(GIT_OBJECT_BLOB, "y\n", 2));
        (*batch)->discard();
        auto again = ObjectBatch::attach(odb.get());
        QVERIFY(again);
        QVERIFY((*again)->add(GIT_OBJECT_BLOB, "y\n", 2));
        QVERIFY((*again)->flush(m_path + QStringLiteral("/.git/objects")));
    }
};

QTEST_GUILESS_MAIN(TestObjectBatch)
#include "tst_objectbatch.moc"
