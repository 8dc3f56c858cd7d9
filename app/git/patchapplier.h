#pragma once

// Applies a git-style patch (the text of `git diff` / `git format-patch`) to the tree
// of the commit it was made against and writes the resulting tree, without touching
// any ref, index or working tree.
//
// Order of work, so that nothing is written for a refused patch: size limit (before
// the text is read), header scan (git headers present, every path named in them
// passes the scope policy), libgit2 parse, per-file checks against the base tree
// (binary, symlinks, file modes, files that must or must not exist), hunk application
// in memory, and only then blobs and trees are written. Objects written are
// unreferenced until a caller points a ref at a commit of the tree.
//
// Cost grows with the patch, not the repository: each touched file's blob is patched
// on its own and only the trees on the changed paths are rebuilt (TreeUpdater). New
// objects go to the repository's pending batch (see Repository) and reach the disk
// only when a ref is made to point at them. Binary patches, when the policy allows them, take
// libgit2's git_apply_to_tree, which reads the whole base tree.

#include "githandles.h"
#include "scopepolicy.h"

#include <QByteArray>
#include <QStringList>

namespace Autopack::Git {

class Repository;

struct AppliedPatch {
    git_oid tree; // the base tree with the patch applied
    QStringList paths; // every path the patch adds, changes, renames (both names) or deletes
};

class PatchApplier {
public:
    PatchApplier(const Repository &repo, const ScopePolicy &policy);

    // Applies `patch` to the tree of `baseCommit`.
    GitResult<AppliedPatch> apply(const QByteArray &patch, const git_oid &baseCommit) const;
    GitResult<AppliedPatch> apply(const QByteArray &patch, git_tree *baseTree) const;

    // Applies the hunks of one file's patch to `original` exactly as written (line
    // offsets allowed, no fuzz: every context and removed line must match byte for
    // byte, CR included). Errors name `path` and the hunk.
    static GitResult<QByteArray> applyHunks(git_patch *patch, const QByteArray &original, const QString &path);

private:
    const Repository &m_repo;
    ScopePolicy m_policy;
};

} // namespace Autopack::Git
