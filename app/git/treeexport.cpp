#include "treeexport.h"

#include "repository.h"
#include "tararchive.h"

#include <QSet>

#include <algorithm>
#include <optional>

namespace Autopack::Git {

namespace {

bool isFileMode(git_filemode_t mode)
{
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

// The header only: a listing must not inflate every blob.
GitResult<qint64> blobSize(git_odb *odb, const git_oid &id, const QByteArray &path)
{
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (int rc = git_odb_read_header(&size, &type, odb, &id); rc < 0)
        return fail(rc, QStringLiteral("read the size of %1").arg(QString::fromUtf8(path)));
    return qint64(size);
}

struct ListingWalk {
    git_odb *odb = nullptr;
    std::vector<TreeExportEntry> *entries = nullptr;
    std::optional<GitError> error;
};

int listingVisit(const char *root, const git_tree_entry *entry, void *payload)
{
    auto *walk = static_cast<ListingWalk *>(payload);
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    if (!isFileMode(mode))
        return 0; // a tree is walked into; a submodule has nothing in this repository
    QByteArray path = QByteArray(root) + git_tree_entry_name(entry);
    auto size = blobSize(walk->odb, *git_tree_entry_id(entry), path);
    if (!size) {
        walk->error = size.error();
        return -1;
    }
    walk->entries->push_back(TreeExportEntry { std::move(path), quint32(mode), *git_tree_entry_id(entry), *size });
    return 0;
}

struct ArchiveWalk {
    git_repository *repo = nullptr;
    TarArchive *tar = nullptr;
    const QSet<QByteArray> *wanted = nullptr; // empty: every file
    const QSet<QByteArray> *directories = nullptr; // the directories on the way to a wanted path
    QSet<QByteArray> found;
    QStringList notFiles;
    std::optional<GitError> error;
};

int archiveVisit(const char *root, const git_tree_entry *entry, void *payload)
{
    auto *walk = static_cast<ArchiveWalk *>(payload);
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    const QByteArray path = QByteArray(root) + git_tree_entry_name(entry);
    const bool everything = walk->wanted->isEmpty();
    if (!isFileMode(mode)) {
        if (!everything && walk->wanted->contains(path))
            walk->notFiles.append(QString::fromUtf8(path));
        if (mode != GIT_FILEMODE_TREE)
            return 0;
        return everything || walk->directories->contains(path) ? 0 : 1; // 1: skip this subtree
    }
    if (!everything && !walk->wanted->contains(path))
        return 0;
    git_blob *raw = nullptr;
    if (int rc = git_blob_lookup(&raw, walk->repo, git_tree_entry_id(entry)); rc < 0) {
        walk->error = GitError::fromLibgit2(rc, QStringLiteral("read %1").arg(QString::fromUtf8(path)));
        return -1;
    }
    BlobPtr blob(raw);
    const QByteArrayView data(
        static_cast<const char *>(git_blob_rawcontent(blob.get())), qsizetype(git_blob_rawsize(blob.get())));
    if (auto added = walk->tar->add(QString::fromUtf8(path), quint32(mode), data); !added) {
        walk->error = added.error();
        return -1;
    }
    walk->found.insert(path);
    return 0;
}

} // namespace

GitResult<TreePtr> TreeExport::rootTree(const QString &commit, git_oid *commitId) const
{
    auto id = oidFromString(commit);
    if (!id)
        return std::unexpected(id.error());
    git_object *rawObject = nullptr;
    if (int rc = git_object_lookup(&rawObject, m_repo.get(), &*id, GIT_OBJECT_ANY); rc < 0)
        return fail(rc, QStringLiteral("look up commit %1").arg(commit));
    ObjectPtr object(rawObject);
    if (git_object_type(object.get()) != GIT_OBJECT_COMMIT)
        return std::unexpected(
            GitError::refusal(GitError::Kind::NotFound, QStringLiteral("look up commit %1").arg(commit),
                QStringLiteral("%1 is a %2, not a commit")
                    .arg(commit, QString::fromLatin1(git_object_type2string(git_object_type(object.get()))))));
    git_tree *rawTree = nullptr;
    if (int rc = git_commit_tree(&rawTree, reinterpret_cast<git_commit *>(object.get())); rc < 0)
        return fail(rc, QStringLiteral("read the tree of commit %1").arg(commit));
    *commitId = *id;
    return TreePtr(rawTree);
}

GitResult<TreeExportListing> TreeExport::listing(const QString &commit) const
{
    TreeExportListing listing;
    auto tree = rootTree(commit, &listing.commit);
    if (!tree)
        return std::unexpected(tree.error());
    listing.treeId = *git_tree_id(tree->get());
    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, m_repo.get()); rc < 0)
        return fail(rc, QStringLiteral("open the object database"));
    OdbPtr odb(rawOdb);
    ListingWalk walk;
    walk.odb = odb.get();
    walk.entries = &listing.entries;
    const int rc = git_tree_walk(tree->get(), GIT_TREEWALK_PRE, listingVisit, &walk);
    if (walk.error) {
        walk.error->operation = QStringLiteral("list commit %1: %2").arg(commit, walk.error->operation);
        return std::unexpected(*walk.error);
    }
    if (rc < 0)
        return fail(rc, QStringLiteral("list commit %1").arg(commit));
    return listing;
}

