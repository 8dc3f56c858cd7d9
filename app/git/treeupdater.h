#pragma once

// Writes the tree that results from upserting and removing paths in a base tree,
// rebuilding only the trees on the changed paths: cost follows the number of changed
// paths and the size of the directories along them, not the repository. The new
// trees are serialised and hashed here and handed to the repository's pending object
// batch (Repository::writeObject), so no odb lookup happens for them. A directory
// left empty disappears, as in git.

#include "githandles.h"

#include <QByteArray>

#include <vector>

namespace Autopack::Git {

class Repository;

struct TreeChange {
    QByteArray path; // "a/b/c.txt", relative, '/'-separated
    bool remove = false;
    git_oid id {}; // for an upsert
    git_filemode_t mode = GIT_FILEMODE_BLOB;
};

class TreeUpdater {
public:
    // Applies `changes` to `base` (null: the empty tree). Removing a path that does not
    // exist, or going through a path component that is a file, is an error naming it.
    static GitResult<git_oid> apply(const Repository &repo, git_tree *base, const std::vector<TreeChange> &changes);
};

} // namespace Autopack::Git
