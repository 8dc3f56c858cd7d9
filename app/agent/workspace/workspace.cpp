#include "workspace.h"

#include "pathrestorer.h"
#include "repository.h"
#include "workspacelog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace Autopack::Agent {

namespace {

// Written into the workspace's own config when Autopack creates the repository: a .git
// without it is somebody else's (a user's clone, say), and moveTo() would delete its
// untracked files.
constexpr char kMarker[] = "autopack.workspace";
// In the git dir: the base the workspace was last moved to, so a reopened workspace
// still knows what to diff against.
constexpr char kBaseFile[] = "autopack-base";

// Why a listing's path cannot be written into the workspace; empty when it can. The
// listing may come from another machine, so nothing in it may reach outside the
// directory or into .git.
QString pathProblem(const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral("empty path");
    if (path.startsWith(u'/'))
        return QStringLiteral("absolute path");
    if (path.contains(QChar(u'\0')))
        return QStringLiteral("NUL in the path");
    for (const QString &component : path.split(u'/')) {
        if (component.isEmpty() || component == QLatin1String(".") || component == QLatin1String(".."))
            return QStringLiteral("empty, '.' or '..' component");
        if (component.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0)
            return QStringLiteral("a .git component");
    }
    return {};
}

bool hasDotGitComponent(const char *path)
{
    if (!path)
        return false;
    for (const QByteArray &component : QByteArray(path).split('/')) {
        if (component.compare(".git", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// An agent's "git update-index --assume-unchanged" must not hide a change from us:
// the flag survives git_index_read_tree along with the stat data.
std::expected<void, QString> clearAssumeValid(git_index *index)
{
    QList<git_index_entry> flagged;
    for (size_t i = 0, n = git_index_entrycount(index); i < n; ++i) {
        const git_index_entry *e = git_index_get_byindex(index, i);
        if (e && (e->flags & GIT_INDEX_ENTRY_VALID))
            flagged.append(*e);
    }
    for (git_index_entry e : std::as_const(flagged)) {
        e.flags &= ~GIT_INDEX_ENTRY_VALID;
        e.mtime = {}; // and compare the file's contents, not its stat data
        if (int rc = git_index_add(index, &e); rc < 0)
            return std::unexpected(Git::GitError::fromLibgit2(
                rc, QStringLiteral("reset the index entry of %1").arg(QString::fromUtf8(e.path)))
                                       .toString());
    }
    return {};
}

// Where the files differ from `index` (tracked: modified, deleted, type changed;
// untracked, not ignored, reported whole per directory), as paths relative to the root.
std::expected<QList<QByteArray>, QString> differences(git_repository *repo, git_index *index)
{
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_SKIP_BINARY_CHECK;
    git_diff *raw = nullptr;
    if (int rc = git_diff_index_to_workdir(&raw, repo, index, &options); rc < 0)
        return std::unexpected(
            Git::GitError::fromLibgit2(rc, QStringLiteral("compare the files with the index")).toString());
    Git::DiffPtr diff(raw);
    QList<QByteArray> paths;
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
        QByteArray path(git_diff_get_delta(diff.get(), i)->new_file.path);
        if (path.endsWith('/'))
            path.chop(1);
        paths.append(path);
    }
    return paths;
}

// libgit2 1.5's checkout opens a file it restores without O_NOFOLLOW and creates files
// under a directory without checking that the directory is not a symlink: an agent
// that replaced a tracked file or directory with a symlink would have the next move
// write through it, anywhere on the machine. Such symlinks are unlinked first (only
// the links; never what they point at): at every differing path and every directory
// above one (a tracked file under a symlinked directory always differs, as the diff
// does not follow links, even where the link itself is ignored). Returns how many of
// them the tree does not have.
std::expected<int, QString> unlinkSymlinksInTheWay(
    git_repository *repo, git_index *index, const QString &root, const QSet<QByteArray> &listed)
{
    auto differing = differences(repo, index);
    if (!differing)
        return std::unexpected(differing.error());
    int removed = 0;
    const QByteArray base = QFile::encodeName(root) + '/';
    QSet<QByteArray> checked;
    auto unlinkIfSymlink = [&](const QByteArray &path) -> std::expected<void, QString> {
        if (checked.contains(path))
            return {};
        checked.insert(path);
        const QByteArray full = base + path;
        struct stat st;
        if (::lstat(full.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
            return {};
        if (::unlink(full.constData()) != 0)
            return std::unexpected(QStringLiteral("cannot remove the symlink %1: %2")
                                       .arg(QString::fromUtf8(path), QString::fromLocal8Bit(std::strerror(errno))));
        if (!listed.contains(path))
            ++removed;
        return {};
    };
    for (const QByteArray &path : std::as_const(*differing)) {
        for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (auto done = unlinkIfSymlink(path.left(slash)); !done)
                return std::unexpected(done.error());
        }
        const git_index_entry *tracked = git_index_get_bypath(index, path.constData(), 0);
        if (tracked && tracked->mode == GIT_FILEMODE_LINK)
            continue; // a link where the tree has one: checkout replaces it, never follows it
        if (auto done = unlinkIfSymlink(path); !done)
            return std::unexpected(done.error());
    }
    return removed;
}

// The trailing checksum of the index file (hex); empty when there is none. What tells
// the index a move wrote from one the agent's git rewrote since.
QByteArray indexChecksum(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() < GIT_OID_RAWSZ || !f.seek(f.size() - GIT_OID_RAWSZ))
        return {};
    return f.read(GIT_OID_RAWSZ).toHex();
}

struct Changed {
    QByteArray path;
    bool wholeDirectory = false; // an untracked directory the diff did not enter (a repository of the agent's)
};

// What differs from `index`, one entry per file: modified, deleted, type changed and
// untracked (not ignored) files. A file whose stat data matches its entry is not read;
// one whose stat changed (or is racily clean) is hashed, and if it turns out the same its
// entry's stat data is refreshed.
std::expected<std::vector<Changed>, QString> changedFiles(git_repository *repo, git_index *index)
{
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE
        | GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_UPDATE_INDEX;
    git_diff *raw = nullptr;
    if (int rc = git_diff_index_to_workdir(&raw, repo, index, &options); rc < 0)
        return std::unexpected(
            Git::GitError::fromLibgit2(rc, QStringLiteral("compare the files with the index")).toString());
    Git::DiffPtr diff(raw);
    std::vector<Changed> changed;
    changed.reserve(git_diff_num_deltas(diff.get()));
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        Changed c { QByteArray(delta->status == GIT_DELTA_DELETED ? delta->old_file.path : delta->new_file.path) };
        if (c.path.endsWith('/')) {
            c.path.chop(1);
            c.wholeDirectory = true;
        }
        changed.push_back(std::move(c));
    }
    return changed;
}

struct Wanted {
    QString path;
    git_oid id;
};

// Whether the file at `path` under `root` holds the blob `id` as it is (no filters), and
// then stores it: after a phase the next base is usually the agent's own change, whose
// files are in the workspace already. Reads a regular file only; whatever it is, only
// bytes that hash to `id` are kept.
bool storeFromFile(const Git::Repository &repo, const QByteArray &root, const Wanted &w)
{
    const QByteArray full = root + w.path.toUtf8();
    const int fd = ::open(full.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    QFile file;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (qint64(64) << 20)
        || !file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return false;
    }
    const QByteArray data = file.readAll();
    git_oid id;
    if (git_odb_hash(&id, data.constData(), size_t(data.size()), GIT_OBJECT_BLOB) < 0 || !git_oid_equal(&id, &w.id))
        return false;
    auto written = repo.writeObject(GIT_OBJECT_BLOB, data.constData(), size_t(data.size()));
    return written && git_oid_equal(&*written, &w.id);
}

// Stores the blobs of `wanted` the object store lacks, asked of `source` in one request
// and each checked against its id. With `root`, a blob the workspace's file at its path
// holds already is taken from there instead. Returns how many were fetched.
std::expected<int, QString> fetchMissing(const Git::Repository &repo, git_odb *odb, TreeSource &source,
    const QString &commit, const std::vector<Wanted> &wanted, const QByteArray &root = {})
{
    QSet<QByteArray> requested; // raw ids
    QStringList toFetch;
    QHash<QString, git_oid> fetchedId;
    for (const Wanted &w : wanted) {
        const QByteArray key(reinterpret_cast<const char *>(w.id.id), GIT_OID_RAWSZ);
        if (requested.contains(key) || git_odb_exists(odb, &w.id) == 1)
            continue;
        requested.insert(key);
        if (!root.isEmpty() && storeFromFile(repo, root, w))
            continue;
        toFetch.append(w.path);
        fetchedId.insert(w.path, w.id);
    }
    if (toFetch.isEmpty())
        return 0;
    auto files = source.files(commit, toFetch);
    if (!files)
        return std::unexpected(QStringLiteral("fetching %1 files: %2").arg(toFetch.size()).arg(files.error()));
    for (const QString &path : std::as_const(toFetch)) {
        const auto it = files->constFind(path);
        if (it == files->constEnd())
            return std::unexpected(QStringLiteral("the source sent no contents for %1").arg(path));
        auto written = repo.writeObject(GIT_OBJECT_BLOB, it->constData(), size_t(it->size()));
        if (!written)
            return std::unexpected(written.error().toString());
        const git_oid expected = fetchedId.value(path);
        if (!git_oid_equal(&*written, &expected))
            return std::unexpected(QStringLiteral("the contents the source sent for %1 hash to %2, the listing says %3")
                                       .arg(path, Git::oidToString(*written), Git::oidToString(expected)));
    }
    return int(toFetch.size());
}

// HEAD: a commit of our own of `tree`, detached, whatever the agent did to it; a merge,
// rebase or cherry-pick the agent left is cleared. Returns that commit.
std::expected<git_oid, QString> detachHeadAt(
    const Git::Repository &repo, git_tree *tree, const QString &sourceCommit, const QString &treeText)
{
    git_repository *r = repo.get();
    auto libgit2
        = [](int rc, const QString &what) { return std::unexpected(Git::GitError::fromLibgit2(rc, what).toString()); };
    git_signature *rawSignature = nullptr;
    if (int rc = git_signature_now(&rawSignature, "Autopack runner", "runner@autopack.invalid"); rc < 0)
        return libgit2(rc, QStringLiteral("create a signature"));
    Git::SignaturePtr signature(rawSignature);
    const QByteArray message
        = QStringLiteral("Autopack base %1\n\nThe files of commit %1 (tree %2). The agent's change "
                         "is measured against this tree, whatever HEAD says later.\n")
              .arg(sourceCommit, treeText)
              .toUtf8();
    git_oid local;
    if (int rc = git_commit_create(
            &local, r, nullptr, signature.get(), signature.get(), nullptr, message.constData(), tree, 0, nullptr);
        rc < 0)
        return libgit2(rc, QStringLiteral("commit the base tree"));
    if (auto stored = repo.flushObjects(); !stored)
        return std::unexpected(stored.error().toString());
    if (int rc = git_repository_state_cleanup(r); rc < 0)
        return libgit2(rc, QStringLiteral("clear the repository state"));
    if (int rc = git_repository_set_head_detached(r, &local); rc < 0)
        return libgit2(rc, QStringLiteral("detach HEAD at the base commit"));
    return local;
}

// `from` with `updates` applied. git_tree_create_updated rewrites only the trees on the
// way to a change, but cannot turn a file into a directory or back, nor take a path
// twice: such changes are applied to the whole tree read into an index instead.
std::expected<git_oid, QString> applyUpdates(
    git_repository *repo, git_tree *from, const std::vector<git_tree_update> &updates)
{
    auto libgit2
        = [](int rc, const QString &what) { return std::unexpected(Git::GitError::fromLibgit2(rc, what).toString()); };
    QSet<QByteArray> paths;
    bool simple = true;
    for (const git_tree_update &u : updates) {
        const QByteArray path(u.path);
        if (paths.contains(path))
            simple = false;
        paths.insert(path);
    }
    for (const QByteArray &path : std::as_const(paths)) {
        for (qsizetype slash = path.indexOf('/'); simple && slash > 0; slash = path.indexOf('/', slash + 1))
            simple = !paths.contains(path.left(slash));
    }
    git_oid id;
    if (simple) {
        if (int rc = git_tree_create_updated(&id, repo, from, updates.size(), updates.data()); rc < 0)
            return libgit2(rc, QStringLiteral("apply the changes to the base tree"));
        return id;
    }
    git_index *raw = nullptr;
    if (int rc = git_index_new(&raw); rc < 0)
        return libgit2(rc, QStringLiteral("create an index"));
    Git::IndexPtr index(raw);
    if (int rc = git_index_read_tree(index.get(), from); rc < 0)
        return libgit2(rc, QStringLiteral("read the base tree"));
    for (const git_tree_update &u : updates) {
        if (u.action != GIT_TREE_UPDATE_REMOVE)
            continue;
        if (int rc = git_index_remove(index.get(), u.path, 0); rc < 0)
            return libgit2(rc, QStringLiteral("remove %1").arg(QString::fromUtf8(u.path)));
    }
    for (const git_tree_update &u : updates) {
        if (u.action != GIT_TREE_UPDATE_UPSERT)
            continue;
        git_index_entry entry {};
        entry.mode = u.filemode;
        entry.id = u.id;
        entry.path = u.path;
        if (int rc = git_index_add(index.get(), &entry); rc < 0)
            return libgit2(rc, QStringLiteral("add %1").arg(QString::fromUtf8(u.path)));
    }
    if (int rc = git_index_write_tree_to(&id, index.get(), repo); rc < 0)
        return libgit2(rc, QStringLiteral("write the changed tree"));
    return id;
}

} // namespace

// Where a move left the workspace, as the git dir's base file records it.
struct Base {
    QString commit; // the source's commit
    QString tree;
    QString local; // our commit of `tree`, HEAD after the move
    QByteArray index; // the index file's checksum after the move (hex)
};

struct Workspace::Private {
    QString directory;
    std::optional<Git::Repository> repo;
    Base base;

    QString baseFile() const { return repo->gitDir() + QLatin1String(kBaseFile); }
    QString indexFile() const { return repo->gitDir() + QLatin1String("index"); }

    void forgetBase()
    {
        base = Base();
        QFile::remove(baseFile());
    }

    void readBase()
    {
        QFile f(baseFile());
        if (!f.open(QIODevice::ReadOnly))
            return;
        QHash<QByteArray, QByteArray> fields;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const qsizetype space = line.indexOf(' ');
            if (space > 0)
                fields.insert(line.left(space), line.mid(space + 1));
        }
        const QString tree = QString::fromLatin1(fields.value("tree"));
        const QString local = QString::fromLatin1(fields.value("local"));
        const QString commit = QString::fromLatin1(fields.value("commit"));
        if (!Git::oidFromString(commit) || !Git::oidFromString(tree) || !Git::oidFromString(local))
            return; // not ours or damaged: no base, the next moveTo() sets one
        base.commit = commit;
        base.tree = tree;
        base.local = local;
        // Absent (an older workspace) or cut short: the next move lists the whole commit.
        base.index = fields.value("index").size() == 2 * GIT_OID_RAWSZ ? fields.value("index") : QByteArray();
    }

    // Records the base a finished move reached, with the checksum of the index it wrote.
    std::expected<void, QString> setBase(const QString &commit, const QString &tree, const git_oid &local)
    {
        Base reached { commit, tree, Git::oidToString(local), indexChecksum(indexFile()) };
        // Not synced to disk: a file a crash cut short has no base (readBase checks the
        // ids) or the wrong index checksum, and either only makes the next move slower.
        QFile f(baseFile());
        const QByteArray text
            = QStringLiteral("commit %1\ntree %2\nlocal %3\nindex %4\n")
                  .arg(reached.commit, reached.tree, reached.local, QString::fromLatin1(reached.index))
                  .toLatin1();
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size() || !f.flush())
            return std::unexpected(QStringLiteral("cannot write %1: %2").arg(baseFile(), f.errorString()));
        base = reached;
        return {};
    }

