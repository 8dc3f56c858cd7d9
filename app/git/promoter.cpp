#include "promoter.h"

#include "candidatewriter.h"
#include "gitlog.h"
#include "integrationbranch.h"
#include "repository.h"

#include <QScopeGuard>

namespace Autopack::Git {

Promoter::Promoter(const Repository &repo)
    : m_repo(repo)
{
}

GitResult<Promotion> Promoter::promote(const PromotionRequest &request) const
{
    const QString operation
        = QStringLiteral("promote %1 into %2").arg(IntegrationBranch::branchName(request.runId), request.baseBranch);
    auto refuse = [&](GitError::Kind kind, const QString &why, const QStringList &paths = {}) {
        return std::unexpected(GitError::refusal(kind, operation, why, paths));
    };
    if (auto ok = validateRefComponent(QStringLiteral("run_id"), request.runId); !ok)
        return std::unexpected(ok.error());
    if (!request.eligible) {
        return refuse(GitError::Kind::Refused,
            QStringLiteral("run %1 is not eligible for promotion: %2")
                .arg(request.runId,
                    request.ineligibleReason.isEmpty() ? QStringLiteral("no reason given") : request.ineligibleReason));
    }
    const auto dropPending = qScopeGuard([this] { m_repo.discardPendingObjects(); });
    const QString baseRef = QStringLiteral("refs/heads/") + request.baseBranch;
    const QByteArray baseRefName = baseRef.toUtf8();
    git_reference *rawRef = nullptr;
    if (git_reference_lookup(&rawRef, m_repo.get(), baseRefName.constData()) < 0) {
        git_error_clear();
        return refuse(
            GitError::Kind::NotFound, QStringLiteral("base branch '%1' does not exist").arg(request.baseBranch));
    }
    ReferencePtr ref(rawRef);
    if (!m_repo.isBare() && git_branch_is_checked_out(ref.get()) == 1) {
        return refuse(GitError::Kind::Refused,
            QStringLiteral("base branch '%1' is checked out in a working tree; Autopack does not touch working "
                           "trees or indexes, so check out another branch there and promote again")
                .arg(request.baseBranch));
    }
    auto currentBase = m_repo.refTarget(baseRef);
    if (!currentBase)
        return std::unexpected(currentBase.error());
    Promotion result;
    result.oldBase = *currentBase;
    if (request.expectedBase && !git_oid_equal(&*request.expectedBase, &*currentBase)) {
        return refuse(GitError::Kind::RefMoved,
            QStringLiteral("base branch '%1' moved from %2 to %3 since the review; review again")
                .arg(request.baseBranch, oidToString(*request.expectedBase), oidToString(*currentBase)));
    }
    auto tip = IntegrationBranch(m_repo, request.runId).tip();
    if (!tip)
        return std::unexpected(tip.error());

    if (m_repo.isAncestor(*tip, *currentBase)) {
        result.kind = Promotion::Kind::AlreadyMerged;
        result.newBase = *currentBase;
        return result;
    }
    git_oid target = *tip;
    result.kind = Promotion::Kind::FastForward;
    if (!m_repo.isAncestor(*currentBase, *tip)) {
        git_oid mergeBase;
        if (int rc = git_merge_base(&mergeBase, m_repo.get(), &*currentBase, &*tip); rc < 0)
            return fail(rc, operation);
        auto ancestorTree = m_repo.treeOf(mergeBase);
        auto baseTree = m_repo.treeOf(*currentBase);
        auto tipTree = m_repo.treeOf(*tip);
        if (!ancestorTree || !baseTree || !tipTree)
            return std::unexpected(!ancestorTree ? ancestorTree.error()
                    : !baseTree                  ? baseTree.error()
                                                 : tipTree.error());
        auto merged = mergeTrees(m_repo, ancestorTree->get(), baseTree->get(), tipTree->get(), operation);
        if (!merged)
            return std::unexpected(merged.error());
        git_tree *rawTree = nullptr;
        if (int rc = git_tree_lookup(&rawTree, m_repo.get(), &*merged); rc < 0)
            return fail(rc, operation);
        TreePtr tree(rawTree);
        auto baseCommit = m_repo.commit(*currentBase);
        auto tipCommit = m_repo.commit(*tip);
        if (!baseCommit || !tipCommit)
            return std::unexpected(!baseCommit ? baseCommit.error() : tipCommit.error());
        auto sig = m_repo.signature();
        if (!sig)
            return std::unexpected(sig.error());
        const QByteArray message
            = QStringLiteral("Merge %1 into %2\n\nAutopack-Run: %3\n")
                  .arg(IntegrationBranch::branchName(request.runId), request.baseBranch, request.runId)
                  .toUtf8();
        const git_commit *parents[] = { baseCommit->get(), tipCommit->get() };
        if (int rc = git_commit_create(&target, m_repo.get(), nullptr, sig->get(), sig->get(), nullptr,
                message.constData(), tree.get(), 2, parents);
            rc < 0)
            return fail(rc, operation);
        result.kind = Promotion::Kind::MergeCommit;
    }
    const int rc = m_repo.setRef(baseRef, target, &*currentBase,
        QStringLiteral("autopack: promote %1").arg(IntegrationBranch::branchName(request.runId)));
    if (rc == GIT_EMODIFIED || rc == GIT_ENOTFOUND) {
        git_error_clear();
        return refuse(GitError::Kind::RefMoved,
            QStringLiteral("base branch '%1' moved while promoting (expected %2); nothing was overwritten")
                .arg(request.baseBranch, oidToString(*currentBase)));
    }
    if (rc < 0)
        return fail(rc, operation);
    result.newBase = target;
    qCInfo(lcGit) << "promoted" << IntegrationBranch::branchName(request.runId) << "into" << request.baseBranch
                  << (result.kind == Promotion::Kind::FastForward ? "by fast-forward" : "with a merge commit");
    return result;
}

} // namespace Autopack::Git
