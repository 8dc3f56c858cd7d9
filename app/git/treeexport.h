#pragma once

// What the engine serves a runner preparing a workspace: the listing of a commit's
// files (so the runner can tell which blobs it already has), the changes between two
// commits (so a runner whose workspace is at one of them learns only what differs) and
// a tar archive of the files it asks for. The listing and the archive walk the commit's
// tree once, top down; archive() descends only into directories on the way to a
// requested path, so asking for 10 files of a 5,000-file tree reads the trees above
// them and those 10 blobs; changes() compares two trees without reading a blob and
// skips the subtrees they share. Reads only: nothing is written to the repository.

#include "githandles.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace Autopack::Git {

class Repository;

struct TreeExportEntry {
    QByteArray path; // UTF-8 (as git stores it), '/'-separated from the root
    quint32 mode = GIT_FILEMODE_BLOB; // 0100644, 0100755 or 0120000
    git_oid oid {};
    qint64 size = 0; // the blob's size (a symlink's: its target's length)
};

struct TreeExportListing {
    git_oid commit {};
    git_oid treeId {};
    std::vector<TreeExportEntry> entries; // files and symlinks in git's order; submodules left out
};

// listing(commit) is listing(since) with `deleted` removed and `entries` put in place
// (added, or replacing the entry of the same path).
struct TreeExportChanges {
    git_oid since {};
    git_oid commit {};
    git_oid treeId {}; // commit's root tree
    std::vector<TreeExportEntry> entries; // added, or changed in contents, mode or type; git's order
    std::vector<QByteArray> deleted; // paths of files and symlinks `commit` lacks; git's order
};

class TreeExport
{
public:
    // `repo` must outlive this object; one thread (Repository's rule).
    explicit TreeExport(const Repository &repo)
        : m_repo(repo)
    {
    }

    // `commit`: a full 40-digit hex id. An id that is no commit (a tree, a blob, unknown)
    // is an error naming it.
    GitResult<TreeExportListing> listing(const QString &commit) const;
    // From `since` to `commit` (both full ids; either unknown: an error naming it).
    // Submodules are left out as in the listing; a path that changes between a file
    // and a submodule is a deletion or an addition.
    GitResult<TreeExportChanges> changes(const QString &since, const QString &commit) const;
    // A ustar archive (TarArchive) of exactly `paths`, in git's order; an empty list
    // means every file. A path that is not in the commit, or names a directory or a
    // submodule, is a NotFound error naming every such path.
    GitResult<QByteArray> archive(const QString &commit, const QStringList &paths) const;

private:
    GitResult<TreePtr> rootTree(const QString &commit, git_oid *commitId) const;
    const Repository &m_repo;
};

} // namespace Autopack::Git