    std::expected<WorkspaceMove, QString> moveWhole(TreeSource &source, const QString &commit);
    std::expected<WorkspaceMove, QString> moveByChanges(TreeSource &source, const QString &commit, const Base &from);
};

Workspace::Workspace()
    : d(std::make_unique<Private>())
{
}

Workspace::~Workspace() = default;

std::expected<std::unique_ptr<Workspace>, QString> Workspace::open(const QString &directory)
{
    Git::Libgit2::ensureInitialised();
    const QString path = QDir::cleanPath(QDir(directory).absolutePath());
    auto refuse
        = [&](const QString &why) { return std::unexpected(QStringLiteral("open workspace %1: %2").arg(path, why)); };
    QDir dir(path);
    if (!dir.exists() && !QDir().mkpath(path))
        return refuse(QStringLiteral("cannot create the directory"));
    const QString dotGit = path + QStringLiteral("/.git");
    if (!QFileInfo(dotGit).exists() && !QFileInfo(dotGit).isSymLink()) {
        if (!dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return refuse(QStringLiteral("the directory has files but no .git; a workspace removes files it does not "
                                         "track, so it is only created in an empty or new directory"));
        git_repository *rawRepo = nullptr;
        const QByteArray p = QFile::encodeName(path);
        if (int rc = git_repository_init(&rawRepo, p.constData(), 0); rc < 0)
            return refuse(Git::GitError::fromLibgit2(rc, QStringLiteral("create .git")).toString());
        Git::RepositoryPtr created(rawRepo);
        git_config *rawConfig = nullptr;
        if (int rc = git_repository_config(&rawConfig, created.get()); rc < 0)
            return refuse(Git::GitError::fromLibgit2(rc, QStringLiteral("open .git/config")).toString());
        Git::ConfigPtr config(rawConfig);
        if (int rc = git_config_set_bool(config.get(), kMarker, 1); rc < 0)
            return refuse(Git::GitError::fromLibgit2(rc, QStringLiteral("write .git/config")).toString());
    }

    auto repo = Git::Repository::open(path);
    if (!repo)
        return refuse(repo.error().toString());
    if (repo->isBare())
        return refuse(QStringLiteral("%1 is a bare repository").arg(dotGit));
    // The repository must be this directory's own: not a .git file pointing elsewhere.
    const QString gitDir = QFileInfo(repo->gitDir()).canonicalFilePath();
    const char *workdir = git_repository_workdir(repo->get());
    if (gitDir != QFileInfo(dotGit).canonicalFilePath() || !workdir
        || QFileInfo(QFile::decodeName(workdir)).canonicalFilePath() != QFileInfo(path).canonicalFilePath())
        return refuse(QStringLiteral("its .git is not a repository of this directory's own"));
    git_config *rawSnapshot = nullptr;
    if (int rc = git_repository_config_snapshot(&rawSnapshot, repo->get()); rc < 0)
        return refuse(Git::GitError::fromLibgit2(rc, QStringLiteral("read .git/config")).toString());
    Git::ConfigPtr snapshot(rawSnapshot);
    int marked = 0;
    if (git_config_get_bool(&marked, snapshot.get(), kMarker) < 0 || !marked)
        return refuse(QStringLiteral("its .git was not created by Autopack (no %1 in .git/config); refusing to remove "
                                     "the untracked files of somebody's repository")
                          .arg(QLatin1String(kMarker)));

    std::unique_ptr<Workspace> workspace(new Workspace());
    workspace->d->directory = path;
    workspace->d->repo.emplace(std::move(*repo));
    workspace->d->readBase();
    return workspace;
}

QString Workspace::directory() const { return d->directory; }

QString Workspace::baseCommit() const { return d->base.commit; }

QString Workspace::baseTree() const { return d->base.tree; }

std::expected<WorkspaceMove, QString> Workspace::moveTo(TreeSource &source, const QString &commit)
{
    // Whatever fails from here on, the old base no longer describes the directory.
    const Base from = d->base;
    d->forgetBase();
    std::expected<WorkspaceMove, QString> moved = std::unexpected(QString());
    if (!from.commit.isEmpty() && !from.index.isEmpty()) {
        moved = d->moveByChanges(source, commit, from);
        // Whatever went wrong, the whole listing puts every path right: it assumes nothing
        // about the directory, the index or what the attempt did so far (objects it stored
        // are what their ids say, and stay).
        if (!moved)
            qCInfo(lcWorkspace) << "move of" << d->directory << "from" << from.commit << "to" << commit
                                << "by its changes did not work out, listing the whole commit:" << moved.error();
    }
    if (!moved)
        moved = d->moveWhole(source, commit);
    // A refused move's objects are dropped; a finished move's are stored in a pack by now,
    // and kept in memory they would hold every blob of the repository for the
    // workspace's lifetime (libgit2 finds the new pack on its next miss).
    d->repo->discardPendingObjects();
    return moved;
}

// The move for a workspace at a known base `from`: the source sends only what differs
// between the two commits, and only the paths that can differ are looked at and written
// (those changes, and what the agent changed, which a stat of every file against the
// index finds). Every error is the caller's cue to move by the whole listing instead.
std::expected<WorkspaceMove, QString> Workspace::Private::moveByChanges(
    TreeSource &source, const QString &commit, const Base &from)
{
    auto libgit2
        = [](int rc, const QString &what) { return std::unexpected(Git::GitError::fromLibgit2(rc, what).toString()); };
    git_repository *r = repo->get();
    QElapsedTimer clock;
    clock.start();
    QList<qint64> lap; // ms of each stage, for the debug log

    auto changes = source.changes(from.commit, commit);
    if (!changes)
        return std::unexpected(QStringLiteral("no changes: %1").arg(changes.error()));
    if (!changes->since.isEmpty() && changes->since != from.commit)
        return std::unexpected(
            QStringLiteral("the changes are from %1, the workspace is at %2").arg(changes->since, from.commit));
    const QString sourceCommit = changes->commit.isEmpty() ? commit : changes->commit;
    const auto expectedTree = Git::oidFromString(changes->treeId);
    if (!expectedTree)
        return std::unexpected(QStringLiteral("the changes' tree id: %1").arg(expectedTree.error().toString()));
    const auto fromTreeId = Git::oidFromString(from.tree);
    git_tree *rawFrom = nullptr;
    if (int rc = git_tree_lookup(&rawFrom, r, &*fromTreeId); rc < 0)
        return libgit2(rc, QStringLiteral("read the base tree %1").arg(from.tree));
    Git::TreePtr fromTree(rawFrom);

    // The changes, checked as a listing is, as tree updates.
    std::vector<QByteArray> paths;
    std::vector<git_tree_update> updates;
    std::vector<Wanted> wanted;
    paths.reserve(size_t(changes->entries.size() + changes->deleted.size()));
    for (const TreeEntry &e : std::as_const(changes->entries)) {
        if (const QString why = pathProblem(e.path); !why.isEmpty())
            return std::unexpected(QStringLiteral("the changes name '%1' (%2)").arg(e.path, why));
        if (e.mode != GIT_FILEMODE_BLOB && e.mode != GIT_FILEMODE_BLOB_EXECUTABLE && e.mode != GIT_FILEMODE_LINK)
            return std::unexpected(QStringLiteral("the changes give %1 mode %2").arg(e.path).arg(e.mode, 0, 8));
        const auto id = Git::oidFromString(e.oid);
        if (!id)
            return std::unexpected(QStringLiteral("the changes' id of %1: %2").arg(e.path, id.error().toString()));
        paths.push_back(e.path.toUtf8());
        updates.push_back(git_tree_update { GIT_TREE_UPDATE_UPSERT, *id, git_filemode_t(e.mode), nullptr });
        wanted.push_back(Wanted { e.path, *id });
    }
    for (const QString &path : std::as_const(changes->deleted)) {
        if (const QString why = pathProblem(path); !why.isEmpty())
            return std::unexpected(QStringLiteral("the changes delete '%1' (%2)").arg(path, why));
        paths.push_back(path.toUtf8());
        updates.push_back(git_tree_update { GIT_TREE_UPDATE_REMOVE, {}, GIT_FILEMODE_BLOB, nullptr });
    }
    for (size_t i = 0; i < updates.size(); ++i)
        updates[i].path = paths[i].constData();

    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, r); rc < 0)
        return libgit2(rc, QStringLiteral("open the object database"));
    Git::OdbPtr odb(rawOdb);
    WorkspaceMove result;
    auto fetched = fetchMissing(*repo, odb.get(), source, sourceCommit, wanted, QFile::encodeName(directory) + '/');
    if (!fetched)
        return std::unexpected(fetched.error());
    result.filesFetched = *fetched;
    lap.append(clock.restart());

    // The new tree, built from the base's; it must be the commit's.
    auto treeId = applyUpdates(r, fromTree.get(), updates);
    if (!treeId)
        return std::unexpected(treeId.error());
    if (!git_oid_equal(&*treeId, &*expectedTree))
        return std::unexpected(QStringLiteral("the changes make tree %1, but the commit's tree is %2")
                                   .arg(Git::oidToString(*treeId), changes->treeId));
    git_tree *rawTree = nullptr;
    if (int rc = git_tree_lookup(&rawTree, r, &*treeId); rc < 0)
        return libgit2(rc, QStringLiteral("read tree %1").arg(changes->treeId));
    Git::TreePtr tree(rawTree);
    auto local = detachHeadAt(*repo, tree.get(), sourceCommit, changes->treeId);
    if (!local)
        return std::unexpected(local.error());
    lap.append(clock.restart());

    // The index as the last move wrote it describes the base with fresh stat data. One
    // the agent's git rewrote (git add, commit, status, reset) only lends its stat data:
    // it is reset to the base tree in memory, keeping the stat data of the entries whose
    // id and mode match.
    git_index *rawIndex = nullptr;
    if (int rc = git_repository_index(&rawIndex, r); rc < 0)
        return libgit2(rc, QStringLiteral("open the index"));
    Git::IndexPtr index(rawIndex);
    // Reread only if the file changed since libgit2 read or wrote it (git replaces an
    // index file, so its inode changes); whether it is ours is the checksum's to say.
    if (int rc = git_index_read(index.get(), 0); rc < 0)
        return libgit2(rc, QStringLiteral("read the index"));
    const bool ours = indexChecksum(indexFile()) == from.index;
    if (!ours) {
        if (int rc = git_index_read_tree(index.get(), fromTree.get()); rc < 0)
            return libgit2(rc, QStringLiteral("read the base tree into the index"));
        if (auto cleared = clearAssumeValid(index.get()); !cleared)
            return std::unexpected(cleared.error());
    }
    lap.append(clock.restart());
    auto agents = changedFiles(r, index.get());
    if (!agents)
        return std::unexpected(agents.error());
    lap.append(clock.restart());

    // The paths that can differ from the new tree, parents before children.
    QMap<QByteArray, bool> todo; // path -> an untracked directory to remove whole
    for (const QByteArray &path : paths)
        todo.insert(path, false);
    for (const Changed &c : std::as_const(*agents))
        todo[c.path] = todo.value(c.path) || c.wholeDirectory;
    bool rulesChanged = false;
    for (auto it = todo.cbegin(); it != todo.cend(); ++it) {
        if (it.key().left(it.key().indexOf('/')) == ".git")
            return std::unexpected(QStringLiteral("the diff names %1").arg(QString::fromUtf8(it.key())));
        const QByteArray name = it.key().mid(it.key().lastIndexOf('/') + 1);
        // Attributes decide how every file is hashed and written: only a whole checkout
        // applies new ones consistently.
        if (name == ".gitattributes")
            return std::unexpected(QStringLiteral("%1 changes").arg(QString::fromUtf8(it.key())));
        rulesChanged = rulesChanged || name == ".gitignore";
    }
    PathRestorer restorer(r, index.get(), tree.get(), directory);
    for (auto it = todo.cbegin(); it != todo.cend(); ++it) {
        if (auto done = restorer.restore(it.key(), it.value()); !done)
            return std::unexpected(done.error());
    }
    restorer.pruneEmptyDirectories();
    lap.append(clock.restart());

    // Each path restored was checked on the way (its entry's id is that of the file left
    // there). New ignore rules change which files count as untracked anywhere: then every
    // file is looked at again, and what is untracked under them goes too.
    if (rulesChanged) {
        auto left = changedFiles(r, index.get());
        if (!left)
            return std::unexpected(left.error());
        for (const Changed &c : std::as_const(*left)) {
            if (auto done = restorer.restore(c.path, c.wholeDirectory); !done)
                return std::unexpected(done.error());
        }
        restorer.pruneEmptyDirectories();
        auto still = changedFiles(r, index.get());
        if (!still)
            return std::unexpected(still.error());
        if (!still->empty())
            return std::unexpected(QStringLiteral("%1 paths still differ, %2 first")
                                       .arg(still->size())
                                       .arg(QString::fromUtf8(still->front().path)));
    }
    result.filesWritten = restorer.written();
    result.filesRemoved = restorer.removed();
    // The index must now be the tree (cheap: the index's tree cache covers the
    // directories no path of the move was in).
    git_oid indexTree;
    if (int rc = git_index_write_tree_to(&indexTree, index.get(), r); rc < 0)
        return libgit2(rc, QStringLiteral("hash the index"));
    if (!git_oid_equal(&indexTree, &*treeId))
        return std::unexpected(
            QStringLiteral("the index makes tree %1, not %2").arg(Git::oidToString(indexTree), changes->treeId));
    if (int rc = git_index_write(index.get()); rc < 0)
        return libgit2(rc, QStringLiteral("write the index"));
    if (auto saved = setBase(sourceCommit, changes->treeId, *local); !saved)
        return std::unexpected(saved.error());
    lap.append(clock.restart());
    qCDebug(lcWorkspace) << "moved" << directory << "to" << base.commit << "by its changes from" << from.commit << "("
                         << changes->entries.size() << "changed," << changes->deleted.size() << "deleted;"
                         << agents->size() << "paths the agent changed" << (ours ? ")" : ", and the index)")
                         << ": written" << result.filesWritten << "removed" << result.filesRemoved << "fetched"
                         << result.filesFetched
                         << "; ms for changes+fetch, tree+HEAD, index, scan, files, verify:" << lap;
    return result;
}

