#include "integrationbranch.h"

#include "gitlog.h"
#include "repository.h"

namespace Autopack::Git {

IntegrationBranch::IntegrationBranch(const Repository &repo, const QString &runId)
    : m_repo(repo)
    , m_runId(runId)
{
}

QString IntegrationBranch::branchName(const QString &runId)
{
    return QStringLiteral("autonomous/") + runId;
}

QString IntegrationBranch::refName(const QString &runId)
{
    return QStringLiteral("refs/heads/autonomous/") + runId;
}

QString IntegrationBranch::snapshotTagName(const QString &runId, const QString &tierId, const QString &phaseId)
{
    return QStringLiteral("autonomous/%1/tier-%2/phase-%3").arg(runId, tierId, phaseId);
}

GitResult<void> IntegrationBranch::validate() const
{
    return validateRefComponent(QStringLiteral("run_id"), m_runId);
}

GitResult<git_oid> IntegrationBranch::create(const QString &baseBranch) const
{
    if (auto ok = validate(); !ok)
        return std::unexpected(ok.error());
    const QString operation
        = QStringLiteral("create integration branch %1 from %2").arg(branchName(m_runId), baseBranch);
    auto baseTip = m_repo.branchTip(baseBranch);
    if (!baseTip)
        return std::unexpected(GitError::refusal(
            GitError::Kind::NotFound, operation, QStringLiteral("base branch '%1' does not exist").arg(baseBranch)));
    const int rc
        = m_repo.setRef(refName(m_runId), *baseTip, nullptr, QStringLiteral("autopack: integration branch created"));
    if (rc == 0) {
        qCInfo(lcGit) << "created" << branchName(m_runId) << "at" << oidToString(*baseTip);
        return *baseTip;
    }
    if (rc != GIT_EEXISTS)
        return fail(rc, operation);
    git_error_clear();
    // Exists already (a restarted run, or a concurrent creation): fine when it shares
    // history with the base.
    auto current = tip();
    if (!current)
        return std::unexpected(current.error());
    git_oid mergeBase;
    if (git_merge_base(&mergeBase, m_repo.get(), &*current, &*baseTip) < 0) {
        git_error_clear();
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
            QStringLiteral("branch %1 already exists at %2 with history unrelated to '%3'; delete or rename it")
                .arg(branchName(m_runId), oidToString(*current), baseBranch)));
    }
    return *current;
}

GitResult<git_oid> IntegrationBranch::tip() const
{
    if (auto ok = validate(); !ok)
        return std::unexpected(ok.error());
    auto t = m_repo.refTarget(refName(m_runId));
    if (!t)
        return std::unexpected(GitError::refusal(GitError::Kind::NotFound, QStringLiteral("read integration tip"),
            QStringLiteral("integration branch %1 does not exist").arg(branchName(m_runId))));
    return *t;
}

GitResult<void> IntegrationBranch::advance(const git_oid &expectedTip, const git_oid &candidate) const
{
    if (auto ok = validate(); !ok)
        return std::unexpected(ok.error());
    const QString operation = QStringLiteral("advance %1 to %2").arg(branchName(m_runId), oidToString(candidate));
    if (auto c = m_repo.commit(candidate); !c)
        return std::unexpected(c.error());
    if (!m_repo.isAncestor(expectedTip, candidate)) {
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
            QStringLiteral("candidate %1 does not descend from %2; the branch only moves forward")
                .arg(oidToString(candidate), oidToString(expectedTip))));
    }
    const int rc
        = m_repo.setRef(refName(m_runId), candidate, &expectedTip, QStringLiteral("autopack: advance to candidate"));
    if (rc == GIT_EMODIFIED || rc == GIT_ENOTFOUND) {
        git_error_clear();
        auto now = m_repo.refTarget(refName(m_runId));
        return std::unexpected(GitError::refusal(GitError::Kind::RefMoved, operation,
            QStringLiteral("%1 is at %2, not at the expected %3: it moved meanwhile; nothing was changed")
                .arg(branchName(m_runId), now ? oidToString(*now) : QStringLiteral("(deleted)"),
                    oidToString(expectedTip))));
    }
    if (rc < 0)
        return fail(rc, operation);
    qCInfo(lcGit) << "advanced" << branchName(m_runId) << "to" << oidToString(candidate);
    return {};
}

