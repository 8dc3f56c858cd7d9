#include "workspace.h"

#include "repository.h"
#include "workspacelog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

#include <cerrno>
#include <cstring>
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

} // namespace

struct Workspace::Private {
    QString directory;
    std::optional<Git::Repository> repo;
    QString baseCommit; // the source's commit
    QString baseTree;
    QString localCommit; // our commit of baseTree, HEAD after the move

    QString baseFile() const { return repo->gitDir() + QLatin1String(kBaseFile); }

    void forgetBase()
    {
        baseCommit.clear();
        baseTree.clear();
        localCommit.clear();
        QFile::remove(baseFile());
    }

    void readBase()
    {
        QFile f(baseFile());
        if (!f.open(QIODevice::ReadOnly))
            return;
        QHash<QByteArray, QString> fields;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const qsizetype space = line.indexOf(' ');
            if (space > 0)
                fields.insert(line.left(space), QString::fromLatin1(line.mid(space + 1)));
        }
        if (!Git::oidFromString(fields.value("tree")) || !Git::oidFromString(fields.value("local")))
            return; // not ours or damaged: no base, the next moveTo() sets one
        baseCommit = fields.value("commit");
        baseTree = fields.value("tree");
        localCommit = fields.value("local");
    }

    std::expected<void, QString> writeBase()
    {
        QSaveFile f(baseFile());
        if (!f.open(QIODevice::WriteOnly))
            return std::unexpected(QStringLiteral("cannot write %1: %2").arg(baseFile(), f.errorString()));
        f.write(QStringLiteral("commit %1\ntree %2\nlocal %3\n").arg(baseCommit, baseTree, localCommit).toLatin1());
        if (!f.commit())
            return std::unexpected(QStringLiteral("cannot write %1: %2").arg(baseFile(), f.errorString()));
        return {};
    }

    std::expected<WorkspaceMove, QString> move(TreeSource &source, const QString &commit);
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

QString Workspace::baseCommit() const { return d->baseCommit; }

QString Workspace::baseTree() const { return d->baseTree; }

std::expected<WorkspaceMove, QString> Workspace::moveTo(TreeSource &source, const QString &commit)
{
    // Whatever fails from here on, the old base no longer describes the directory.
    d->forgetBase();
    auto moved = d->move(source, commit);
    // A refused move's objects are dropped; a finished move's are stored in a pack by now,
    // and kept in memory they would hold every blob of the repository for the
    // workspace's lifetime (libgit2 finds the new pack on its next miss).
    d->repo->discardPendingObjects();
    return moved;
}

