#pragma once

// Writes the files of one commit into a directory (for the verifier's CI run),
// without touching the repository's HEAD, index or working tree: blobs are written
// straight from the object database, byte for byte (no filters, no line-ending
// conversion), executables with their exec bit, symlinks as symlinks, submodules as
// empty directories. Files are created with O_EXCL|O_NOFOLLOW, so nothing outside the
// target directory is ever followed or overwritten.

#include "githandles.h"

#include <QString>

#include <expected>

namespace Autopack::Git {

class Repository;

class ScratchCheckout {
public:
    // `targetDir` must be empty or not exist yet (it is created). Tree entries with
    // unsafe names (".", "..", ".git", a '/') are refused.
    static GitResult<void> checkout(const Repository &repo, const git_oid &commit, const QString &targetDir);

    // The verifier's contract (Ci::ScratchCheckout): opens its own repository, so it
    // may run on any thread; `commit` is a full hex id or a ref name.
    static std::expected<void, QString> checkoutPath(
        const QString &repoPath, const QString &commit, const QString &targetDir);
};

} // namespace Autopack::Git