// The move for any workspace: the whole listing, checked out with libgit2 against the
// tree as baseline (it acts only where the directory differs), then verified by a stat of
// every file.
std::expected<WorkspaceMove, QString> Workspace::Private::moveWhole(TreeSource &source, const QString &commit)
{
    using Git::GitError;
    const QString operation = QStringLiteral("move workspace %1 to %2").arg(directory, commit);
    auto refuse = [&](const QString &why) { return std::unexpected(QString(operation + QStringLiteral(": ") + why)); };
    auto libgit2 = [&](int rc, const QString &what) {
        return std::unexpected(QString(operation + QStringLiteral(": ") + GitError::fromLibgit2(rc, what).toString()));
    };
    git_repository *r = repo->get();
    QElapsedTimer clock;
    clock.start();
    QList<qint64> lap; // ms of each stage, for the debug log

    auto listing = source.listing(commit);
    if (!listing)
        return refuse(QStringLiteral("no listing: %1").arg(listing.error()));
    const QString sourceCommit = listing->commit.isEmpty() ? commit : listing->commit;
    const auto expectedTree = Git::oidFromString(listing->treeId);
    if (!expectedTree)
        return refuse(QStringLiteral("the listing's tree id: %1").arg(expectedTree.error().toString()));

    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, r); rc < 0)
        return libgit2(rc, QStringLiteral("open the object database"));
    Git::OdbPtr odb(rawOdb);

    WorkspaceMove result;
    std::vector<git_oid> ids;
    std::vector<QByteArray> paths;
    std::vector<Wanted> wanted;
    ids.reserve(size_t(listing->entries.size()));
    paths.reserve(size_t(listing->entries.size()));
    wanted.reserve(size_t(listing->entries.size()));
    QSet<QByteArray> listed;
    for (const TreeEntry &e : std::as_const(listing->entries)) {
        if (const QString why = pathProblem(e.path); !why.isEmpty())
            return refuse(QStringLiteral("the listing names '%1' (%2)").arg(e.path, why));
        if (e.mode != GIT_FILEMODE_BLOB && e.mode != GIT_FILEMODE_BLOB_EXECUTABLE && e.mode != GIT_FILEMODE_LINK)
            return refuse(QStringLiteral("the listing gives %1 mode %2").arg(e.path).arg(e.mode, 0, 8));
        const auto id = Git::oidFromString(e.oid);
        if (!id)
            return refuse(QStringLiteral("the listing's id of %1: %2").arg(e.path, id.error().toString()));
        ids.push_back(*id);
        paths.push_back(e.path.toUtf8());
        listed.insert(paths.back());
        wanted.push_back(Wanted { e.path, *id });
    }
    auto fetched = fetchMissing(*repo, odb.get(), source, sourceCommit, wanted);
    if (!fetched)
        return refuse(fetched.error());
    result.filesFetched = *fetched;
    lap.append(clock.restart());

    // The tree the listing describes, built in memory; it must be the commit's.
    git_index *rawBuilt = nullptr;
    if (int rc = git_index_new(&rawBuilt); rc < 0)
        return libgit2(rc, QStringLiteral("create an index"));
    Git::IndexPtr built(rawBuilt);
    for (size_t i = 0; i < ids.size(); ++i) {
        git_index_entry entry {};
        entry.mode = listing->entries.at(qsizetype(i)).mode;
        entry.id = ids[i];
        entry.path = paths[i].constData();
        if (int rc = git_index_add(built.get(), &entry); rc < 0)
            return libgit2(rc, QStringLiteral("add %1 to the tree").arg(QString::fromUtf8(paths[i])));
    }
    git_oid treeId;
    if (int rc = git_index_write_tree_to(&treeId, built.get(), r); rc < 0)
        return libgit2(rc, QStringLiteral("write the tree of %1").arg(sourceCommit));
    if (!git_oid_equal(&treeId, &*expectedTree))
        return refuse(QStringLiteral("the files listed make tree %1, but the commit's tree is %2 (a tree with "
                                     "submodules cannot be reproduced from its files)")
                          .arg(Git::oidToString(treeId), listing->treeId));
    git_tree *rawTree = nullptr;
    if (int rc = git_tree_lookup(&rawTree, r, &treeId); rc < 0)
        return libgit2(rc, QStringLiteral("read tree %1").arg(listing->treeId));
    Git::TreePtr tree(rawTree);
    lap.append(clock.restart());

    auto local = detachHeadAt(*repo, tree.get(), sourceCommit, listing->treeId);
    if (!local)
        return refuse(local.error());

    // The index becomes the tree. read_tree keeps the stat data of entries whose id and
    // mode do not change, so checkout recognises unchanged files without reading them.
    git_index *rawIndex = nullptr;
    if (int rc = git_repository_index(&rawIndex, r); rc < 0)
        return libgit2(rc, QStringLiteral("open the index"));
    Git::IndexPtr index(rawIndex);
    if (git_index_read(index.get(), 1) < 0) {
        // An index the agent broke: start from nothing and let checkout compare contents.
        if (int rc = git_index_clear(index.get()); rc < 0)
            return libgit2(rc, QStringLiteral("clear the index"));
    }
    if (int rc = git_index_read_tree(index.get(), tree.get()); rc < 0)
        return libgit2(rc, QStringLiteral("read the base tree into the index"));
    if (auto cleared = clearAssumeValid(index.get()); !cleared)
        return refuse(cleared.error());
    if (int rc = git_index_write(index.get()); rc < 0)
        return libgit2(rc, QStringLiteral("write the index"));

    lap.append(clock.restart());
    auto unlinked = unlinkSymlinksInTheWay(r, index.get(), directory, listed);
    if (!unlinked)
        return refuse(unlinked.error());
    result.filesRemoved = *unlinked;

    // Files: with baseline == target, checkout acts only where the directory differs from
    // the tree (modified, missing, untracked, type changed); ignored files stay.
    QSet<QByteArray> touched;
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
    options.baseline = tree.get();
    options.progress_cb = [](const char *path, size_t, size_t, void *payload) {
        if (path)
            static_cast<QSet<QByteArray> *>(payload)->insert(QByteArray(path));
    };
    options.progress_payload = &touched;
    if (int rc = git_checkout_tree(r, reinterpret_cast<const git_object *>(tree.get()), &options); rc < 0)
        return libgit2(rc, QStringLiteral("check out tree %1").arg(listing->treeId));
    for (const QByteArray &path : std::as_const(touched)) {
        if (listed.contains(path))
            ++result.filesWritten;
        else
            ++result.filesRemoved;
    }
    lap.append(clock.restart());
    // The contract, checked rather than assumed: one more stat of every file.
    auto left = differences(r, index.get());
    if (!left)
        return refuse(left.error());
    if (!left->isEmpty()) {
        QStringList names;
        for (qsizetype i = 0; i < std::min<qsizetype>(left->size(), 10); ++i)
            names.append(QString::fromUtf8(left->at(i)));
        return refuse(QStringLiteral("after checkout %1 paths still differ from the tree: %2")
                          .arg(left->size())
                          .arg(names.join(QStringLiteral(", "))));
    }

    if (auto saved = setBase(sourceCommit, listing->treeId, *local); !saved)
        return refuse(saved.error());
    lap.append(clock.restart());
    qCDebug(lcWorkspace) << "moved" << directory << "to" << base.commit << "by the whole listing: written"
                         << result.filesWritten << "removed" << result.filesRemoved << "fetched" << result.filesFetched
                         << "; ms for listing+fetch, tree, HEAD+index, checkout, verify:" << lap;
    return result;
}

