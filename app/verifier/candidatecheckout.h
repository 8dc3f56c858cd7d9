#pragma once

// How the Verifier gets a candidate's files (by default Git::ScratchCheckout::checkoutPath
// of the git layer; tests and special set-ups may pass their own): write the tree of `commit` of the
// repository at `repoPath` into `targetDir` (which exists and is empty), never
// touching that repository's working tree, index or HEAD.
//
// Contract: called on a worker thread, possibly several at once for different target
// directories, so an implementation opens its own repository handle per call. The
// error names what failed (repository, commit, path).

#include <QString>

#include <expected>
#include <functional>

namespace Autopack::Ci {

using CandidateCheckout = std::function<std::expected<void, QString>(
    const QString &repoPath, const QString &commit, const QString &targetDir)>;

} // namespace Autopack::Ci
