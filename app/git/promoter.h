#pragma once

// Promotion of a run's integration branch into the project's base branch (SPEC §3).
// Whether the run may be promoted (DONE_SUCCESS, no not_clean tier, no budget
// failure) is the engine's decision, passed in. The base branch is fast-forwarded
// when possible, else gets a merge commit when the merge has no conflict, else the
// promotion is refused listing the conflicting paths. The base ref moves only with
// compare-and-swap: a base that moved meanwhile is reported (RefMoved), never
// overwritten.
//
// A base branch that is checked out in a working tree (the repository's own, or a
// linked worktree) is refused: moving the ref under a checked-out branch would make
// the user's index and files look like they revert the promotion, and Autopack never
// touches working trees or indexes. The user checks out another branch there (or
// promotes into a bare clone) and promotes again.

#include "githandles.h"

#include <QString>

#include <optional>

namespace Autopack::Git {

class Repository;

struct PromotionRequest {
    QString runId;
    QString baseBranch;
    bool eligible = false; // the engine's verdict
    QString ineligibleReason; // shown when not eligible
    // The base tip the reviewer reviewed against; when set and the base has moved
    // since, the promotion is refused as RefMoved. Unset: the base as read now.
    std::optional<git_oid> expectedBase;
};

struct Promotion {
    enum class Kind {
        FastForward,
        MergeCommit,
        AlreadyMerged, // the base already contains the branch; nothing changed
    };
    Kind kind = Kind::FastForward;
    git_oid oldBase {};
    git_oid newBase {};
};

class Promoter {
public:
    explicit Promoter(const Repository &repo);

    GitResult<Promotion> promote(const PromotionRequest &request) const;

private:
    const Repository &m_repo;
};

} // namespace Autopack::Git
