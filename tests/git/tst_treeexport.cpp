// TreeExport: the listing is git ls-tree -r -l without submodules (same order, modes,
// ids, sizes) and the commit's tree id; the changes between two commits, applied to the
// first one's listing, give the second one's, and name only what differs (type changes,
// files becoming directories and back, submodules appearing and going); the archive holds exactly the asked-for files,
// byte for byte as git cat-file gives them, and GNU tar reads it; unknown paths,
// directories, submodules and ids that are no commit are errors naming them. The
// repository is left untouched (the fixture checks HEAD, index, status and fsck).

#include "gittestrepo.h"
#include "repository.h"
#include "tararchive.h"
#include "treeexport.h"

#include <QElapsedTimer>

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

namespace {

struct Extra {
    QString mode;
    QString path;
    QByteArray content; // for 160000: the commit id
};

} // namespace

class TestTreeExport : public ScratchRepositoryTest
{
    Q_OBJECT

private:
    QByteArray m_commit; // main with executables, symlinks, a submodule and tricky orderings

    // Commits `extras` on main through a temporary index, with any mode.
    QByteArray commitExtras(const QList<Extra> &extras)
    {
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QStringLiteral("refs/heads/main") }, {}, env);
        for (const Extra &e : extras) {
            const QByteArray id = e.mode == QLatin1String("160000")
                ? e.content
                : runGit(m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") },
                    e.content)
                      .out.trimmed();
            runGit(m_path,
                { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                    QStringLiteral("%1,%2,%3").arg(e.mode, QString::fromLatin1(id), e.path) },
                {}, env);
        }
        const QByteArray tree = runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        const QByteArray commit = git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"),
                QString::fromLatin1(m_base), QStringLiteral("-m"), QStringLiteral("extras") });
        git(m_path, { QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), QString::fromLatin1(commit) });
        return commit;
    }

    // A commit on top of `parent` (through a temporary index): `remove` first, then `extras`
    // added, each replacing what is in its way (a file where a directory was, and back).
    QByteArray commitChange(const QByteArray &parent, const QStringList &remove, const QList<Extra> &extras)
    {
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QString::fromLatin1(parent) }, {}, env);
        for (const QString &path : remove)
            runGit(m_path, { QStringLiteral("update-index"), QStringLiteral("--force-remove"), path }, {}, env);
        for (const Extra &e : extras) {
            const QByteArray id = e.mode == QLatin1String("160000")
                ? e.content
                : runGit(m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") },
                    e.content)
                      .out.trimmed();
            const GitRun added = runGit(m_path,
                { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--replace"),
                    QStringLiteral("--cacheinfo"),
                    QStringLiteral("%1,%2,%3").arg(e.mode, QString::fromLatin1(id), e.path) },
                {}, env);
            if (added.exitCode != 0)
                qWarning("update-index %s: %s", qPrintable(e.path), added.err.constData());
        }
        const QByteArray tree = runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        return git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"),
                QString::fromLatin1(parent), QStringLiteral("-m"), QStringLiteral("change") });
    }

    QByteArray catBlob(const QByteArray &commit, const QString &path)
    {
        return runGit(
            m_path, { QStringLiteral("cat-file"), QStringLiteral("blob"), QString::fromLatin1(commit) + u':' + path })
            .out;
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        m_commit = commitExtras({
            { QStringLiteral("100755"), QStringLiteral("bin/tool"), "#!/bin/sh\necho tool\n" },
            { QStringLiteral("120000"), QStringLiteral("link"), "README.md" },
            { QStringLiteral("120000"), QStringLiteral("src/up"), "../docs" },
            { QStringLiteral("160000"), QStringLiteral("vendor/sub"), m_base },
            { QStringLiteral("100644"), QStringLiteral("a.b"), "dot\n" },
            { QStringLiteral("100644"), QStringLiteral("a-b"), "dash\n" },
            { QStringLiteral("100644"), QStringLiteral("a/x"), "dir\n" },
            { QStringLiteral("100644"), QStringLiteral("data/blob.bin"), QByteArray("\0\1\2\3binary", 10) },
        });
        QVERIFY(!m_commit.isEmpty());
        rememberUserState();
    }

    void cleanup() { verifyUntouchedAndRemove(); }

    void listingIsLsTreeWithoutSubmodules()
    {
        auto repo = Repository::open(m_path);
        QVERIFY(repo);
        TreeExport exporter(*repo);
        auto listing = exporter.listing(QString::fromLatin1(m_commit));
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error().toString()));
        QCOMPARE(oidToString(listing->commit), QString::fromLatin1(m_commit));
        QCOMPARE(oidToString(listing->treeId),
            QString::fromLatin1(git(
                m_path, { QStringLiteral("rev-parse"), QString::fromLatin1(m_commit) + QStringLiteral("^{tree}") })));

        QStringList ours;
        for (const TreeExportEntry &e : listing->entries)
            ours.append(QStringLiteral("%1 %2 %3\t%4")
                            .arg(e.mode, 6, 8)
                            .arg(oidToString(e.oid))
                            .arg(e.size)
                            .arg(QString::fromUtf8(e.path)));
        QStringList theirs;
        bool sawSubmodule = false;
        const QByteArray tree = git(m_path,
            { QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("-l"), QString::fromLatin1(m_commit) });
        for (const QByteArray &line : tree.split('\n')) {
            // "<mode> <type> <oid> <size, right-aligned>\t<path>"
            const QList<QByteArray> head = line.left(line.indexOf('\t')).simplified().split(' ');
            if (head.at(1) == "commit") {
                sawSubmodule = true;
                continue;
            }
            theirs.append(
                QStringLiteral("%1 %2 %3\t%4")
                    .arg(QString::fromLatin1(head.at(0)), QString::fromLatin1(head.at(2)),
                        QString::fromLatin1(head.at(3)), QString::fromUtf8(line.mid(line.indexOf('\t') + 1))));
        }
        QVERIFY(sawSubmodule);
        QCOMPARE(ours, theirs);
        QCOMPARE(listing->entries.size(), size_t(11)); // 4 of main and 7 extras: the submodule is left out
    }

    void changesTurnOneListingIntoTheOther_data()
    {
        QTest::addColumn<int>("from"); // 0: main before the extras, 1: with them, 2: changed
        QTest::addColumn<int>("to");
        QTest::newRow("extras added") << 0 << 1;
        QTest::newRow("extras removed") << 1 << 0;
        QTest::newRow("types and places changed") << 1 << 2;
        QTest::newRow("and back") << 2 << 1;
        QTest::newRow("across both") << 0 << 2;
        QTest::newRow("nothing") << 2 << 2;
    }

    void changesTurnOneListingIntoTheOther()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        // From m_commit: an edit, a mode change, a file that becomes a symlink and a symlink
        // a file, a directory that becomes a file and a file a directory, a submodule that
        // becomes a file, a file that becomes a submodule, a deletion and an addition deep
        // in a new directory.
        const QByteArray changed = commitChange(m_commit,
            { QStringLiteral("a/x"), QStringLiteral("vendor/sub"), QStringLiteral("a.b"), QStringLiteral("link") },
            {
                { QStringLiteral("100644"), QStringLiteral("README.md"), "edited\n" },
                { QStringLiteral("100644"), QStringLiteral("bin/tool"), "#!/bin/sh\necho tool\n" },
                { QStringLiteral("120000"), QStringLiteral("a-b"), "a" },
                { QStringLiteral("100644"), QStringLiteral("src/up"), "not a link now\n" },
                { QStringLiteral("100644"), QStringLiteral("a"), "a file where a/ was\n" },
                { QStringLiteral("100644"), QStringLiteral("link/inside.txt"), "a directory where link was\n" },
                { QStringLiteral("100644"), QStringLiteral("vendor/sub"), "a file where the submodule was\n" },
                { QStringLiteral("160000"), QStringLiteral("data/blob.bin"), m_base },
                { QStringLiteral("100755"), QStringLiteral("new/deep/er/tool"), "#!/bin/sh\n" },
            });
        QVERIFY(!changed.isEmpty());
        const QByteArray commits[] = { m_base, m_commit, changed };
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        auto since = exporter.listing(QString::fromLatin1(commits[from]));
        auto target = exporter.listing(QString::fromLatin1(commits[to]));
        auto changes = exporter.changes(QString::fromLatin1(commits[from]), QString::fromLatin1(commits[to]));
        QVERIFY(since && target);
        QVERIFY2(changes, qPrintable(changes ? QString() : changes.error().toString()));
        QCOMPARE(oidToString(changes->since), QString::fromLatin1(commits[from]));
        QCOMPARE(oidToString(changes->commit), QString::fromLatin1(commits[to]));
        QCOMPARE(oidToString(changes->treeId), oidToString(target->treeId));

        auto text = [](const TreeExportEntry &e) {
            return QStringLiteral("%1 %2 %3").arg(e.mode, 6, 8).arg(oidToString(e.oid)).arg(e.size);
        };
        QMap<QByteArray, QString> before;
        for (const TreeExportEntry &e : since->entries)
            before.insert(e.path, text(e));
        QMap<QByteArray, QString> after;
        for (const TreeExportEntry &e : target->entries)
            after.insert(e.path, text(e));
        QMap<QByteArray, QString> applied = before;
        QSet<QByteArray> named;
        for (const QByteArray &path : changes->deleted) {
            QVERIFY2(before.contains(path) && !after.contains(path), path.constData()); // only what went
            QVERIFY2(!named.contains(path), path.constData());
            named.insert(path);
            applied.remove(path);
        }
        for (const TreeExportEntry &e : changes->entries) {
            QVERIFY2(before.value(e.path) != text(e), e.path.constData()); // only what differs
            QVERIFY2(!named.contains(e.path), e.path.constData()); // each path once
            named.insert(e.path);
            applied.insert(e.path, text(e));
        }
        QCOMPARE(applied, after);
        QCOMPARE(named.isEmpty(), from == to);
        if (from == 1 && to == 2) {
            // A file turned symlink is one change, not a deletion and an addition.
            QVERIFY(std::any_of(changes->entries.begin(), changes->entries.end(),
                [](const TreeExportEntry &e) { return e.path == "a-b" && e.mode == 0120000; }));
            QVERIFY(std::find(changes->deleted.begin(), changes->deleted.end(), "data/blob.bin")
                != changes->deleted.end()); // now a submodule: gone from the listing
        }
    }

    void changesNameAnUnknownCommit()
    {
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        const QString unknown = QStringLiteral("0123456789012345678901234567890123456789");
        auto fromUnknown = exporter.changes(unknown, QString::fromLatin1(m_commit));
        QVERIFY(!fromUnknown);
        QCOMPARE(fromUnknown.error().kind, GitError::Kind::NotFound);
        QVERIFY2(fromUnknown.error().toString().contains(unknown), qPrintable(fromUnknown.error().toString()));
        auto toUnknown = exporter.changes(QString::fromLatin1(m_commit), unknown);
        QVERIFY(!toUnknown);
        QCOMPARE(toUnknown.error().kind, GitError::Kind::NotFound);
        const QString tree
            = QString::fromLatin1(git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("main^{tree}") }));
        auto fromTree = exporter.changes(tree, QString::fromLatin1(m_commit));
        QVERIFY(!fromTree);
        QVERIFY2(fromTree.error().toString().contains(QStringLiteral("is a tree, not a commit")),
            qPrintable(fromTree.error().toString()));
    }

    void archiveHoldsExactlyThePathsAsked()
    {
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        const QStringList paths { QStringLiteral("src/up"), QStringLiteral("bin/tool"), QStringLiteral("a/x"),
            QStringLiteral("data/blob.bin"), QStringLiteral("a/x") };
        auto tar = exporter.archive(QString::fromLatin1(m_commit), paths);
        QVERIFY2(tar, qPrintable(tar ? QString() : tar.error().toString()));
        auto entries = TarArchive::read(*tar);
        QVERIFY2(entries, qPrintable(entries ? QString() : entries.error().toString()));
        const QList<TarEntry> expected {
            { QStringLiteral("a/x"), 0100644, catBlob(m_commit, QStringLiteral("a/x")) },
            { QStringLiteral("bin/tool"), 0100755, catBlob(m_commit, QStringLiteral("bin/tool")) },
            { QStringLiteral("data/blob.bin"), 0100644, catBlob(m_commit, QStringLiteral("data/blob.bin")) },
            { QStringLiteral("src/up"), 0120000, "../docs" },
        };
        QCOMPARE(*entries, expected); // git's order, each once

        QTemporaryDir out;
        writeFile(out.filePath(QStringLiteral("a.tar")), *tar);
        QProcess tarTool;
        tarTool.start(QStringLiteral("tar"), { QStringLiteral("-tf"), out.filePath(QStringLiteral("a.tar")) });
        QVERIFY(tarTool.waitForFinished());
        QCOMPARE(tarTool.exitCode(), 0);
        QCOMPARE(tarTool.readAllStandardOutput(), QByteArray("a/x\nbin/tool\ndata/blob.bin\nsrc/up\n"));
    }

    void emptyListArchivesEveryFile()
    {
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        auto listing = exporter.listing(QString::fromLatin1(m_commit));
        auto tar = exporter.archive(QString::fromLatin1(m_commit), {});
        QVERIFY2(tar, qPrintable(tar ? QString() : tar.error().toString()));
        auto entries = TarArchive::read(*tar);
        QVERIFY(entries);
        QCOMPARE(size_t(entries->size()), listing->entries.size());
        for (qsizetype i = 0; i < entries->size(); ++i) {
            const TreeExportEntry &l = listing->entries.at(size_t(i));
            const TarEntry &e = entries->at(i);
            QCOMPARE(e.path, QString::fromUtf8(l.path));
            QCOMPARE(e.mode, l.mode);
            QCOMPARE(e.data, catBlob(m_commit, QString::fromUtf8(l.path)));
            QCOMPARE(qint64(e.data.size()), l.size);
        }
    }

    void wrongPathsAreNamed()
    {
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        auto tar = exporter.archive(QString::fromLatin1(m_commit),
            { QStringLiteral("README.md"), QStringLiteral("no/such.txt"), QStringLiteral("src"),
                QStringLiteral("vendor/sub"), QStringLiteral("README.md/inside"), QStringLiteral("missing") });
        QVERIFY(!tar);
        QCOMPARE(tar.error().kind, GitError::Kind::NotFound);
        const QString message = tar.error().toString();
        QVERIFY2(message.contains(QStringLiteral("not in the commit: README.md/inside, missing, no/such.txt")),
            qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("src")) && message.contains(QStringLiteral("vendor/sub"))
                && message.contains(QStringLiteral("not files")),
            qPrintable(message));
        QStringList paths = tar.error().paths;
        paths.sort();
        QCOMPARE(paths,
            QStringList({ QStringLiteral("README.md/inside"), QStringLiteral("missing"), QStringLiteral("no/such.txt"),
                QStringLiteral("src"), QStringLiteral("vendor/sub") }));
    }

    void idsThatAreNoCommitAreNamed_data()
    {
        QTest::addColumn<QString>("rev"); // resolved with rev-parse; empty: use `id` as it is
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tree") << QStringLiteral("main^{tree}") << QString()
                              << QStringLiteral("is a tree, not a commit");
        QTest::newRow("blob") << QStringLiteral("main:README.md") << QString()
                              << QStringLiteral("is a blob, not a commit");
        QTest::newRow("unknown") << QString() << QStringLiteral("0123456789012345678901234567890123456789")
                                 << QStringLiteral("0123456789012345678901234567890123456789");
        QTest::newRow("not hex") << QString() << QStringLiteral("main") << QStringLiteral("'main'");
    }

    void idsThatAreNoCommitAreNamed()
    {
        QFETCH(QString, rev);
        QFETCH(QString, id);
        QFETCH(QString, expected);
        if (!rev.isEmpty())
            id = QString::fromLatin1(git(m_path, { QStringLiteral("rev-parse"), rev }));
        auto repo = Repository::open(m_path);
        TreeExport exporter(*repo);
        auto listing = exporter.listing(id);
        QVERIFY(!listing);
        QVERIFY2(listing.error().toString().contains(expected), qPrintable(listing.error().toString()));
        QVERIFY2(listing.error().toString().contains(id), qPrintable(listing.error().toString()));
        auto tar = exporter.archive(id, {});
        QVERIFY(!tar);
        QVERIFY2(tar.error().toString().contains(expected), qPrintable(tar.error().toString()));
    }

    // Not a timing assertion: the numbers are printed for the record.
    void fiveThousandFiles()
    {
        QTemporaryDir big;
        const QString dir = big.path();
        git(dir, { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
        // No background "gc --auto" racing the temporary directory's removal.
        git(dir, { QStringLiteral("config"), QStringLiteral("gc.auto"), QStringLiteral("0") });
        for (int d = 0; d < 100; ++d) {
            for (int f = 0; f < 50; ++f)
                writeFile(dir + QStringLiteral("/dir%1/sub%2/file%3.txt").arg(d).arg(f % 5).arg(f),
                    QByteArray("file ") + QByteArray::number(d * 50 + f) + '\n');
        }
        git(dir, { QStringLiteral("add"), QStringLiteral("-A") });
        git(dir, { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("big") });
        const QString commit = QString::fromLatin1(git(dir, { QStringLiteral("rev-parse"), QStringLiteral("HEAD") }));
        auto repo = Repository::open(dir);
        TreeExport exporter(*repo);

        QElapsedTimer timer;
        timer.start();
        auto listing = exporter.listing(commit);
        const qint64 listingMs = timer.elapsed();
        QVERIFY(listing);
        QCOMPARE(listing->entries.size(), size_t(5000));

        QStringList ten;
        for (int i = 0; i < 10; ++i)
            ten.append(QString::fromUtf8(listing->entries.at(size_t(i * 499)).path));
        for (const QString &path : std::as_const(ten))
            writeFile(dir + u'/' + path, "changed\n");
        git(dir, { QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("ten changed") });
        const QString next = QString::fromLatin1(git(dir, { QStringLiteral("rev-parse"), QStringLiteral("HEAD") }));
        timer.restart();
        auto changes = exporter.changes(commit, next);
        const qint64 changesMs = timer.elapsed();
        QVERIFY(changes);
        QCOMPARE(changes->entries.size(), size_t(10));
        timer.restart();
        auto some = exporter.archive(commit, ten);
        const qint64 tenMs = timer.elapsed();
        QVERIFY(some);
        QCOMPARE(TarArchive::read(*some)->size(), 10);

        timer.restart();
        auto all = exporter.archive(commit, {});
        const qint64 allMs = timer.elapsed();
        QVERIFY(all);
        QCOMPARE(TarArchive::read(*all)->size(), 5000);
        qInfo("5,000 files: listing %lld ms, changes of 10 files %lld ms, archive of 10 files %lld ms, archive of all "
              "%lld ms (%lld bytes)",
            listingMs, changesMs, tenMs, allMs, qint64(all->size()));
    }
};

QTEST_GUILESS_MAIN(TestTreeExport)
#include "tst_treeexport.moc"