GitResult<QString> IntegrationBranch::tagSnapshot(
    const QString &tierId, const QString &phaseId, const QString &message) const
{
    if (auto ok = validate(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = validateRefComponent(QStringLiteral("tier_id"), tierId); !ok)
        return std::unexpected(ok.error());
    if (auto ok = validateRefComponent(QStringLiteral("phase_id"), phaseId); !ok)
        return std::unexpected(ok.error());
    const QString name = snapshotTagName(m_runId, tierId, phaseId);
    const QString operation = QStringLiteral("create snapshot tag %1").arg(name);
    auto t = tip();
    if (!t)
        return std::unexpected(t.error());
    git_object *rawTarget = nullptr;
    if (int rc = git_object_lookup(&rawTarget, m_repo.get(), &*t, GIT_OBJECT_COMMIT); rc < 0)
        return fail(rc, operation);
    ObjectPtr target(rawTarget);
    auto sig = m_repo.signature();
    if (!sig)
        return std::unexpected(sig.error());
    const QByteArray text = (message.isEmpty()
            ? QStringLiteral("Snapshot of run %1 after tier %2, phase %3\n").arg(m_runId, tierId, phaseId)
            : message + u'\n')
                                .toUtf8();
    const QByteArray tagName = name.toUtf8();
    const QString tagRef = QStringLiteral("refs/tags/") + name;
    const QByteArray tagRefName = tagRef.toUtf8();
    auto existingTarget = [&]() -> GitResult<git_oid> {
        git_reference *rawRef = nullptr;
        if (int lrc = git_reference_lookup(&rawRef, m_repo.get(), tagRefName.constData()); lrc < 0)
            return fail(lrc, operation);
        ReferencePtr existingRef(rawRef);
        git_object *rawExisting = nullptr;
        if (int prc = git_reference_peel(&rawExisting, existingRef.get(), GIT_OBJECT_COMMIT); prc < 0)
            return fail(prc, operation);
        ObjectPtr existing(rawExisting);
        return *git_object_id(existing.get());
    };
    auto clash = [&](const git_oid &on) {
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
            QStringLiteral("tag %1 already exists on %2, not on the tip %3")
                .arg(name, oidToString(on), oidToString(*t))));
    };
    if (auto existing = existingTarget(); existing) {
        if (git_oid_equal(&*existing, &*t))
            return name;
        return clash(*existing);
    }
    git_error_clear();
    // The tag object first, then its ref (which stores the object before pointing at it).
    git_oid tagId;
    if (int rc = git_tag_annotation_create(
            &tagId, m_repo.get(), tagName.constData(), target.get(), sig->get(), text.constData());
        rc < 0)
        return fail(rc, operation);
    const int rc = m_repo.setRef(tagRef, tagId, nullptr, QStringLiteral("autopack: snapshot"));
    if (rc == GIT_EEXISTS) {
        git_error_clear();
        auto existing = existingTarget();
        if (existing && git_oid_equal(&*existing, &*t))
            return name;
        return existing ? clash(*existing) : std::unexpected(existing.error());
    }
    if (rc < 0)
        return fail(rc, operation);
    return name;
}

GitResult<IntegrationStatus> IntegrationBranch::status(const QString &baseBranch) const
{
    const QString operation = QStringLiteral("integration status of %1").arg(branchName(m_runId));
    IntegrationStatus st;
    st.branch = branchName(m_runId);
    st.baseBranch = baseBranch;
    auto t = tip();
    if (!t)
        return std::unexpected(t.error());
    st.tip = *t;
    auto b = m_repo.branchTip(baseBranch);
    if (!b)
        return std::unexpected(GitError::refusal(
            GitError::Kind::NotFound, operation, QStringLiteral("base branch '%1' does not exist").arg(baseBranch)));
    st.base = *b;
    if (int rc = git_graph_ahead_behind(&st.ahead, &st.behind, m_repo.get(), &st.tip, &st.base); rc < 0)
        return fail(rc, operation);

    git_revwalk *rawWalk = nullptr;
    if (int rc = git_revwalk_new(&rawWalk, m_repo.get()); rc < 0)
        return fail(rc, operation);
    RevwalkPtr walk(rawWalk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    if (int rc = git_revwalk_push(walk.get(), &st.tip); rc < 0)
        return fail(rc, operation);
    if (int rc = git_revwalk_hide(walk.get(), &st.base); rc < 0)
        return fail(rc, operation);
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0) {
        auto c = m_repo.commit(id);
        if (!c)
            return std::unexpected(c.error());
        IntegrationCommit ic;
        ic.id = id;
        ic.summary = QString::fromUtf8(git_commit_summary(c->get()));
        git_message_trailer_array trailers {};
        if (git_message_trailers(&trailers, git_commit_message(c->get())) == 0) {
            for (size_t i = 0; i < trailers.count; ++i) {
                const QByteArray key(trailers.trailers[i].key);
                const QString value = QString::fromUtf8(trailers.trailers[i].value).trimmed();
                if (key == "Autopack-Run")
                    ic.run = value;
                else if (key == "Autopack-Phase")
                    ic.phase = value;
                else if (key == "Autopack-Role")
                    ic.role = value;
            }
            git_message_trailer_array_free(&trailers);
        }
        st.commits.append(ic);
    }
    git_error_clear();
    return st;
}

GitResult<PruneResult> IntegrationBranch::pruneCandidates(const QSet<QString> &discarded) const
{
    if (auto ok = validate(); !ok)
        return std::unexpected(ok.error());
    const QString operation = QStringLiteral("prune candidates of run %1").arg(m_runId);
    auto t = tip();
    if (!t)
        return std::unexpected(t.error());
    const QString prefix = QStringLiteral("refs/autopack/candidates/%1/").arg(m_runId);
    const QByteArray glob = (prefix + QStringLiteral("*")).toUtf8();
    git_reference_iterator *rawIt = nullptr;
    if (int rc = git_reference_iterator_glob_new(&rawIt, m_repo.get(), glob.constData()); rc < 0)
        return fail(rc, operation);
    ReferenceIteratorPtr it(rawIt);
    QList<std::pair<QString, git_oid>> refs;
    git_reference *rawRef = nullptr;
    while (git_reference_next(&rawRef, it.get()) == 0) {
        ReferencePtr ref(rawRef);
        if (const git_oid *target = git_reference_target(ref.get()))
            refs.append({ QString::fromUtf8(git_reference_name(ref.get())), *target });
    }
    git_error_clear();
    PruneResult result;
    for (const auto &[name, target] : refs) {
        const QString key = name.mid(prefix.size()); // "<phase_id>/<attempt>"
        const bool merged = m_repo.isAncestor(target, *t);
        if (!merged && !discarded.contains(key)) {
            result.kept << name;
            continue;
        }
        git_reference *raw = nullptr;
        const QByteArray n = name.toUtf8();
        if (int rc = git_reference_lookup(&raw, m_repo.get(), n.constData()); rc < 0)
            return fail(rc, operation);
        ReferencePtr ref(raw);
        if (int rc = git_reference_delete(ref.get()); rc < 0)
            return fail(rc, operation);
        result.deleted << name;
    }
    return result;
}

} // namespace Autopack::Git
