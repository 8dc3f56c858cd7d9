// Workspace: after every moveTo() the directory is what a fresh checkout of the base
// gives (tree id of its files, git status clean, no stray or leftover files), whatever
// an agent did in between, with ignored files kept, both when the move goes by the
// changes between two commits and by the whole listing (a source that offers no
// changes, a base it does not know, changes that do not add up, a broken index); a
// move fetches and rewrites only what differs (counts, and the inode and mtime of
// untouched files), and takes the agent's own change from its files; patch() is the
// agent's change against the base whatever it did to HEAD and the index, and git apply
// of it at the base reproduces the workspace's tree. The source repository is built with
// the git CLI; the oracles are git's own (write-tree, status, apply).

#include "../../git/gittestrepo.h"
#include "treesource.h"
#include "workspace.h"

#include <QElapsedTimer>
#include <QThread>

#include <sys/stat.h>
#include <unistd.h>

using namespace Autopack::Agent;
using namespace Autopack::Git::TestSupport;

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

void makeLink(const QString &target, const QString &linkPath)
{
    QDir().mkpath(QFileInfo(linkPath).absolutePath());
    QFile::remove(linkPath);
    QVERIFY(::symlink(QFile::encodeName(target).constData(), QFile::encodeName(linkPath).constData()) == 0);
}

void setExecutable(const QString &path, bool on)
{
    QFileDevice::Permissions p = QFile::permissions(path);
    const QFileDevice::Permissions x = QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther | QFile::ExeUser;
    QVERIFY(QFile::setPermissions(path, on ? (p | x) : (p & ~x)));
}

QByteArray binary(int size, int seed)
{
    QByteArray b;
    for (int i = 0; i < size; ++i)
        b.append(char((i * 31 + seed * 7) % 256));
    return b;
}

QByteArray lines(int count, const QByteArray &tag)
{
    QByteArray b;
    for (int i = 1; i <= count; ++i)
        b += tag + " line " + QByteArray::number(i) + "\n";
    return b;
}

struct FileStamp {
    ino_t inode = 0;
    qint64 mtimeNs = 0;
    bool operator==(const FileStamp &) const = default;
};

FileStamp stamp(const QString &path)
{
    struct stat st {
    };
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return { st.st_ino, qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec };
}

// Every file and symlink under `root`, relative, sorted; .git and the agent's ignored
// build/ and agent.log left out. `emptyDirs` receives directories with nothing in them.
QStringList filesOnDisk(const QString &root, QStringList *emptyDirs)
{
    QStringList files;
    std::function<void(const QString &)> walk = [&](const QString &rel) {
        QDir dir(rel.isEmpty() ? root : root + u'/' + rel);
        const QFileInfoList entries
            = dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
        if (entries.isEmpty() && !rel.isEmpty())
            emptyDirs->append(rel);
        for (const QFileInfo &info : entries) {
            const QString path = rel.isEmpty() ? info.fileName() : rel + u'/' + info.fileName();
            if (path == QLatin1String(".git") || path == QLatin1String("build") || path == QLatin1String("agent.log"))
                continue;
            if (info.isDir() && !info.isSymLink())
                walk(path);
            else
                files.append(path);
        }
    };
    walk(QString());
    files.sort();
    return files;
}

// Counts what the workspace asks of its source. Without `changes` it lists whole
// commits only, as a source that cannot compare two does.
class CountingSource : public TreeSource
{
public:
    explicit CountingSource(const QString &repo, bool changes = true)
        : m_inner(repo)
        , m_changes(changes)
    {
    }
    std::expected<TreeListing, QString> listing(const QString &commit) override
    {
        ++listings;
        return m_inner.listing(commit);
    }
    std::expected<TreeChanges, QString> changes(const QString &since, const QString &commit) override
    {
        if (!m_changes)
            return TreeSource::changes(since, commit);
        ++changeSets;
        return m_inner.changes(since, commit);
    }
    std::expected<QHash<QString, QByteArray>, QString> files(const QString &commit, const QStringList &paths) override
    {
        requested.append(paths);
        return m_inner.files(commit, paths);
    }
    QStringList requested;
    int listings = 0;
    int changeSets = 0;

private:
    RepositoryTreeSource m_inner;
    bool m_changes;
};

// A source that lies in one way: in its listings, and in its changes when it offers them
// (`changes`), or in its changes only (`inChangesOnly`: the listing is honest).
class LyingSource : public TreeSource
{
public:
    enum class Lie { WrongTree, WrongContents, MissingFile, EscapingPath, MissingDeletion };
    LyingSource(const QString &repo, Lie lie, bool changes = false, bool inChangesOnly = false)
        : m_inner(repo)
        , m_lie(lie)
        , m_changes(changes || inChangesOnly)
        , m_honestListing(inChangesOnly)
    {
    }
    std::expected<TreeListing, QString> listing(const QString &commit) override
    {
        ++listings;
        auto l = m_inner.listing(commit);
        if (m_honestListing)
            return l;
        if (l && m_lie == Lie::WrongTree)
            l->treeId = QString(40, u'1');
        if (l && m_lie == Lie::EscapingPath)
            l->entries.last().path = QStringLiteral("../outside.txt");
        return l;
    }
    std::expected<TreeChanges, QString> changes(const QString &since, const QString &commit) override
    {
        if (!m_changes)
            return TreeSource::changes(since, commit);
        auto c = m_inner.changes(since, commit);
        if (c && m_lie == Lie::WrongTree)
            c->treeId = QString(40, u'1');
        if (c && m_lie == Lie::EscapingPath)
            c->entries.last().path = QStringLiteral("../outside.txt");
        if (c && m_lie == Lie::MissingDeletion)
            c->deleted.clear(); // the tree it makes is not the commit's
        return c;
    }
    std::expected<QHash<QString, QByteArray>, QString> files(const QString &commit, const QStringList &paths) override
    {
        auto f = m_inner.files(commit, paths);
        if (f && m_lie == Lie::WrongContents)
            (*f)[paths.first()] += "tampered";
        if (f && m_lie == Lie::MissingFile)
            f->remove(paths.first());
        return f;
    }
    int listings = 0;

private:
    RepositoryTreeSource m_inner;
    Lie m_lie;
    bool m_changes;
    bool m_honestListing;
};

enum class Agent {
    Nothing,
    Modify,
    Add,
    Delete,
    Rename,
    RenameAndEdit,
    Chmod,
    Binary,
    TypeChange,
    Committed,
    Staged,
    IgnoredAndGitDir,
    Everything,
    // Only for moves: what a patch cannot carry, or what hides a change from git.
    SymlinksOut,
    NewIgnoreRule,
    NestedRepository,
    AssumeUnchanged,
    IndexRemoved,
    IndexGarbage,
};

} // namespace

