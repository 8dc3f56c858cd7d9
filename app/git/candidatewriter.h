#pragma once

// Turns an agent's patch into a candidate commit (SPEC §3). A builder patch goes on
// top of the integration tip of its run; an auditor patch stacks on the builder's
// candidate of the same attempt. The patch is applied to the tree of its own base
// commit (no fuzz), and when the tip has moved on since that base, merged three-way
// onto the tip; a conflict is refused with the conflicting paths. The commit carries
// the trailers Autopack-Run, Autopack-Phase, Autopack-Role (and Autopack-Attempt) and
// is kept under refs/autopack/candidates/<run_id>/<phase_id>/<attempt>:
//   - builder: the ref is created and must not exist yet (every attempt its own ref);
//   - auditor: the ref moves from the builder's commit to the stacked one with
//     compare-and-swap, so the builder's commit stays reachable as its parent.
// A refused patch creates and moves no ref; objects it may have written stay
// unreferenced.

#include "githandles.h"
#include "scopepolicy.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace Autopack::Git {

class Repository;

enum class PatchRole { Builder, Auditor };
QString toString(PatchRole role); // "builder" | "auditor"

struct CandidateRequest {
    QString runId;
    QString phaseId;
    int attempt = 1; // 1-based
    PatchRole role = PatchRole::Builder;
    QByteArray patch;
    // The commit the patch was made against; it must be the tip or one of its
    // ancestors. Unset: the tip the patch goes onto.
    std::optional<git_oid> baseCommit;
    QString summary; // first line of the commit message; a default names phase and attempt
};

struct Candidate {
    git_oid commit {};
    git_oid parent {}; // the tip it was put on
    git_oid base {}; // the patch's base commit
    QString ref;
    QStringList paths;
    bool merged = false; // the tip had moved on; a three-way merge made the tree
};

class CandidateWriter {
public:
    CandidateWriter(const Repository &repo, const ScopePolicy &policy);

    GitResult<Candidate> write(const CandidateRequest &request) const;

    static QString candidateRef(const QString &runId, const QString &phaseId, int attempt);

private:
    const Repository &m_repo;
    ScopePolicy m_policy;
};

// Three-way merge of trees: `ours` and `theirs` both descend from `ancestor`.
// Conflicts are refused as GitError::Conflict listing every conflicting path.
// Shared by candidates (patch onto a moved tip) and promotion.
GitResult<git_oid> mergeTrees(
    const Repository &repo, git_tree *ancestor, git_tree *ours, git_tree *theirs, const QString &operation);

} // namespace Autopack::Git