GitResult<TreeExportChanges> TreeExport::changes(const QString &since, const QString &commit) const
{
    TreeExportChanges changes;
    auto from = rootTree(since, &changes.since);
    if (!from) {
        from.error().operation = QStringLiteral("the commit to compare with: %1").arg(from.error().operation);
        return std::unexpected(from.error());
    }
    auto to = rootTree(commit, &changes.commit);
    if (!to)
        return std::unexpected(to.error());
    changes.treeId = *git_tree_id(to->get());
    const QString operation = QStringLiteral("changes from %1 to %2").arg(since, commit);
    // Trees only: no blob is read (no binary check, no content comparison), and a subtree
    // with the same id on both sides is not entered. A file that becomes a symlink is one
    // type change, not a deletion and an addition of the same path.
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_SKIP_BINARY_CHECK;
    git_diff *rawDiff = nullptr;
    if (int rc = git_diff_tree_to_tree(&rawDiff, m_repo.get(), from->get(), to->get(), &options); rc < 0)
        return fail(rc, operation);
    DiffPtr diff(rawDiff);
    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, m_repo.get()); rc < 0)
        return fail(rc, QStringLiteral("open the object database"));
    OdbPtr odb(rawOdb);
    const size_t count = git_diff_num_deltas(diff.get());
    changes.entries.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        const bool wasFile = delta->status != GIT_DELTA_ADDED && isFileMode(git_filemode_t(delta->old_file.mode));
        const bool isFile = delta->status != GIT_DELTA_DELETED && isFileMode(git_filemode_t(delta->new_file.mode));
        if (isFile) {
            QByteArray path(delta->new_file.path);
            auto size = blobSize(odb.get(), delta->new_file.id, path);
            if (!size) {
                size.error().operation = operation + QStringLiteral(": ") + size.error().operation;
                return std::unexpected(size.error());
            }
            changes.entries.push_back(
                TreeExportEntry { std::move(path), quint32(delta->new_file.mode), delta->new_file.id, *size });
        } else if (wasFile) {
            changes.deleted.emplace_back(delta->old_file.path); // or a file that became a submodule
        }
    }
    return changes;
}

GitResult<QByteArray> TreeExport::archive(const QString &commit, const QStringList &paths) const
{
    git_oid commitId;
    auto tree = rootTree(commit, &commitId);
    if (!tree)
        return std::unexpected(tree.error());
    QSet<QByteArray> wanted;
    QSet<QByteArray> directories;
    for (const QString &p : paths) {
        const QByteArray path = p.toUtf8();
        wanted.insert(path);
        for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1))
            directories.insert(path.left(slash));
    }
    TarArchive tar;
    ArchiveWalk walk;
    walk.repo = m_repo.get();
    walk.tar = &tar;
    walk.wanted = &wanted;
    walk.directories = &directories;
    const int rc = git_tree_walk(tree->get(), GIT_TREEWALK_PRE, archiveVisit, &walk);
    const QString operation = QStringLiteral("archive files of commit %1").arg(commit);
    if (walk.error) {
        walk.error->operation = operation + QStringLiteral(": ") + walk.error->operation;
        return std::unexpected(*walk.error);
    }
    if (rc < 0)
        return fail(rc, operation);
    if (!wanted.isEmpty() && (walk.found.size() != wanted.size() || !walk.notFiles.isEmpty())) {
        QStringList missing;
        for (const QByteArray &path : std::as_const(wanted)) {
            if (!walk.found.contains(path) && !walk.notFiles.contains(QString::fromUtf8(path)))
                missing.append(QString::fromUtf8(path));
        }
        std::sort(missing.begin(), missing.end());
        QStringList reasons;
        if (!missing.isEmpty())
            reasons.append(QStringLiteral("not in the commit: %1").arg(missing.join(QStringLiteral(", "))));
        if (!walk.notFiles.isEmpty())
            reasons.append(QStringLiteral("directories or submodules, not files: %1")
                               .arg(walk.notFiles.join(QStringLiteral(", "))));
        return std::unexpected(GitError::refusal(
            GitError::Kind::NotFound, operation, reasons.join(QStringLiteral("; ")), missing + walk.notFiles));
    }
    return tar.finish();
}

} // namespace Autopack::Git