std::expected<WorkspacePatch, QString> Workspace::patch() const
{
    using Git::GitError;
    const QString operation = QStringLiteral("patch of workspace %1").arg(d->directory);
    auto libgit2 = [&](int rc, const QString &what) {
        return std::unexpected(QString(operation + QStringLiteral(": ") + GitError::fromLibgit2(rc, what).toString()));
    };
    if (d->base.tree.isEmpty())
        return std::unexpected(QString(operation + QStringLiteral(": no base yet (moveTo() first)")));
    git_repository *r = d->repo->get();

    // base -> working directory is one index-to-workdir diff, the index left as the agent
    // left it. The index the last move wrote is the base tree with fresh stat data, so a
    // file whose stat matches is not read (and the repository's copy, read by the move,
    // is not even reread). One the agent's git rewrote (it staged, committed or reset)
    // only lends its stat data: a private copy is reset to the base tree in memory.
    git_index *rawIndex = nullptr;
    const QString indexFile = d->indexFile();
    const bool ours = !d->base.index.isEmpty() && indexChecksum(indexFile) == d->base.index;
    if (ours) {
        if (int rc = git_repository_index(&rawIndex, r); rc < 0)
            return libgit2(rc, QStringLiteral("open the index"));
    } else if (git_index_open(&rawIndex, QFile::encodeName(indexFile).constData()) < 0) {
        // An index the agent broke lends nothing: every file's contents are compared.
        if (int rc = git_index_new(&rawIndex); rc < 0)
            return libgit2(rc, QStringLiteral("create an index"));
    }
    Git::IndexPtr index(rawIndex);
    if (ours && git_index_read(index.get(), 0) < 0)
        return libgit2(-1, QStringLiteral("read the index"));
    if (!ours) {
        const git_oid treeId = *Git::oidFromString(d->base.tree);
        git_tree *rawTree = nullptr;
        if (int rc = git_tree_lookup(&rawTree, r, &treeId); rc < 0)
            return libgit2(rc, QStringLiteral("read the base tree %1").arg(d->base.tree));
        Git::TreePtr tree(rawTree);
        if (int rc = git_index_read_tree(index.get(), tree.get()); rc < 0)
            return libgit2(rc, QStringLiteral("read the base tree into the index"));
        if (auto cleared = clearAssumeValid(index.get()); !cleared)
            return std::unexpected(QString(operation + QStringLiteral(": ") + cleared.error()));
    }

    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    // No GIT_DIFF_INCLUDE_TYPECHANGE: libgit2 prints a type change (file <-> symlink) as
    // one patch with "old mode 100644 / new mode 120000", which git apply refuses ("new
    // mode of dev/null does not match old mode"). Without it the change is a deletion and
    // an addition of the same path, as git diff writes it.
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_SHOW_UNTRACKED_CONTENT
        | GIT_DIFF_SHOW_BINARY;
    options.id_abbrev = GIT_OID_HEXSZ; // git apply wants full ids for binary patches
    git_diff *rawDiff = nullptr;
    if (int rc = git_diff_index_to_workdir(&rawDiff, r, index.get(), &options); rc < 0)
        return libgit2(rc, QStringLiteral("diff the base tree with the files"));
    Git::DiffPtr diff(rawDiff);
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
    if (int rc = git_diff_find_similar(diff.get(), &find); rc < 0)
        return libgit2(rc, QStringLiteral("find renames"));

    struct FilePatch {
        QString path;
        bool deletion = false;
        QByteArray text;
    };
    std::vector<FilePatch> patches;
    WorkspacePatch result;
    auto isTreeLike = [](uint16_t mode) { return mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT; };
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        if (delta->status == GIT_DELTA_UNMODIFIED || delta->status == GIT_DELTA_IGNORED
            || delta->status == GIT_DELTA_UNREADABLE)
            continue;
        // An untracked directory reported whole is a repository the agent made in the
        // workspace (git does not descend into those); its .git is never ours to send.
        if (isTreeLike(delta->old_file.mode) || isTreeLike(delta->new_file.mode)
            || hasDotGitComponent(delta->old_file.path) || hasDotGitComponent(delta->new_file.path))
            continue;
        git_patch *rawPatch = nullptr;
        if (int rc = git_patch_from_diff(&rawPatch, diff.get(), i); rc < 0)
            return libgit2(rc, QStringLiteral("patch of %1").arg(QString::fromUtf8(delta->new_file.path)));
        if (!rawPatch)
            continue;
        Git::PatchPtr patch(rawPatch);
        Git::Buf text;
        if (int rc = git_patch_to_buf(text.get(), patch.get()); rc < 0)
            return libgit2(rc, QStringLiteral("print the patch of %1").arg(QString::fromUtf8(delta->new_file.path)));
        size_t added = 0;
        size_t removed = 0;
        if (int rc = git_patch_line_stats(nullptr, &added, &removed, patch.get()); rc < 0)
            return libgit2(rc, QStringLiteral("count the lines of %1").arg(QString::fromUtf8(delta->new_file.path)));
        result.linesAdded += int(added);
        result.linesRemoved += int(removed);
        patches.push_back(FilePatch {
            QString::fromUtf8(delta->new_file.path), delta->status == GIT_DELTA_DELETED, text.toByteArray() });
    }
    // A type change is a deletion and an addition of one path, adjacent; git apply wants
    // the deletion first, and git_diff_find_similar's re-sort may have put it second.
    for (size_t k = 0; k + 1 < patches.size(); ++k) {
        if (patches[k].path == patches[k + 1].path && !patches[k].deletion && patches[k + 1].deletion)
            std::swap(patches[k], patches[k + 1]);
    }
    for (const FilePatch &p : patches) {
        result.text += p.text;
        if (result.paths.isEmpty() || result.paths.last() != p.path) // a type change is one file
            result.paths.append(p.path);
    }
    result.filesChanged = int(result.paths.size());
    return result;
}

} // namespace Autopack::Agent