Q_DECLARE_METATYPE(Agent)

class TestWorkspace : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_src; // the source repository (with a working tree, where the history is made)
    QString m_ws; // the workspace directory (created by Workspace::open)
    QByteArray m_a, m_b, m_c; // three bases

    QByteArray commitAll(const QString &message)
    {
        git(m_src, { s("add"), s("-A") });
        git(m_src, { s("commit"), s("-q"), s("-m"), message });
        return git(m_src, { s("rev-parse"), s("HEAD") });
    }

    QByteArray treeOf(const QByteArray &commit)
    {
        return git(m_src, { s("rev-parse"), QString::fromLatin1(commit) + s("^{tree}") });
    }

    // A: the start. B: an edit, a deletion, chmod +x, a rename, nested additions, a
    // retargeted symlink and one to a directory. C: a directory removed, a directory
    // replaced by a file, a file replaced by a symlink, a binary changed.
    void makeHistory()
    {
        git(m_src, { s("init"), s("-q"), s("-b"), s("main") });
        writeFile(m_src + s("/.gitignore"), "build/\n*.log\n");
        writeFile(m_src + s("/README.md"), "# Project\n\nSome text.\n");
        writeFile(m_src + s("/src/app/main.c"), lines(30, "main"));
        writeFile(m_src + s("/src/lib/util.c"), "int util(void)\n{\n    return 1;\n}\n");
        writeFile(m_src + s("/src/lib/util.h"), "int util(void);\n");
        writeFile(m_src + s("/copy/util.h"), "int util(void);\n"); // same blob as src/lib/util.h
        writeFile(m_src + s("/docs/guide.txt"), "Guide\n=====\n\nStep one.\nStep two.\n");
        writeFile(m_src + s("/scripts/run.sh"), "#!/bin/sh\necho run\n");
        makeLink(s("README.md"), m_src + s("/link"));
        writeFile(m_src + s("/old/name.txt"), lines(20, "renamed"));
        writeFile(m_src + s("/deep/a/b/c/d.txt"), "deep\n");
        writeFile(m_src + s("/data/blob.bin"), binary(2000, 1));
        writeFile(m_src + s("/vendor.log/keep.txt"), "tracked, though *.log is ignored\n");
        git(m_src, { s("add"), s("-f"), s("vendor.log/keep.txt") });
        m_a = commitAll(s("A"));

        writeFile(m_src + s("/src/app/main.c"), lines(30, "main").replace("main line 10\n", "main line ten\n"));
        QVERIFY(QFile::remove(m_src + s("/docs/guide.txt")));
        setExecutable(m_src + s("/scripts/run.sh"), true);
        QDir().mkpath(m_src + s("/new/place"));
        git(m_src, { s("mv"), s("old/name.txt"), s("new/place/name.txt") });
        writeFile(m_src + s("/x/y/z/new.txt"), "new\n");
        makeLink(s("src/app/main.c"), m_src + s("/link"));
        makeLink(s("src"), m_src + s("/dirlink"));
        m_b = commitAll(s("B"));

        git(m_src, { s("rm"), s("-q"), s("-r"), s("src/lib") });
        git(m_src, { s("rm"), s("-q"), s("-r"), s("deep/a") });
        writeFile(m_src + s("/deep/a"), "now a file\n");
        QVERIFY(QFile::remove(m_src + s("/x/y/z/new.txt")));
        makeLink(s("../../../README.md"), m_src + s("/x/y/z/new.txt"));
        writeFile(m_src + s("/data/blob.bin"), binary(2100, 2));
        m_c = commitAll(s("C"));
    }

    QByteArray wsGit(const QStringList &args) { return git(m_ws, args); }

    // The tree git makes of the workspace's files, as `git add -A` on top of `base` sees
    // them (so a tracked file under an ignored name counts, an untracked ignored one does
    // not), through a temporary index so the agent's index does not matter.
    QByteArray workspaceTree(const QByteArray &base)
    {
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_ws, { s("read-tree"), QString::fromLatin1(base) }, {}, env);
        runGit(m_ws, { s("add"), s("-A") }, {}, env);
        return runGit(m_ws, { s("write-tree") }, {}, env).out.trimmed();
    }

    QByteArray status() { return wsGit({ s("--no-optional-locks"), s("status"), s("--porcelain"), s("-uall") }); }

    void verifyAt(const Workspace &ws, const QByteArray &commit)
    {
        const QByteArray tree = treeOf(commit);
        QCOMPARE(ws.baseCommit(), QString::fromLatin1(commit));
        QCOMPARE(ws.baseTree(), QString::fromLatin1(tree));
        QCOMPARE(workspaceTree(tree), tree);
        QCOMPARE(status(), QByteArray());
        QCOMPARE(wsGit({ s("rev-parse"), s("HEAD^{tree}") }), tree);
        QVERIFY(runGit(m_ws, { s("symbolic-ref"), s("-q"), s("HEAD") }).exitCode != 0); // detached
        QStringList emptyDirs;
        const QStringList files = filesOnDisk(m_ws, &emptyDirs);
        QStringList tracked
            = QString::fromUtf8(git(m_src, { s("ls-tree"), s("-r"), s("--name-only"), QString::fromLatin1(commit) }))
                  .split(u'\n', Qt::SkipEmptyParts);
        tracked.sort();
        QCOMPARE(files, tracked);
        QCOMPARE(emptyDirs, QStringList());
    }

    // What `git apply --cached` of `patch` at the base makes, in a clone of the source;
    // `git apply --check` must accept it in that clone's working tree first.
    QByteArray appliedAtBase(const QByteArray &base, const QByteArray &patch)
    {
        QTemporaryDir tmp;
        const QString clone = tmp.path() + s("/clone");
        git(tmp.path(), { s("clone"), s("-q"), m_src, clone });
        git(clone, { s("checkout"), s("-q"), s("--detach"), QString::fromLatin1(base) });
        const QString file = tmp.path() + s("/change.diff");
        writeFile(file, patch);
        const GitRun check = runGit(clone, { s("apply"), s("--check"), file });
        if (check.exitCode != 0) {
            qWarning("git apply --check: %s\n%s", check.err.constData(), patch.constData());
            return {};
        }
        const GitRun cached = runGit(clone, { s("apply"), s("--cached"), file });
        if (cached.exitCode != 0) {
            qWarning("git apply --cached: %s", cached.err.constData());
            return {};
        }
        return git(clone, { s("write-tree") });
    }

    void actAsAgent(Agent agent)
    {
        const bool all = agent == Agent::Everything;
        if (agent == Agent::Modify || all) {
            writeFile(m_ws + s("/src/app/main.c"),
                lines(30, "main").replace("main line 10\n", "main line ten\nmain line 10.5\n"));
        }
        if (agent == Agent::Add || all) {
            writeFile(m_ws + s("/new/dir/file.txt"), "one\ntwo\nthree\n");
            writeFile(m_ws + s("/top.txt"), "top\n");
        }
        if (agent == Agent::Delete || all)
            QVERIFY(QFile::remove(m_ws + s("/docs/guide.txt")));
        if (agent == Agent::Rename || all) {
            QVERIFY(QDir().mkpath(m_ws + s("/moved")));
            QVERIFY(QFile::rename(m_ws + s("/old/name.txt"), m_ws + s("/moved/name.txt")));
        }
        if (agent == Agent::RenameAndEdit) {
            QVERIFY(QFile::remove(m_ws + s("/old/name.txt")));
            writeFile(m_ws + s("/elsewhere/name.txt"),
                lines(20, "renamed").replace("renamed line 7\n", "renamed line seven\n"));
        }
        if (agent == Agent::Chmod || all)
            setExecutable(m_ws + s("/scripts/run.sh"), true);
        if (agent == Agent::Binary || all) {
            writeFile(m_ws + s("/data/blob.bin"), binary(2000, 5));
            writeFile(m_ws + s("/data/new.bin"), binary(700, 9));
        }
        if (agent == Agent::TypeChange || all) {
            QVERIFY(QFile::remove(m_ws + s("/src/lib/util.h")));
            makeLink(s("../../copy/util.h"), m_ws + s("/src/lib/util.h"));
            QVERIFY(QFile::remove(m_ws + s("/link")));
            writeFile(m_ws + s("/link"), "a file now\n");
        }
        if (agent == Agent::Committed || all) {
            writeFile(m_ws + s("/README.md"), "# Project\n\nCommitted by the agent.\n");
            writeFile(m_ws + s("/committed.txt"), "committed\n");
            wsGit({ s("add"), s("-A") });
            wsGit({ s("commit"), s("-q"), s("-m"), s("agent 1") });
            writeFile(m_ws + s("/committed.txt"), "committed twice\n");
            wsGit({ s("commit"), s("-q"), s("-am"), s("agent 2") });
            wsGit({ s("checkout"), s("-q"), s("-b"), s("agent-branch") });
        }
        if (agent == Agent::Staged || all) {
            writeFile(m_ws + s("/src/lib/util.c"), "int util(void)\n{\n    return 2;\n}\n");
            writeFile(m_ws + s("/staged.txt"), "staged\n");
            writeFile(m_ws + s("/staged-then-deleted.txt"), "gone\n");
            wsGit({ s("add"), s("src/lib/util.c"), s("staged.txt"), s("staged-then-deleted.txt") });
            QVERIFY(QFile::remove(m_ws + s("/staged-then-deleted.txt")));
            wsGit({ s("rm"), s("-q"), s("--cached"), s("deep/a/b/c/d.txt") }); // still on disk: no change
            writeFile(m_ws + s("/src/lib/util.c"), "int util(void)\n{\n    return 3;\n}\n"); // after staging
        }
        if (agent == Agent::SymlinksOut) {
            // A tracked file and a tracked directory made links out of the workspace, where a
            // move must not write; a tracked link retargeted out; an untracked link out. (Not
            // "build", ignored as "build/": libgit2 takes a link to a directory for one, git
            // does not, so git would count it untracked where libgit2 keeps it as ignored.)
            const QString outside = m_tmp->path() + s("/outside");
            writeFile(outside + s("/target.txt"), "outside\n");
            writeFile(outside + s("/c/d.txt"), "outside too\n");
            QVERIFY(QFile::remove(m_ws + s("/docs/guide.txt")));
            makeLink(outside + s("/target.txt"), m_ws + s("/docs/guide.txt"));
            QVERIFY(QDir(m_ws + s("/deep/a/b/c")).removeRecursively());
            makeLink(outside + s("/c"), m_ws + s("/deep/a/b/c"));
            makeLink(outside + s("/target.txt"), m_ws + s("/link"));
            makeLink(outside, m_ws + s("/tools"));
        }
        if (agent == Agent::NewIgnoreRule) {
            // The agent hides its own file from git: once the rule is gone, it is a stray.
            writeFile(m_ws + s("/.gitignore"), "build/\n*.log\nsecret.txt\n");
            writeFile(m_ws + s("/secret.txt"), "hidden by the agent's rule\n");
            writeFile(m_ws + s("/src/secret.txt"), "hidden too\n");
        }
        if (agent == Agent::NestedRepository) {
            writeFile(m_ws + s("/vendor/repo/file.txt"), "inside a nested repository\n");
            git(m_ws + s("/vendor/repo"), { s("init"), s("-q") });
            writeFile(m_ws + s("/vendor/repo/build/out.o"), "ignored? not in here\n");
        }
        if (agent == Agent::AssumeUnchanged) {
            writeFile(m_ws + s("/README.md"), "# Project\n\nSome text!\n"); // same size
            wsGit({ s("update-index"), s("--assume-unchanged"), s("README.md") });
        }
        if (agent == Agent::IndexRemoved) {
            writeFile(m_ws + s("/src/app/main.c"), "edited\n");
            QVERIFY(QFile::remove(m_ws + s("/.git/index")));
        }
        if (agent == Agent::IndexGarbage) {
            writeFile(m_ws + s("/src/app/main.c"), "edited\n");
            writeFile(m_ws + s("/.git/index"), "not an index");
        }
        if (agent == Agent::IgnoredAndGitDir || all) {
            writeFile(m_ws + s("/build/out.o"), binary(100, 3));
            writeFile(m_ws + s("/agent.log"), "log\n");
            writeFile(m_ws + s("/.git/agent-notes"), "inside .git\n");
            wsGit({ s("config"), s("user.name"), s("Agent") });
        }
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_src = m_tmp->path() + s("/source");
        m_ws = m_tmp->path() + s("/workspace");
        QDir().mkpath(m_src);
        makeHistory();
    }

    void cleanup() { m_tmp.reset(); }

    void movesAcrossBasesEqualFreshCheckouts_data()
    {
        QTest::addColumn<bool>("byChanges"); // the source offers the changes between two commits
        QTest::newRow("by changes") << true;
        QTest::newRow("by whole listings") << false;
    }

    void movesAcrossBasesEqualFreshCheckouts()
    {
        QFETCH(bool, byChanges);
        auto ws = Workspace::open(m_ws);
        QVERIFY2(ws, qPrintable(ws ? QString() : ws.error()));
        QCOMPARE((*ws)->baseCommit(), QString());
        CountingSource source(m_src, byChanges);

        auto first = (*ws)->moveTo(source, QString::fromLatin1(m_a));
        QVERIFY2(first, qPrintable(first ? QString() : first.error()));
        verifyAt(**ws, m_a);
        QCOMPARE(first->filesWritten, 13);
        QCOMPARE(first->filesFetched, 12); // copy/util.h and src/lib/util.h are one blob
        QCOMPARE(first->filesRemoved, 0);

        // An agent's phase: edits, deletions, chmod, strays in new and tracked directories,
        // ignored output, staging and commits that move HEAD onto a branch.
        writeFile(m_ws + s("/build/out.o"), "object\n");
        writeFile(m_ws + s("/agent.log"), "log\n");
        writeFile(m_ws + s("/stray.txt"), "stray\n");
        writeFile(m_ws + s("/strays/deep/er.txt"), "stray\n");
        writeFile(m_ws + s("/src/app/extra.c"), "extra\n");
        writeFile(m_ws + s("/src/lib/util.c"), "changed by the agent\n");
        QVERIFY(QFile::remove(m_ws + s("/deep/a/b/c/d.txt")));
        setExecutable(m_ws + s("/src/lib/util.h"), true);
        wsGit({ s("add"), s("stray.txt") });
        wsGit({ s("commit"), s("-q"), s("-m"), s("agent") });
        wsGit({ s("checkout"), s("-q"), s("-b"), s("agent-branch") });
        writeFile(m_ws + s("/staged.txt"), "staged\n");
        wsGit({ s("add"), s("staged.txt") });

        auto second = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY2(second, qPrintable(second ? QString() : second.error()));
        verifyAt(**ws, m_b);
        QCOMPARE(readFile(m_ws + s("/build/out.o")), QByteArray("object\n"));
        QCOMPARE(readFile(m_ws + s("/agent.log")), QByteArray("log\n"));

        // Another phase: a file replaced by a directory, files and a directory replaced by
        // symlinks (two of them out of the workspace, where a move must not write), a
        // tracked symlink retargeted out, a merge left half done.
        QVERIFY(QFile::remove(m_ws + s("/README.md")));
        writeFile(m_ws + s("/README.md/inside.txt"), "a directory now\n");
        QVERIFY(QFile::remove(m_ws + s("/src/app/main.c")));
        makeLink(s("../lib/util.c"), m_ws + s("/src/app/main.c"));
        const QString outside = m_tmp->path() + s("/outside");
        writeFile(outside + s("/target.txt"), "outside\n");
        writeFile(outside + s("/z/new.txt"), "outside too\n");
        QVERIFY(QFile::remove(m_ws + s("/scripts/run.sh")));
        makeLink(outside + s("/target.txt"), m_ws + s("/scripts/run.sh"));
        QVERIFY(QDir(m_ws + s("/x/y/z")).removeRecursively());
        makeLink(outside + s("/z"), m_ws + s("/x/y/z"));
        makeLink(outside + s("/target.txt"), m_ws + s("/link"));
        writeFile(outside + s("/v/keep.txt"), "outside keep\n");
        QVERIFY(QDir(m_ws + s("/vendor.log")).removeRecursively()); // an ignored name: the link is ignored too
        makeLink(outside + s("/v"), m_ws + s("/vendor.log"));
        writeFile(m_ws + s("/.git/MERGE_HEAD"), m_a + '\n');
        writeFile(m_ws + s("/build/more.o"), "more\n");

        auto third = (*ws)->moveTo(source, QString::fromLatin1(m_c));
        QVERIFY2(third, qPrintable(third ? QString() : third.error()));
        verifyAt(**ws, m_c);
        QCOMPARE(readFile(outside + s("/target.txt")), QByteArray("outside\n"));
        QCOMPARE(readFile(outside + s("/z/new.txt")), QByteArray("outside too\n"));
        QCOMPARE(readFile(outside + s("/v/keep.txt")), QByteArray("outside keep\n"));
        QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList({ s("target.txt"), s("v"), s("z") }));
        QCOMPARE(QDir(outside + s("/v")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList({ s("keep.txt") }));
        QVERIFY(!QFileInfo(m_ws + s("/vendor.log")).isSymLink());
        QVERIFY(!QFile::exists(m_ws + s("/.git/MERGE_HEAD")));
        QCOMPARE(readFile(m_ws + s("/build/out.o")), QByteArray("object\n"));
        QCOMPARE(readFile(m_ws + s("/build/more.o")), QByteArray("more\n"));

        // And back: everything is local by now.
        auto back = (*ws)->moveTo(source, QString::fromLatin1(m_a));
        QVERIFY2(back, qPrintable(back ? QString() : back.error()));
        verifyAt(**ws, m_a);
        QCOMPARE(back->filesFetched, 0);
        QCOMPARE(readFile(m_ws + s("/build/out.o")), QByteArray("object\n"));
        QCOMPARE(runGit(m_ws, { s("fsck"), s("--no-progress") }).exitCode, 0);
        // Only the first move needed the whole listing when the changes were offered.
        QCOMPARE(source.listings, byChanges ? 1 : 4);
        QCOMPARE(source.changeSets, byChanges ? 3 : 0);
    }

    void moveFetchesAndRewritesOnlyWhatDiffers_data()
    {
        QTest::addColumn<bool>("byChanges");
        QTest::newRow("by changes") << true;
        QTest::newRow("by whole listings") << false;
    }

    void moveFetchesAndRewritesOnlyWhatDiffers()
    {
        QFETCH(bool, byChanges);
        auto ws = Workspace::open(m_ws);
        CountingSource source(m_src, byChanges);
        QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_a)));
        const QStringList untouched { s("README.md"), s("src/lib/util.h"), s("deep/a/b/c/d.txt"), s("data/blob.bin"),
            s("copy/util.h"), s("src/lib/util.c") };
        QMap<QString, FileStamp> before;
        for (const QString &p : untouched)
            before.insert(p, stamp(m_ws + u'/' + p));
        const FileStamp changedBefore = stamp(m_ws + s("/src/app/main.c"));
        QThread::msleep(50); // past the file system's timestamp granularity

        // What git says differs between A and B, and which of B's blobs A lacks.
        int written = 0;
        int removed = 0;
        const QByteArray nameStatus = git(m_src,
            { s("diff"), s("--no-renames"), s("--name-status"), QString::fromLatin1(m_a), QString::fromLatin1(m_b) });
        for (const QByteArray &line : nameStatus.split('\n'))
            (line.startsWith('D') ? removed : written)++;
        QSet<QByteArray> blobsOfA;
        for (const QByteArray &line : git(m_src, { s("ls-tree"), s("-r"), QString::fromLatin1(m_a) }).split('\n'))
            blobsOfA.insert(line.split(' ').at(2).left(40));
        QSet<QByteArray> newBlobs;
        for (const QByteArray &line : git(m_src, { s("ls-tree"), s("-r"), QString::fromLatin1(m_b) }).split('\n')) {
            const QByteArray id = line.split(' ').at(2).left(40);
            if (!blobsOfA.contains(id))
                newBlobs.insert(id);
        }
        QVERIFY(written > 0 && removed > 0 && !newBlobs.isEmpty());

        source.requested.clear();
        auto move = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY2(move, qPrintable(move ? QString() : move.error()));
        verifyAt(**ws, m_b);
        QCOMPARE(move->filesWritten, written);
        QCOMPARE(move->filesRemoved, removed);
        QCOMPARE(move->filesFetched, int(newBlobs.size()));
        QCOMPARE(source.requested.size(), int(newBlobs.size()));
        for (const QString &p : untouched)
            QVERIFY2(stamp(m_ws + u'/' + p) == before.value(p), qPrintable(p));
        QVERIFY(!(stamp(m_ws + s("/src/app/main.c")) == changedBefore)); // the check can fail

        // The same base again: nothing to do. After a one-file edit: that file.
        source.requested.clear();
        auto again = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY(again);
        QCOMPARE(again->filesWritten, 0);
        QCOMPARE(again->filesRemoved, 0);
        QCOMPARE(again->filesFetched, 0);
        QVERIFY(source.requested.isEmpty());
        writeFile(m_ws + s("/README.md"), "edited\n");
        writeFile(m_ws + s("/stray.txt"), "stray\n");
        auto restore = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY(restore);
        QCOMPARE(restore->filesWritten, 1);
        QCOMPARE(restore->filesRemoved, 1);
        QCOMPARE(restore->filesFetched, 0);
        verifyAt(**ws, m_b);
        QVERIFY(stamp(m_ws + s("/src/lib/util.h")) == before.value(s("src/lib/util.h")));
    }

    void patchIsTheAgentsChange_data()
    {
        QTest::addColumn<Agent>("agent");
        QTest::addColumn<QStringList>("paths");
        QTest::addColumn<QStringList>("mentions"); // in the patch text
        QTest::newRow("no change") << Agent::Nothing << QStringList() << QStringList();
        QTest::newRow("modified") << Agent::Modify << QStringList { s("src/app/main.c") }
                                  << QStringList { s("-main line 10\n+main line ten\n+main line 10.5\n") };
        QTest::newRow("added") << Agent::Add << QStringList { s("new/dir/file.txt"), s("top.txt") }
                               << QStringList { s("new file mode 100644"), s("+++ b/new/dir/file.txt") };
        QTest::newRow("deleted") << Agent::Delete << QStringList { s("docs/guide.txt") }
                                 << QStringList { s("deleted file mode 100644") };
        QTest::newRow("renamed") << Agent::Rename << QStringList { s("moved/name.txt") }
                                 << QStringList { s("rename from old/name.txt"), s("rename to moved/name.txt") };
        QTest::newRow("renamed and edited") << Agent::RenameAndEdit << QStringList { s("elsewhere/name.txt") }
                                            << QStringList { s("rename from old/name.txt"), s("+renamed line seven") };
        QTest::newRow("chmod +x") << Agent::Chmod << QStringList { s("scripts/run.sh") }
                                  << QStringList { s("old mode 100644\nnew mode 100755") };
        QTest::newRow("binary") << Agent::Binary << QStringList { s("data/blob.bin"), s("data/new.bin") }
                                << QStringList { s("GIT binary patch") };
        QTest::newRow("type change") << Agent::TypeChange << QStringList { s("link"), s("src/lib/util.h") }
                                     << QStringList { s("120000") };
        QTest::newRow("agent committed") << Agent::Committed << QStringList { s("README.md"), s("committed.txt") }
                                         << QStringList { s("+committed twice") };
        QTest::newRow("agent staged") << Agent::Staged << QStringList { s("src/lib/util.c"), s("staged.txt") }
                                      << QStringList { s("+    return 3;") };
        QTest::newRow("ignored and .git") << Agent::IgnoredAndGitDir << QStringList() << QStringList();
        QTest::newRow("everything") << Agent::Everything
                                    << QStringList { s("README.md"), s("committed.txt"), s("data/blob.bin"),
                                           s("data/new.bin"), s("docs/guide.txt"), s("link"), s("moved/name.txt"),
                                           s("new/dir/file.txt"), s("scripts/run.sh"), s("src/app/main.c"),
                                           s("src/lib/util.c"), s("src/lib/util.h"), s("staged.txt"), s("top.txt") }
                                    << QStringList { s("rename from old/name.txt"), s("GIT binary patch") };
    }

    void patchIsTheAgentsChange()
    {
        QFETCH(Agent, agent);
        QFETCH(QStringList, paths);
        QFETCH(QStringList, mentions);
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource source(m_src);
        QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_a)));
        actAsAgent(agent);
        if (QTest::currentTestFailed())
            return;
        const QByteArray indexBefore = readFile(m_ws + s("/.git/index"));
        const QByteArray headBefore = wsGit({ s("rev-parse"), s("HEAD") });

        auto patch = (*ws)->patch();
        QVERIFY2(patch, qPrintable(patch ? QString() : patch.error()));
        QCOMPARE(readFile(m_ws + s("/.git/index")), indexBefore); // the agent's index and HEAD stay as they were
        QCOMPARE(wsGit({ s("rev-parse"), s("HEAD") }), headBefore);

        QStringList got = patch->paths;
        got.sort();
        const QString text = QString::fromUtf8(patch->text);
        QVERIFY2(got == paths, qPrintable(got.join(u' ') + s("\n") + text));
        for (const QString &m : mentions)
            QVERIFY2(text.contains(m), qPrintable(text));
        QVERIFY2(!text.contains(s(".git/")) && !text.contains(s("build/")) && !text.contains(s("agent.log")),
            qPrintable(text));
        if (paths.isEmpty()) {
            QCOMPARE(patch->text, QByteArray());
            QCOMPARE(patch->filesChanged, 0);
            QCOMPARE(patch->linesAdded + patch->linesRemoved, 0);
            QCOMPARE(workspaceTree(treeOf(m_a)), treeOf(m_a));
            return;
        }

        // The counts are those of the text, as git reads it.
        QTemporaryDir tmp;
        writeFile(tmp.path() + s("/p.diff"), patch->text);
        const QByteArray numstat = git(m_src, { s("apply"), s("--numstat"), tmp.path() + s("/p.diff") });
        int added = 0;
        int removed = 0;
        const QList<QByteArray> rows = numstat.split('\n');
        for (const QByteArray &row : rows) {
            const QList<QByteArray> cols = row.split('\t');
            added += cols.at(0).toInt(); // "-" for binary: 0
            removed += cols.at(1).toInt();
        }
        QCOMPARE(patch->filesChanged, patch->paths.size());
        QVERIFY2(rows.size() >= patch->filesChanged, numstat.constData()); // a type change is two patches
        QCOMPARE(patch->linesAdded, added);
        QCOMPARE(patch->linesRemoved, removed);

        // Applied at the base, it gives the workspace's files.
        QCOMPARE(appliedAtBase(m_a, patch->text), workspaceTree(treeOf(m_a)));
    }

    void nestedRepositoryIsNotPartOfThePatch()
    {
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource source(m_src);
        QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_a)));
        QDir().mkpath(m_ws + s("/vendor/repo"));
        git(m_ws + s("/vendor/repo"), { s("init"), s("-q") });
        writeFile(m_ws + s("/vendor/repo/file.txt"), "inside a nested repository\n");
        writeFile(m_ws + s("/notes.txt"), "notes\n");
        auto patch = (*ws)->patch();
        QVERIFY2(patch, qPrintable(patch ? QString() : patch.error()));
        QCOMPARE(patch->paths, QStringList { s("notes.txt") });
        QVERIFY(!patch->text.contains(".git"));
        QVERIFY(!patch->text.contains("vendor"));
    }

    void reopenedWorkspaceKeepsItsBase()
    {
        RepositoryTreeSource source(m_src);
        {
            auto ws = Workspace::open(m_ws);
            QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_b)));
        }
        writeFile(m_ws + s("/README.md"), "edited\n");
        auto ws = Workspace::open(m_ws);
        QVERIFY2(ws, qPrintable(ws ? QString() : ws.error()));
        QCOMPARE((*ws)->baseCommit(), QString::fromLatin1(m_b));
        QCOMPARE((*ws)->baseTree(), QString::fromLatin1(treeOf(m_b)));
        auto patch = (*ws)->patch();
        QVERIFY(patch);
        QCOMPARE(patch->paths, QStringList { s("README.md") });
    }

    void foreignDirectoriesAreRefused()
    {
        // A user's clone: moveTo() would delete its untracked files.
        auto clone = Workspace::open(m_src);
        QVERIFY(!clone);
        QVERIFY2(clone.error().contains(s("not created by Autopack")), qPrintable(clone.error()));
        // Files without a .git.
        const QString full = m_tmp->path() + s("/full");
        writeFile(full + s("/precious.txt"), "precious\n");
        auto notEmpty = Workspace::open(full);
        QVERIFY(!notEmpty);
        QVERIFY2(notEmpty.error().contains(s("no .git")), qPrintable(notEmpty.error()));
        QVERIFY(QFile::exists(full + s("/precious.txt")));
        QVERIFY(!QFile::exists(full + s("/.git")));
        // Before any move there is nothing to diff against.
        auto ws = Workspace::open(m_ws);
        QVERIFY(ws);
        auto patch = (*ws)->patch();
        QVERIFY(!patch);
        QVERIFY2(patch.error().contains(s("no base")), qPrintable(patch.error()));
    }

    void lyingSourcesAreRefused_data()
    {
        QTest::addColumn<int>("lie");
        QTest::addColumn<bool>("inChanges"); // lies in its changes too: refused all the same
        QTest::addColumn<QString>("expected");
        for (const bool inChanges : { false, true }) {
            const char *suffix = inChanges ? ", changes too" : "";
            QTest::addRow("wrong tree id%s", suffix)
                << int(LyingSource::Lie::WrongTree) << inChanges << s("but the commit's tree is 1111");
            QTest::addRow("wrong contents%s", suffix)
                << int(LyingSource::Lie::WrongContents) << inChanges << s("hash to");
            QTest::addRow("missing file%s", suffix)
                << int(LyingSource::Lie::MissingFile) << inChanges << s("sent no contents for");
            QTest::addRow("escaping path%s", suffix)
                << int(LyingSource::Lie::EscapingPath) << inChanges << s("'../outside.txt'");
        }
    }

    void lyingSourcesAreRefused()
    {
        QFETCH(int, lie);
        QFETCH(bool, inChanges);
        QFETCH(QString, expected);
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource honest(m_src);
        QVERIFY((*ws)->moveTo(honest, QString::fromLatin1(m_a)));
        writeFile(m_ws + s("/README.md"), "the agent's edit\n");
        LyingSource liar(m_src, LyingSource::Lie(lie), inChanges);
        auto move = (*ws)->moveTo(liar, QString::fromLatin1(m_b));
        QVERIFY(!move);
        QVERIFY2(move.error().contains(expected), qPrintable(move.error()));
        // Refused before any file was touched; the base is forgotten until the next move.
        QCOMPARE(readFile(m_ws + s("/README.md")), QByteArray("the agent's edit\n"));
        QVERIFY(!QFile::exists(m_tmp->path() + s("/outside.txt")));
        QCOMPARE((*ws)->baseCommit(), QString());
        QVERIFY(!(*ws)->patch());
        auto retry = (*ws)->moveTo(honest, QString::fromLatin1(m_b));
        QVERIFY2(retry, qPrintable(retry ? QString() : retry.error()));
        verifyAt(**ws, m_b);
    }

    // A source whose changes do not add up, but whose listing is honest: the move falls
    // back to the listing, and nothing the changes named was written.
    void lyingChangesFallBackToTheListing_data()
    {
        QTest::addColumn<int>("lie");
        QTest::newRow("wrong tree id") << int(LyingSource::Lie::WrongTree);
        QTest::newRow("escaping path") << int(LyingSource::Lie::EscapingPath);
        QTest::newRow("a deletion left out") << int(LyingSource::Lie::MissingDeletion);
    }

    void lyingChangesFallBackToTheListing()
    {
        QFETCH(int, lie);
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource honest(m_src);
        QVERIFY((*ws)->moveTo(honest, QString::fromLatin1(m_a)));
        LyingSource liar(m_src, LyingSource::Lie(lie), true, true);
        auto move = (*ws)->moveTo(liar, QString::fromLatin1(m_b));
        QVERIFY2(move, qPrintable(move ? QString() : move.error()));
        QCOMPARE(liar.listings, 1);
        verifyAt(**ws, m_b);
        QVERIFY(!QFile::exists(m_tmp->path() + s("/outside.txt")));
    }

    // What an agent did is undone by the next move by changes as a fresh checkout of the
    // new base would have it, whatever it did to the files, HEAD or the index.
    void movesByChangesUndoWhatTheAgentDid_data()
    {
        QTest::addColumn<Agent>("agent");
        QTest::addColumn<bool>("listedAgain"); // the index was unreadable: the whole listing was used
        QTest::newRow("no change") << Agent::Nothing << false;
        QTest::newRow("modified") << Agent::Modify << false;
        QTest::newRow("added") << Agent::Add << false;
        QTest::newRow("deleted") << Agent::Delete << false;
        QTest::newRow("renamed") << Agent::Rename << false;
        QTest::newRow("chmod +x") << Agent::Chmod << false;
        QTest::newRow("binary") << Agent::Binary << false;
        QTest::newRow("file and symlink swapped") << Agent::TypeChange << false;
        QTest::newRow("agent committed") << Agent::Committed << false;
        QTest::newRow("agent staged") << Agent::Staged << false;
        QTest::newRow("ignored and .git") << Agent::IgnoredAndGitDir << false;
        QTest::newRow("everything") << Agent::Everything << false;
        QTest::newRow("symlinks out") << Agent::SymlinksOut << false;
        QTest::newRow("new ignore rule") << Agent::NewIgnoreRule << false;
        QTest::newRow("nested repository") << Agent::NestedRepository << false;
        QTest::newRow("assume unchanged") << Agent::AssumeUnchanged << false;
        QTest::newRow("index removed") << Agent::IndexRemoved << false;
        QTest::newRow("index garbage") << Agent::IndexGarbage << true;
    }

    void movesByChangesUndoWhatTheAgentDid()
    {
        QFETCH(Agent, agent);
        QFETCH(bool, listedAgain);
        auto ws = Workspace::open(m_ws);
        CountingSource source(m_src);
        QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_a)));
        const QString outside = m_tmp->path() + s("/outside");
        auto outsideUntouched = [&] {
            if (agent != Agent::SymlinksOut)
                return;
            QCOMPARE(readFile(outside + s("/target.txt")), QByteArray("outside\n"));
            QCOMPARE(readFile(outside + s("/c/d.txt")), QByteArray("outside too\n"));
            QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                QStringList({ s("c"), s("target.txt") }));
            QCOMPARE(QDir(outside + s("/c")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                QStringList({ s("d.txt") }));
        };
        auto ignoredKept = [&] {
            if (agent != Agent::IgnoredAndGitDir && agent != Agent::Everything)
                return;
            QCOMPARE(readFile(m_ws + s("/build/out.o")), binary(100, 3));
            QCOMPARE(readFile(m_ws + s("/agent.log")), QByteArray("log\n"));
        };

        // From A to B, back to A, and the agent again before C (a directory replaced by a
        // file, a file by a symlink): every move but the first by changes.
        actAsAgent(agent);
        if (QTest::currentTestFailed())
            return;
        auto toB = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY2(toB, qPrintable(toB ? QString() : toB.error()));
        QCOMPARE(source.listings, listedAgain ? 2 : 1);
        verifyAt(**ws, m_b);
        outsideUntouched();
        ignoredKept();
        auto toA = (*ws)->moveTo(source, QString::fromLatin1(m_a));
        QVERIFY2(toA, qPrintable(toA ? QString() : toA.error()));
        verifyAt(**ws, m_a);
        QCOMPARE(toA->filesFetched, 0);
        actAsAgent(agent);
        if (QTest::currentTestFailed())
            return;
        auto toC = (*ws)->moveTo(source, QString::fromLatin1(m_c));
        QVERIFY2(toC, qPrintable(toC ? QString() : toC.error()));
        verifyAt(**ws, m_c);
        outsideUntouched();
        ignoredKept();
        QCOMPARE(source.changeSets, 3);
        QCOMPARE(source.listings, listedAgain ? 3 : 1);
        QCOMPARE(runGit(m_ws, { s("fsck"), s("--no-progress") }).exitCode, 0);

        // What patch() reports afterwards is nothing, and a fresh workspace at C has the
        // same files, modes and links.
        auto patch = (*ws)->patch();
        QVERIFY2(patch, qPrintable(patch ? QString() : patch.error()));
        QCOMPARE(patch->text, QByteArray());
        const QString fresh = m_tmp->path() + s("/fresh");
        auto other = Workspace::open(fresh);
        RepositoryTreeSource honest(m_src);
        QVERIFY((*other)->moveTo(honest, QString::fromLatin1(m_c)));
        const QStringList ignoredNames { s("build"), s("agent.log") };
        QStringList here, there, unused;
        for (const QString &path : filesOnDisk(m_ws, &unused)) {
            const QFileInfo info(m_ws + u'/' + path);
            here << path + u' ' + QString::number(int(info.permissions() & QFile::ExeOwner)) + u' '
                    + info.symLinkTarget();
        }
        for (const QString &path : filesOnDisk(fresh, &unused)) {
            const QFileInfo info(fresh + u'/' + path);
            there << path + u' ' + QString::number(int(info.permissions() & QFile::ExeOwner)) + u' '
                    + info.symLinkTarget().replace(fresh, m_ws);
        }
        QCOMPARE(here, there);
    }

    // A workspace at a commit the source does not know (another repository's, or one
    // since removed) is moved by the whole listing; so is one whose base file names no
    // index (written before moves by changes existed).
    void unknownBasesAreListedWhole()
    {
        const QString otherRepo = m_tmp->path() + s("/other");
        QDir().mkpath(otherRepo);
        git(otherRepo, { s("init"), s("-q"), s("-b"), s("main") });
        writeFile(otherRepo + s("/README.md"), "another project\n");
        writeFile(otherRepo + s("/src/app/main.c"), "int main(void) { return 0; }\n");
        git(otherRepo, { s("add"), s("-A") });
        git(otherRepo, { s("commit"), s("-q"), s("-m"), s("other") });
        const QByteArray foreign = git(otherRepo, { s("rev-parse"), s("HEAD") });
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource elsewhere(otherRepo);
        QVERIFY((*ws)->moveTo(elsewhere, QString::fromLatin1(foreign)));
        writeFile(m_ws + s("/stray.txt"), "stray\n");

        CountingSource source(m_src);
        auto move = (*ws)->moveTo(source, QString::fromLatin1(m_b));
        QVERIFY2(move, qPrintable(move ? QString() : move.error()));
        QCOMPARE(source.changeSets, 1); // asked, and the source did not know the base
        QCOMPARE(source.listings, 1);
        verifyAt(**ws, m_b);

        // A base file of an older workspace: no index checksum.
        const QString baseFile = m_ws + s("/.git/autopack-base");
        QByteArray text = readFile(baseFile);
        QVERIFY(text.contains("\nindex "));
        text.truncate(text.indexOf("\nindex ") + 1);
        writeFile(baseFile, text);
        ws = Workspace::open(m_ws);
        QCOMPARE((*ws)->baseCommit(), QString::fromLatin1(m_b));
        writeFile(m_ws + s("/README.md"), "edited\n");
        auto older = (*ws)->moveTo(source, QString::fromLatin1(m_c));
        QVERIFY2(older, qPrintable(older ? QString() : older.error()));
        QCOMPARE(source.changeSets, 1);
        QCOMPARE(source.listings, 2);
        verifyAt(**ws, m_c);
    }

    // After a phase the next base is usually the agent's own change: those files are the
    // base's already, so they are neither fetched nor rewritten (inode and mtime kept).
    void theAgentsChangeAsTheNextBaseIsKept()
    {
        auto ws = Workspace::open(m_ws);
        CountingSource source(m_src);
        QVERIFY((*ws)->moveTo(source, QString::fromLatin1(m_a)));
        const QByteArray edited = lines(30, "main").replace("main line 3\n", "main line three\n");
        writeFile(m_ws + s("/src/app/main.c"), edited);
        writeFile(m_ws + s("/src/app/added.c"), "added by the agent\n");
        QVERIFY(QFile::remove(m_ws + s("/docs/guide.txt")));
        auto patch = (*ws)->patch();
        QVERIFY(patch);
        // The engine applies the patch to A: the next base.
        QTemporaryDir tmp;
        const QString clone = tmp.path() + s("/clone");
        git(tmp.path(), { s("clone"), s("-q"), m_src, clone });
        git(clone, { s("checkout"), s("-q"), s("--detach"), QString::fromLatin1(m_a) });
        writeFile(tmp.path() + s("/p.diff"), patch->text);
        git(clone, { s("apply"), s("--index"), tmp.path() + s("/p.diff") });
        git(clone, { s("commit"), s("-q"), s("-m"), s("the agent's change") });
        git(clone, { s("push"), s("-q"), m_src, s("HEAD:refs/heads/next") });
        const QByteArray next = git(m_src, { s("rev-parse"), s("next") });

        const FileStamp main = stamp(m_ws + s("/src/app/main.c"));
        const FileStamp added = stamp(m_ws + s("/src/app/added.c"));
        QThread::msleep(20);
        source.requested.clear();
        auto move = (*ws)->moveTo(source, QString::fromLatin1(next));
        QVERIFY2(move, qPrintable(move ? QString() : move.error()));
        verifyAt(**ws, next);
        QCOMPARE(move->filesWritten, 0);
        QCOMPARE(move->filesRemoved, 0);
        QCOMPARE(move->filesFetched, 0);
        QVERIFY(source.requested.isEmpty());
        QCOMPARE(source.listings, 1);
        QVERIFY(stamp(m_ws + s("/src/app/main.c")) == main);
        QVERIFY(stamp(m_ws + s("/src/app/added.c")) == added);
        QCOMPARE(runGit(m_ws, { s("fsck"), s("--no-progress") }).exitCode, 0);
    }

    void submodulesCannotBeReproduced()
    {
        const QByteArray gitlink = m_a;
        git(m_src,
            { s("update-index"), s("--add"), s("--cacheinfo"),
                QStringLiteral("160000,%1,vendor/sub").arg(QString::fromLatin1(gitlink)) });
        git(m_src, { s("commit"), s("-q"), s("-m"), s("with a submodule") });
        const QByteArray withSubmodule = git(m_src, { s("rev-parse"), s("HEAD") });
        auto ws = Workspace::open(m_ws);
        RepositoryTreeSource source(m_src);
        auto move = (*ws)->moveTo(source, QString::fromLatin1(withSubmodule));
        QVERIFY(!move);
        QVERIFY2(move.error().contains(s("submodules")), qPrintable(move.error()));
    }

    // Times are printed for the record, not asserted.
    void fiveThousandFiles()
    {
        const QString big = m_tmp->path() + s("/big");
        QDir().mkpath(big);
        git(big, { s("init"), s("-q"), s("-b"), s("main") });
        git(big, { s("config"), s("gc.auto"), s("0") }); // no background gc racing the directory's removal
        QStringList all;
        for (int d = 0; d < 100; ++d) {
            for (int f = 0; f < 50; ++f) {
                const QString path = QStringLiteral("dir%1/sub%2/file%3.txt").arg(d).arg(f % 5).arg(f);
                writeFile(big + u'/' + path, lines(20, "file " + QByteArray::number(d * 50 + f)));
                all.append(path);
            }
        }
        git(big, { s("add"), s("-A") });
        git(big, { s("commit"), s("-q"), s("-m"), s("5000 files") });
        const QByteArray first = git(big, { s("rev-parse"), s("HEAD") });
        for (int i = 0; i < 10; ++i)
            writeFile(big + u'/' + all.at(i * 499), "changed " + QByteArray::number(i) + '\n');
        git(big, { s("commit"), s("-q"), s("-am"), s("10 changed") });
        const QByteArray second = git(big, { s("rev-parse"), s("HEAD") });

        auto ws = Workspace::open(m_ws);
        CountingSource source(big);
        QElapsedTimer timer;
        timer.start();
        auto one = (*ws)->moveTo(source, QString::fromLatin1(first));
        const qint64 firstMs = timer.elapsed();
        QVERIFY2(one, qPrintable(one ? QString() : one.error()));
        QCOMPARE(one->filesWritten, 5000);
        QCOMPARE(one->filesFetched, 5000);

        timer.restart();
        auto two = (*ws)->moveTo(source, QString::fromLatin1(second));
        const qint64 secondMs = timer.elapsed();
        QVERIFY2(two, qPrintable(two ? QString() : two.error()));
        QCOMPARE(two->filesWritten, 10);
        QCOMPARE(two->filesFetched, 10);
        QCOMPARE(two->filesRemoved, 0);

        timer.restart();
        auto same = (*ws)->moveTo(source, QString::fromLatin1(second));
        const qint64 sameMs = timer.elapsed();
        QVERIFY(same);
        QCOMPARE(same->filesWritten, 0);

        for (int i = 0; i < 10; ++i)
            writeFile(m_ws + u'/' + all.at(i * 500 + 1), "agent\n");
        timer.restart();
        auto patch = (*ws)->patch();
        const qint64 patchMs = timer.elapsed();
        QVERIFY(patch);
        QCOMPARE(patch->filesChanged, 10);

        QCOMPARE(git(m_ws, { s("rev-parse"), s("HEAD^{tree}") }), git(big, { s("rev-parse"), s("HEAD^{tree}") }));
        QCOMPARE(source.listings, 1); // the later moves by their changes
        qInfo("5,000 files: first moveTo %lld ms, moveTo changing 10 files %lld ms, moveTo to the same base %lld ms, "
              "patch() of 10 edited files %lld ms",
            firstMs, secondMs, sameMs, patchMs);
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
