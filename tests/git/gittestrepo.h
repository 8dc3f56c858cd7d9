#pragma once

// Scratch repositories for the git layer's tests, made with the git CLI in a
// QTemporaryDir: a base branch "main" with nested files, a different branch "work"
// checked out, and a dirty working tree and index (modified, staged and untracked
// files), so every test can prove that HEAD, index and working tree stay untouched.
// Header-only; each tst_*.cpp includes it.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Autopack::Git::TestSupport {

struct GitRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline GitRun runGit(
    const QString &dir, const QStringList &args, const QByteArray &input = {}, const QStringList &extraEnv = {})
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("test@example.invalid"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("test@example.invalid"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), dir); // no user config leaks in
    for (const QString &kv : extraEnv)
        env.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("git"), args);
    p.waitForStarted();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

inline QByteArray git(const QString &dir, const QStringList &args, const QByteArray &input = {})
{
    const GitRun r = runGit(dir, args, input);
    if (r.exitCode != 0)
        qWarning("git %s failed: %s", qPrintable(args.join(u' ')), r.err.constData());
    return r.out.trimmed();
}

inline void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(content);
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// What the user sees of their repository: HEAD, the index bytes, the porcelain
// status. Read without optional locks so that reading it does not rewrite the index.
struct UserState {
    QByteArray headFile;
    QByteArray headCommit;
    QByteArray index;
    QByteArray status;
    bool operator==(const UserState &) const = default;
};

inline UserState userState(const QString &dir)
{
    UserState s;
    s.headFile = readFile(dir + QStringLiteral("/.git/HEAD"));
    s.index = readFile(dir + QStringLiteral("/.git/index"));
    s.headCommit = git(dir, { QStringLiteral("rev-parse"), QStringLiteral("HEAD") });
    s.status = git(dir,
        { QStringLiteral("--no-optional-locks"), QStringLiteral("status"), QStringLiteral("--porcelain"),
            QStringLiteral("-uall") });
    return s;
}

// A repository with "main" holding nested text files, a checked-out branch "work"
// one commit ahead, and a dirty tree. Returns the main tip.
inline QByteArray makeRepository(const QString &dir)
{
    git(dir, { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
    writeFile(dir + QStringLiteral("/README.md"), "# Project\n\nSome text.\n");
    QByteArray lines;
    for (int i = 1; i <= 30; ++i)
        lines += "line " + QByteArray::number(i) + "\n";
    writeFile(dir + QStringLiteral("/src/app/main.c"), lines);
    writeFile(dir + QStringLiteral("/src/lib/util.c"), "int util(void)\n{\n    return 1;\n}\n");
    writeFile(dir + QStringLiteral("/docs/guide.txt"), "Guide\n=====\n\nStep one.\nStep two.\n");
    git(dir, { QStringLiteral("add"), QStringLiteral("-A") });
    git(dir, { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("initial") });
    const QByteArray mainTip = git(dir, { QStringLiteral("rev-parse"), QStringLiteral("HEAD") });
    git(dir, { QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("work") });
    writeFile(dir + QStringLiteral("/work.txt"), "work in progress\n");
    git(dir, { QStringLiteral("add"), QStringLiteral("work.txt") });
    git(dir, { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("work") });
    // Dirty: a modified tracked file, a staged new file, an untracked file.
    writeFile(dir + QStringLiteral("/README.md"), "# Project\n\nLocal edit, not committed.\n");
    writeFile(dir + QStringLiteral("/staged.txt"), "staged\n");
    git(dir, { QStringLiteral("add"), QStringLiteral("staged.txt") });
    writeFile(dir + QStringLiteral("/untracked.txt"), "untracked\n");
    return mainTip;
}

// Commits `files` (path -> content) on `branch` without touching the user's
// working tree or index: plumbing through a temporary index.
inline QByteArray commitOnBranch(const QString &dir, const QString &branch, const QMap<QString, QByteArray> &files,
    const QString &message, const QStringList &removals = {})
{
    QTemporaryDir tmp;
    const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
    const QByteArray parent = git(dir, { QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + branch });
    runGit(dir, { QStringLiteral("read-tree"), QString::fromLatin1(parent) }, {}, env);
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QByteArray blob = runGit(
            dir, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, it.value())
                                    .out.trimmed();
        runGit(dir,
            { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                QStringLiteral("100644,%1,%2").arg(QString::fromLatin1(blob), it.key()) },
            {}, env);
    }
    for (const QString &r : removals)
        runGit(dir, { QStringLiteral("update-index"), QStringLiteral("--force-remove"), r }, {}, env);
    const QByteArray tree = runGit(dir, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
    const QByteArray commit = git(dir,
        { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"), QString::fromLatin1(parent),
            QStringLiteral("-m"), message });
    git(dir,
        { QStringLiteral("update-ref"), QStringLiteral("refs/heads/") + branch, QString::fromLatin1(commit),
            QString::fromLatin1(parent) });
    return commit;
}

// What `git apply --cached` makes of `patch` on `commit`, as a tree id, through a
// temporary index: the oracle the applier is compared with. Empty when git refuses.
inline QByteArray cliAppliedTree(const QString &dir, const QByteArray &commit, const QByteArray &patch)
{
    QTemporaryDir tmp;
    const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
    runGit(dir, { QStringLiteral("read-tree"), QString::fromLatin1(commit) }, {}, env);
    const QString patchFile = tmp.path() + QStringLiteral("/p.diff");
    writeFile(patchFile, patch);
    if (runGit(dir, { QStringLiteral("apply"), QStringLiteral("--cached"), patchFile }, {}, env).exitCode != 0)
        return {};
    return runGit(dir, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
}

inline GitRun fsck(const QString &dir)
{
    return runGit(dir,
        { QStringLiteral("fsck"), QStringLiteral("--strict"), QStringLiteral("--no-progress"),
            QStringLiteral("--no-dangling") });
}

inline int looseObjectCount(const QString &dir)
{
    const QByteArray out = git(dir, { QStringLiteral("count-objects"), QStringLiteral("-v") });
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("count: "))
            return line.mid(7).toInt();
    }
    return -1;
}

// The fixture every git-layer test class shares: one scratch repository per test
// function, made by makeScratch() in init(); rememberUserState() once the class's own
// set-up is done; verifyUntouchedAndRemove() in cleanup() proves HEAD, index and
// working tree are as they were and that git finds the object store sound.
class ScratchRepositoryTest : public QObject {
protected:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QByteArray m_base; // the tip of main as makeRepository() left it
    UserState m_before;

    void makeScratch()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->path();
        m_base = makeRepository(m_path);
        QVERIFY(!m_base.isEmpty());
    }

    void rememberUserState() { m_before = userState(m_path); }

    void verifyUntouchedAndRemove()
    {
        // Removed however the checks end, so a failing test leaves no directory behind.
        const std::unique_ptr<QTemporaryDir> dir = std::move(m_dir);
        QVERIFY(userState(m_path) == m_before);
        const GitRun f = fsck(m_path);
        QVERIFY2(f.exitCode == 0, f.err.constData());
        QVERIFY2(f.out.isEmpty() && f.err.isEmpty(), QByteArray(f.out + f.err).constData());
    }
};

} // namespace Autopack::Git::TestSupport
