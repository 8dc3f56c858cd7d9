// RepositoryTreeSource: the TreeSource over a repository on disk. Its listing is git's
// (ls-tree -r -l without submodules), its changes are what differs between two listings,
// its files are the blobs byte for byte (a symlink's target for a symlink), and a wrong
// path, a wrong id or a path that is no repository is an error that names it. The repository is left untouched (the
// fixture checks it).

#include "../../git/gittestrepo.h"
#include "treesource.h"

using namespace Autopack::Agent;
using namespace Autopack::Git::TestSupport;

class TestRepositoryTreeSource : public Autopack::Git::TestSupport::ScratchRepositoryTest
{
    Q_OBJECT

private:
    QByteArray m_commit;

    QByteArray catBlob(const QString &path)
    {
        return runGit(
            m_path, { QStringLiteral("cat-file"), QStringLiteral("blob"), QString::fromLatin1(m_commit) + u':' + path })
            .out;
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        // On main, through a temporary index: an executable, a symlink, a binary, a submodule.
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QString::fromLatin1(m_base) }, {}, env);
        auto add = [&](const QString &mode, const QString &path, const QByteArray &content) {
            const QByteArray id = mode == QLatin1String("160000")
                ? content
                : runGit(
                    m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, content)
                      .out.trimmed();
            runGit(m_path,
                { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                    QStringLiteral("%1,%2,%3").arg(mode, QString::fromLatin1(id), path) },
                {}, env);
        };
        add(QStringLiteral("100755"), QStringLiteral("bin/tool"), "#!/bin/sh\n");
        add(QStringLiteral("120000"), QStringLiteral("link"), "docs/guide.txt");
        add(QStringLiteral("100644"), QStringLiteral("data/blob.bin"), QByteArray("\0\xff\0binary\n", 10));
        add(QStringLiteral("160000"), QStringLiteral("vendor/sub"), m_base);
        const QByteArray tree = runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        m_commit = git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"),
                QString::fromLatin1(m_base), QStringLiteral("-m"), QStringLiteral("extras") });
        QVERIFY(!m_commit.isEmpty());
        rememberUserState();
    }

    void cleanup() { verifyUntouchedAndRemove(); }

    void listingIsGits()
    {
        RepositoryTreeSource source(m_path);
        auto listing = source.listing(QString::fromLatin1(m_commit));
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error()));
        QCOMPARE(listing->commit, QString::fromLatin1(m_commit));
        QCOMPARE(listing->treeId,
            QString::fromLatin1(git(
                m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + QStringLiteral("^{tree}") })));
        QStringList ours;
        for (const TreeEntry &e : std::as_const(listing->entries))
            ours.append(QStringLiteral("%1 %2 %3 %4").arg(e.mode, 0, 8).arg(e.oid).arg(e.size).arg(e.path));
        QStringList theirs;
        const QByteArray out = git(m_path,
            { QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("-l"), QString::fromLatin1(m_commit) });
        for (const QByteArray &line : out.split('\n')) {
            const QList<QByteArray> head = line.left(line.indexOf('\t')).simplified().split(' ');
            if (head.at(1) != "commit")
                theirs.append(
                    QStringLiteral("%1 %2 %3 %4")
                        .arg(QString::fromLatin1(head.at(0)), QString::fromLatin1(head.at(2)),
                            QString::fromLatin1(head.at(3)), QString::fromUtf8(line.mid(line.indexOf('\t') + 1))));
        }
        QCOMPARE(ours, theirs);
        QCOMPARE(ours.size(), 7); // vendor/sub, the submodule, is left out
    }

    void changesAreWhatDiffers()
    {
        RepositoryTreeSource source(m_path);
        auto changes = source.changes(QString::fromLatin1(m_base), QString::fromLatin1(m_commit));
        QVERIFY2(changes, qPrintable(changes ? QString() : changes.error()));
        QCOMPARE(changes->since, QString::fromLatin1(m_base));
        QCOMPARE(changes->commit, QString::fromLatin1(m_commit));
        QCOMPARE(changes->treeId, source.listing(QString::fromLatin1(m_commit))->treeId);
        QStringList ours;
        for (const TreeEntry &e : std::as_const(changes->entries))
            ours.append(QStringLiteral("%1 %2 %3 %4").arg(e.mode, 0, 8).arg(e.oid).arg(e.size).arg(e.path));
        const QStringList theirs {
            QStringLiteral("100755 %1 10 bin/tool")
                .arg(QString::fromLatin1(
                    git(m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + ":bin/tool" }))),
            QStringLiteral("100644 %1 10 data/blob.bin")
                .arg(QString::fromLatin1(
                    git(m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + ":data/blob.bin" }))),
            QStringLiteral("120000 %1 14 link")
                .arg(QString::fromLatin1(
                    git(m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + ":link" })))
        };
        QCOMPARE(ours, theirs); // the submodule is left out
        QCOMPARE(changes->deleted, QStringList());
        auto back = source.changes(QString::fromLatin1(m_commit), QString::fromLatin1(m_base));
        QVERIFY(back);
        QCOMPARE(back->deleted,
            QStringList({ QStringLiteral("bin/tool"), QStringLiteral("data/blob.bin"), QStringLiteral("link") }));
        QVERIFY(back->entries.isEmpty());

        const QString unknown = QStringLiteral("0123456789012345678901234567890123456789");
        auto fromUnknown = source.changes(unknown, QString::fromLatin1(m_commit));
        QVERIFY(!fromUnknown);
        QVERIFY2(fromUnknown.error().contains(unknown), qPrintable(fromUnknown.error()));
    }

    void filesAreTheBlobs()
    {
        RepositoryTreeSource source(m_path);
        const QStringList paths { QStringLiteral("bin/tool"), QStringLiteral("link"), QStringLiteral("data/blob.bin"),
            QStringLiteral("src/app/main.c") };
        auto files = source.files(QString::fromLatin1(m_commit), paths);
        QVERIFY2(files, qPrintable(files ? QString() : files.error()));
        QCOMPARE(files->size(), 4);
        for (const QString &p : paths)
            QCOMPARE(files->value(p), catBlob(p));
        QCOMPARE(files->value(QStringLiteral("link")), QByteArray("docs/guide.txt"));
        auto none = source.files(QString::fromLatin1(m_commit), {});
        QVERIFY(none);
        QVERIFY(none->isEmpty());
    }

    void errorsNameWhatIsWrong()
    {
        RepositoryTreeSource source(m_path);
        auto files = source.files(
            QString::fromLatin1(m_commit), { QStringLiteral("README.md"), QStringLiteral("nope/missing.txt") });
        QVERIFY(!files);
        QVERIFY2(files.error().contains(QStringLiteral("nope/missing.txt")), qPrintable(files.error()));

        const QString tree = QString::fromLatin1(
            git(m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + QStringLiteral("^{tree}") }));
        auto listing = source.listing(tree);
        QVERIFY(!listing);
        QVERIFY2(listing.error().contains(tree) && listing.error().contains(QStringLiteral("not a commit")),
            qPrintable(listing.error()));

        QTemporaryDir empty;
        RepositoryTreeSource nowhere(empty.path());
        auto noRepo = nowhere.listing(QString::fromLatin1(m_commit));
        QVERIFY(!noRepo);
        QVERIFY2(noRepo.error().contains(empty.path()), qPrintable(noRepo.error()));
    }
};

QTEST_GUILESS_MAIN(TestRepositoryTreeSource)
#include "tst_repositorytreesource.moc"
