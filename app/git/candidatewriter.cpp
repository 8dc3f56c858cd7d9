#include "candidatewriter.h"

#include "gitlog.h"
#include "integrationbranch.h"
#include "patchapplier.h"
#include "repository.h"

#include <QScopeGuard>

namespace Autopack::Git {

QString toString(PatchRole role)
{
    return role == PatchRole::Builder ? QStringLiteral("builder") : QStringLiteral("auditor");
}

CandidateWriter::CandidateWriter(const Repository &repo, const ScopePolicy &policy)
    : m_repo(repo)
    , m_policy(policy)
{
}

QString CandidateWriter::candidateRef(const QString &runId, const QString &phaseId, int attempt)
{
    return QStringLiteral("refs/autopack/candidates/%1/%2/%3").arg(runId, phaseId).arg(attempt);
}

GitResult<git_oid> mergeTrees(
    const Repository &repo, git_tree *ancestor, git_tree *ours, git_tree *theirs, const QString &operation)
{
    git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
    git_index *rawIndex = nullptr;
    if (int rc = git_merge_trees(&rawIndex, repo.get(), ancestor, ours, theirs, &opts); rc < 0)
        return fail(rc, operation);
    IndexPtr index(rawIndex);
    if (git_index_has_conflicts(index.get())) {
        QStringList paths;
        git_index_conflict_iterator *rawIt = nullptr;
        if (int rc = git_index_conflict_iterator_new(&rawIt, index.get()); rc < 0)
            return fail(rc, operation);
        const git_index_entry *a = nullptr, *o = nullptr, *t = nullptr;
        while (git_index_conflict_next(&a, &o, &t, rawIt) == 0) {
            const git_index_entry *e = o ? o : (t ? t : a);
            const QString p = QString::fromUtf8(e->path);
            if (!paths.contains(p))
                paths << p;
        }
        git_index_conflict_iterator_free(rawIt);
        return std::unexpected(GitError::refusal(GitError::Kind::Conflict, operation,
            QStringLiteral("conflicting paths: %1").arg(paths.join(QStringLiteral(", "))), paths));
    }
    git_oid tree;
    if (int rc = git_index_write_tree_to(&tree, index.get(), repo.get()); rc < 0)
        return fail(rc, operation);
    return tree;
}

GitResult<Candidate> CandidateWriter::write(const CandidateRequest &request) const
{
    const QString operation = QStringLiteral("write %1 candidate for run %2, phase %3, attempt %4")
                                  .arg(toString(request.role), request.runId, request.phaseId)
                                  .arg(request.attempt);
    auto refuse = [&](GitError::Kind kind, const QString &why, const QStringList &paths = {}) {
        return std::unexpected(GitError::refusal(kind, operation, why, paths));
    };
    for (const auto &[field, value] : { std::pair { QStringLiteral("run_id"), request.runId },
             std::pair { QStringLiteral("phase_id"), request.phaseId } }) {
        if (auto ok = validateRefComponent(field, value); !ok)
            return std::unexpected(ok.error());
    }
    if (request.attempt < 1)
        return refuse(
            GitError::Kind::Refused, QStringLiteral("attempt must be 1 or more, not %1").arg(request.attempt));
    // Size first: a huge patch is refused before any repository work.
    if (auto ok = m_policy.checkSize(request.patch.size()); !ok)
        return std::unexpected(ok.error());

    // Whatever this call leaves pending (a refusal's blobs and trees) is dropped on
    // return; a success has flushed its objects before creating the ref.
    const auto dropPending = qScopeGuard([this] { m_repo.discardPendingObjects(); });

    const QString ref = candidateRef(request.runId, request.phaseId, request.attempt);
    const QByteArray refName = ref.toUtf8();

    // The tip the candidate goes onto.
    git_oid tip;
    if (request.role == PatchRole::Builder) {
        auto t = m_repo.refTarget(IntegrationBranch::refName(request.runId));
        if (!t) {
            return refuse(GitError::Kind::NotFound,
                QStringLiteral("integration branch %1 does not exist; create it when the run is created")
                    .arg(IntegrationBranch::branchName(request.runId)));
        }
        tip = *t;
        git_reference *existing = nullptr;
        if (git_reference_lookup(&existing, m_repo.get(), refName.constData()) == 0) {
            git_reference_free(existing);
            return refuse(GitError::Kind::Refused,
                QStringLiteral("%1 already exists: attempt %2 of phase %3 was already submitted")
                    .arg(ref)
                    .arg(request.attempt)
                    .arg(request.phaseId));
        }
        git_error_clear();
    } else {
        auto t = m_repo.refTarget(ref);
        if (!t) {
            return refuse(GitError::Kind::NotFound,
                QStringLiteral("no builder candidate %1 to stack the auditor patch on").arg(ref));
        }
        tip = *t;
    }

    const git_oid base = request.baseCommit.value_or(tip);
    if (!m_repo.isAncestor(base, tip)) {
        return refuse(GitError::Kind::Refused,
            QStringLiteral("base commit %1 is not the tip %2 or one of its ancestors")
                .arg(oidToString(base), oidToString(tip)));
    }
    auto baseTree = m_repo.treeOf(base);
    if (!baseTree)
        return std::unexpected(baseTree.error());

    auto applied = PatchApplier(m_repo, m_policy).apply(request.patch, baseTree->get());
    if (!applied)
        return std::unexpected(applied.error());

    Candidate candidate;
    candidate.parent = tip;
    candidate.base = base;
    candidate.ref = ref;
    candidate.paths = applied->paths;
    git_oid treeId = applied->tree;
    auto tipTree = m_repo.treeOf(tip);
    if (!tipTree)
        return std::unexpected(tipTree.error());
    if (!git_oid_equal(&base, &tip)) {
        git_tree *rawApplied = nullptr;
        if (int rc = git_tree_lookup(&rawApplied, m_repo.get(), &applied->tree); rc < 0)
            return fail(rc, operation);
        TreePtr appliedTree(rawApplied);
        auto merged = mergeTrees(m_repo, baseTree->get(), tipTree->get(), appliedTree.get(),
            QStringLiteral("merge the patch (made on %1) onto the tip %2")
                .arg(oidToString(base).left(12), oidToString(tip).left(12)));
        if (!merged)
            return std::unexpected(merged.error());
        treeId = *merged;
        candidate.merged = true;
    }
    if (git_oid_equal(&treeId, git_tree_id(tipTree->get())))
        return refuse(
            GitError::Kind::Refused, QStringLiteral("the patch changes nothing on the tip %1").arg(oidToString(tip)));

    git_tree *rawTree = nullptr;
    if (int rc = git_tree_lookup(&rawTree, m_repo.get(), &treeId); rc < 0)
        return fail(rc, operation);
    TreePtr tree(rawTree);
    auto parent = m_repo.commit(tip);
    if (!parent)
        return std::unexpected(parent.error());
    auto sig = m_repo.signature();
    if (!sig)
        return std::unexpected(sig.error());

    QString summary = request.summary.section(u'\n', 0, 0).trimmed();
    if (summary.isEmpty())
        summary = QStringLiteral("%1 patch for phase %2 (attempt %3)")
                      .arg(request.role == PatchRole::Builder ? QStringLiteral("Builder") : QStringLiteral("Auditor"),
                          request.phaseId)
                      .arg(request.attempt);
    const QByteArray message = QStringLiteral("%1\n\nAutopack-Run: %2\nAutopack-Phase: %3\nAutopack-Role: %4\n"
                                              "Autopack-Attempt: %5\nAutopack-Base: %6\n")
                                   .arg(summary, request.runId, request.phaseId, toString(request.role))
                                   .arg(request.attempt)
                                   .arg(oidToString(base))
                                   .toUtf8();
    const git_commit *parents[] = { parent->get() };
    Buf commitBuffer;
    if (int rc = git_commit_create_buffer(commitBuffer.get(), m_repo.get(), sig->get(), sig->get(), nullptr,
            message.constData(), tree.get(), 1, parents);
        rc < 0)
        return fail(rc, operation);
    auto commitId = m_repo.writeObject(GIT_OBJECT_COMMIT, commitBuffer.get()->ptr, commitBuffer.get()->size);
    if (!commitId)
        return std::unexpected(commitId.error());
    candidate.commit = *commitId;

    const int rc = m_repo.setRef(ref, candidate.commit, request.role == PatchRole::Builder ? nullptr : &tip,
        QStringLiteral("autopack: %1 candidate").arg(toString(request.role)));
    if (rc == GIT_EEXISTS)
        return refuse(GitError::Kind::RefMoved, QStringLiteral("%1 was created by a concurrent submission").arg(ref));
    if (rc == GIT_EMODIFIED || rc == GIT_ENOTFOUND)
        return refuse(
            GitError::Kind::RefMoved, QStringLiteral("%1 moved while the auditor patch was applied").arg(ref));
    if (rc < 0)
        return fail(rc, operation);
    qCInfo(lcGit) << "candidate" << oidToString(candidate.commit) << "at" << ref
                  << (candidate.merged ? "(merged)" : "");
    return candidate;
}

} // namespace Autopack::Git
