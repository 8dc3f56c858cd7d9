// ScratchCheckout: a commit's files written byte for byte into an empty directory
// (modes, symlinks, CRLF, nested folders), nothing written into a non-empty one, and
// the repository's HEAD, index and working tree untouched.

#include "gittestrepo.h"
#include "repository.h"
#include "scratchcheckout.h"

#include <QDirIterator>
#include <QFileInfo>

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestScratchCheckout : public ScratchRepositoryTest {
    Q_OBJECT

private:
    QByteArray m_commit;

private Q_SLOTS:
    void init()
    {
        makeScratch();
        // A commit on main with an executable, a symlink and a CRLF file, via plumbing.
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QStringLiteral("main") }, {}, env);
        auto add = [&](const QString &mode, const QByteArray &content, const QString &path) {
            const QByteArray blob = runGit(
                m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, content)
                                        .out.trimmed();
            runGit(m_path,
                { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                    QStringLiteral("%1,%2,%3").arg(mode, QString::fromLatin1(blob), path) },
                {}, env);
        };
        add(QStringLiteral("100755"), "#!/bin/sh\necho hi\n", QStringLiteral("scripts/run.sh"));
        add(QStringLiteral("120000"), "../docs/guide.txt", QStringLiteral("scripts/guide-link"));
        add(QStringLiteral("100644"), "a\r\nb\r\n", QStringLiteral("win/crlf.txt"));
        const QByteArray tree = runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        m_commit = git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"), QStringLiteral("main"),
                QStringLiteral("-m"), QStringLiteral("modes") });
        git(m_path, { QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), QString::fromLatin1(m_commit) });
        rememberUserState();
    }

    void cleanup()
    {
        verifyUntouchedAndRemove();
    }

    void writesEveryFileExactly()
    {
        QTemporaryDir target;
        const QString out = target.path() + QStringLiteral("/checkout");
        auto repo = Repository::open(m_path);
        auto done = ScratchCheckout::checkout(*repo, *oidFromString(QString::fromLatin1(m_commit)), out);
        QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
        // Every path of the commit, with its exact content.
        const QList<QByteArray> entries
            = git(m_path, { QStringLiteral("ls-tree"), QStringLiteral("-r"), QString::fromLatin1(m_commit) })
                  .split('\n');
        QStringList expectedPaths;
        for (const QByteArray &e : entries) {
            const QString path = QString::fromUtf8(e.mid(e.indexOf('\t') + 1));
            expectedPaths << path;
            const QString file = out + u'/' + path;
            if (e.startsWith("120000")) {
                QCOMPARE(QFileInfo(file).symLinkTarget(),
                    QFileInfo(out + QStringLiteral("/docs/guide.txt")).absoluteFilePath());
                continue;
            }
            QCOMPARE(readFile(file),
                runGit(m_path,
                    { QStringLiteral("cat-file"), QStringLiteral("blob"), QString::fromLatin1(m_commit) + u':' + path })
                    .out);
            QCOMPARE(QFileInfo(file).isExecutable(), e.startsWith("100755"));
        }
        QStringList written;
        QDirIterator it(
            out, QDir::Files | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            written << QDir(out).relativeFilePath(it.next());
        written.sort();
        expectedPaths.sort();
        QCOMPARE(written, expectedPaths);
        QCOMPARE(readFile(out + QStringLiteral("/win/crlf.txt")), QByteArray("a\r\nb\r\n"));
    }

    void nonEmptyTargetRefused()
    {
        QTemporaryDir target;
        writeFile(target.path() + QStringLiteral("/keep.txt"), "mine\n");
        auto repo = Repository::open(m_path);
        auto done = ScratchCheckout::checkout(*repo, *oidFromString(QString::fromLatin1(m_commit)), target.path());
        QVERIFY(!done);
        QVERIFY(done.error().message.contains(QStringLiteral("not empty")));
        QCOMPARE(QDir(target.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
            QStringList { QStringLiteral("keep.txt") });
    }

    void verifierContractByRefName()
    {
        QTemporaryDir target;
        auto done = ScratchCheckout::checkoutPath(m_path, QStringLiteral("main"), target.path());
        QVERIFY2(done, qPrintable(done ? QString() : done.error()));
        QVERIFY(QFileInfo::exists(target.path() + QStringLiteral("/scripts/run.sh")));
        // The user's checked-out branch "work" has work.txt, main does not.
        QVERIFY(!QFileInfo::exists(target.path() + QStringLiteral("/work.txt")));
        QTemporaryDir second;
        auto bad = ScratchCheckout::checkoutPath(m_path, QStringLiteral("no-such-ref"), second.path());
        QVERIFY(!bad);
        QVERIFY(bad.error().contains(QStringLiteral("no-such-ref")));
        auto noRepo = ScratchCheckout::checkoutPath(
            second.path() + QStringLiteral("/nothing"), QStringLiteral("main"), second.path());
        QVERIFY(!noRepo);
        QVERIFY(noRepo.error().contains(QStringLiteral("open repository")));
    }
};

QTEST_GUILESS_MAIN(TestScratchCheckout)
#include "tst_scratchcheckout.moc"