std::expected<WorkspaceMove, QString> Workspace::Private::move(TreeSource &source, const QString &commit)
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

    // What the local object store lacks, one path per missing blob.
    WorkspaceMove result;
    std::vector<git_oid> ids;
    std::vector<QByteArray> paths;
    ids.reserve(size_t(listing->entries.size()));
    paths.reserve(size_t(listing->entries.size()));
    QSet<QByteArray> listed;
    QSet<QByteArray> requested; // raw ids
    QStringList toFetch;
    QHash<QString, git_oid> fetchedId;
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
        const QByteArray key(reinterpret_cast<const char *>(id->id), GIT_OID_RAWSZ);
        if (!requested.contains(key) && git_odb_exists(odb.get(), &*id) != 1) {
            requested.insert(key);
            toFetch.append(e.path);
            fetchedId.insert(e.path, *id);
        }
    }

    if (!toFetch.isEmpty()) {
        auto files = source.files(sourceCommit, toFetch);
        if (!files)
            return refuse(QStringLiteral("fetching %1 files: %2").arg(toFetch.size()).arg(files.error()));
        for (const QString &path : std::as_const(toFetch)) {
            const auto it = files->constFind(path);
            if (it == files->constEnd())
                return refuse(QStringLiteral("the source sent no contents for %1").arg(path));
            auto written = repo->writeObject(GIT_OBJECT_BLOB, it->constData(), size_t(it->size()));
            if (!written)
                return refuse(written.error().toString());
            const git_oid expected = fetchedId.value(path);
            if (!git_oid_equal(&*written, &expected))
                return refuse(QStringLiteral("the contents the source sent for %1 hash to %2, the listing says %3")
                                  .arg(path, Git::oidToString(*written), Git::oidToString(expected)));
        }
    }
    result.filesFetched = int(toFetch.size());
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

    // HEAD: a commit of our own of that tree, detached, whatever the agent did to it.
    git_signature *rawSignature = nullptr;
    if (int rc = git_signature_now(&rawSignature, "Autopack runner", "runner@autopack.invalid"); rc < 0)
        return libgit2(rc, QStringLiteral("create a signature"));
    Git::SignaturePtr signature(rawSignature);
    const QByteArray message
        = QStringLiteral("Autopack base %1\n\nThe files of commit %1 (tree %2). The agent's change "
                         "is measured against this tree, whatever HEAD says later.\n")
              .arg(sourceCommit, listing->treeId)
              .toUtf8();
    git_oid local;
    if (int rc = git_commit_create(
            &local, r, nullptr, signature.get(), signature.get(), nullptr, message.constData(), tree.get(), 0, nullptr);
        rc < 0)
        return libgit2(rc, QStringLiteral("commit the base tree"));
    if (auto stored = repo->flushObjects(); !stored)
        return refuse(stored.error().toString());
    if (int rc = git_repository_state_cleanup(r); rc < 0) // a merge, rebase or cherry-pick the agent left
        return libgit2(rc, QStringLiteral("clear the repository state"));
    if (int rc = git_repository_set_head_detached(r, &local); rc < 0)
        return libgit2(rc, QStringLiteral("detach HEAD at the base commit"));

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

    baseCommit = sourceCommit;
    baseTree = listing->treeId;
    localCommit = Git::oidToString(local);
    if (auto saved = writeBase(); !saved) {
        baseCommit.clear();
        baseTree.clear();
        localCommit.clear();
        return refuse(saved.error());
    }
    lap.append(clock.restart());
    qCDebug(lcWorkspace) << "moved" << directory << "to" << baseCommit << ": written" << result.filesWritten
                         << "removed" << result.filesRemoved << "fetched" << result.filesFetched
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
    if (d->baseTree.isEmpty())
        return std::unexpected(QString(operation + QStringLiteral(": no base yet (moveTo() first)")));
    git_repository *r = d->repo->get();
    const git_oid treeId = *Git::oidFromString(d->baseTree);
    git_tree *rawTree = nullptr;
    if (int rc = git_tree_lookup(&rawTree, r, &treeId); rc < 0)
        return libgit2(rc, QStringLiteral("read the base tree %1").arg(d->baseTree));
    Git::TreePtr tree(rawTree);

    // The agent may have staged, committed or reset: the index it left only lends its
    // stat data. A private copy is reset to the base tree in memory, so base -> working
    // directory is one index-to-workdir diff and the repository's index stays as it is.
    git_index *rawIndex = nullptr;
    const QByteArray indexPath = QFile::encodeName(d->repo->gitDir() + QStringLiteral("index"));
    if (int rc = git_index_open(&rawIndex, indexPath.constData()); rc < 0) {
        // An index the agent broke lends nothing: every file's contents are compared.
        if (int rc2 = git_index_new(&rawIndex); rc2 < 0)
            return libgit2(rc2, QStringLiteral("create an index"));
    }
    Git::IndexPtr index(rawIndex);
    if (int rc = git_index_read_tree(index.get(), tree.get()); rc < 0)
        return libgit2(rc, QStringLiteral("read the base tree into the index"));
    if (auto cleared = clearAssumeValid(index.get()); !cleared)
        return std::unexpected(QString(operation + QStringLiteral(": ") + cleared.error()));

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
