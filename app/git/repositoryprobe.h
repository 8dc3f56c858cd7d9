#pragma once

// Checks a path a user offers as a project before it is registered: it must be a git
// repository (bare or not) and the base branch must exist. Read-only: nothing in the
// repository is written.

#include "giterror.h"

#include <QString>

namespace Autopack::Git {

struct RepositoryInfo {
    QString path; // absolute: the working directory, or the git directory of a bare repository
    bool bare = false;
    QString baseBranch; // short name, e.g. "main"
    QString baseCommit; // the branch's tip
};

// `baseBranch` empty: the branch HEAD points at (an unborn or detached HEAD is refused,
// since then there is no branch to integrate into).
GitResult<RepositoryInfo> probeRepository(const QString &path, const QString &baseBranch = {});

} // namespace Autopack::Git
