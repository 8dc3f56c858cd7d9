#pragma once

// What the review panel shows: one comparison of two revisions of a project's
// repository, named for the reviewer. A phase offers its candidate (builder commit
// plus auditor patches together), its latest commit alone, each attempt, and each
// attempt against the one before (what the builder changed since the rejection); a
// run offers its whole integration branch against its merge base with the base branch.
//
// Plain values: compute() runs on any thread (ReviewDiff opens its own repository).

#include "diffmodel.h"
#include "domain.h"
#include "giterror.h"

#include <QList>
#include <QString>

#include <stop_token>

namespace Autopack::Ui {

struct ReviewSource {
    enum class Kind {
        PhaseCandidate, // phase base .. candidate: every commit of the attempt together
        PhaseLatestCommit, // the candidate commit against its parent
        Attempt, // attempt n's candidate ref against its fork point on the integration branch
        AttemptComparison, // attempt n-1's candidate ref .. attempt n's
        RunBranch, // integration branch against its merge base with the base branch
        Commit, // one commit of the candidate (builder's or an auditor patch) against its parent
    };

    Kind kind = Kind::PhaseCandidate;
    QString label;
    QString repositoryPath;
    QString runId;
    QString phaseId; // empty for RunBranch
    int attempt = 0; // Attempt, AttemptComparison: the newer attempt
    int olderAttempt = 0; // AttemptComparison
    QString oldRevision; // the revisions compared (for RunBranch: the base branch)
    QString newRevision;
    // The candidate an approval from this view is bound to (phase kinds).
    QString candidateCommit;

    static QString candidateRef(const QString &runId, const QString &phaseId, int attempt);

    // The choices for a phase, candidate first; empty when it has no candidate yet.
    static QList<ReviewSource> forPhase(const Project &project, const Run &run, const Phase &phase);
    static ReviewSource forRun(const Project &project, const Run &run);

    // For a PhaseCandidate: its commits, newest first, from the candidate back to (not
    // including) the phase's base along first parents, at most `limit`; one Commit source
    // each. Computed like the diff, off the GUI thread.
    Git::GitResult<QList<ReviewSource>> commits(std::stop_token stop = {}, int limit = 50) const;

    // The diff; a stop request ends it with a Refused "cancelled" error.
    Git::GitResult<Git::DiffSet> compute(std::stop_token stop = {}) const;

    friend bool operator==(const ReviewSource &, const ReviewSource &) = default;
};

} // namespace Autopack::Ui
