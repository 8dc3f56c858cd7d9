#pragma once

// The per-run integration branch refs/heads/autonomous/<run_id> (SPEC §3): created
// from the project's base branch when the run is created, moved only forward and only
// with compare-and-swap, snapshot-tagged after each green phase, and the owner of the
// run's candidate refs when the run is finished.

#include "githandles.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace Autopack::Git {

class Repository;

struct IntegrationCommit {
    git_oid id {};
    QString summary;
    QString run; // trailer values; empty for a commit without them
    QString phase;
    QString role; // "builder" | "auditor" | ""
};

struct IntegrationStatus {
    QString branch; // "autonomous/<run_id>"
    QString baseBranch;
    git_oid tip {};
    git_oid base {}; // the base branch tip
    size_t ahead = 0; // commits on the branch not on the base
    size_t behind = 0; // commits on the base not on the branch
    QList<IntegrationCommit> commits; // ahead commits, newest first
};

struct PruneResult {
    QStringList deleted; // full ref names
    QStringList kept; // unmerged and not discarded
};

class IntegrationBranch {
public:
    IntegrationBranch(const Repository &repo, const QString &runId);

    static QString branchName(const QString &runId); // "autonomous/<run_id>"
    static QString refName(const QString &runId); // "refs/heads/autonomous/<run_id>"
    static QString snapshotTagName(const QString &runId, const QString &tierId, const QString &phaseId);

    // Creates the branch at the tip of `baseBranch`. Idempotent: an existing branch
    // that shares history with the base (it descends from the base, or the base moved
    // on since) is returned as it is; one with unrelated history is refused.
    GitResult<git_oid> create(const QString &baseBranch) const;

    GitResult<git_oid> tip() const;

    // Moves the branch from `expectedTip` to `candidate` (which must descend from it)
    // with compare-and-swap: when the branch no longer points at `expectedTip`, nothing
    // changes and the error is RefMoved.
    GitResult<void> advance(const git_oid &expectedTip, const git_oid &candidate) const;

    // Annotated tag autonomous/<run_id>/tier-<tier_id>/phase-<phase_id> on the
    // current tip. Idempotent when the tag already points at the tip; refused when it
    // points elsewhere.
    GitResult<QString> tagSnapshot(const QString &tierId, const QString &phaseId, const QString &message = {}) const;

    GitResult<IntegrationStatus> status(const QString &baseBranch) const;

    // Deletes the run's candidate refs that are merged into the branch or that a
    // reviewer discarded (`discarded` holds "<phase_id>/<attempt>"); every other
    // candidate, unmerged and not discarded, is kept. For finished runs.
    GitResult<PruneResult> pruneCandidates(const QSet<QString> &discarded) const;

private:
    GitResult<void> validate() const;

    const Repository &m_repo;
    QString m_runId;
};

} // namespace Autopack::Git
