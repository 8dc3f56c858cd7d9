#include "repository.h"

#include <chrono>
#include <thread>

namespace Autopack::Git {

GitResult<Repository> Repository::open(const QString &path)
{
    Libgit2::ensureInitialised();
    git_repository *raw = nullptr;
    const QByteArray p = path.toUtf8();
    if (int rc = git_repository_open_ext(&raw, p.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr); rc < 0)
        return fail(rc, QStringLiteral("open repository %1").arg(path));
    RepositoryPtr repo(raw);
    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, repo.get()); rc < 0)
        return fail(rc, QStringLiteral("open object database of %1").arg(path));
    OdbPtr odb(rawOdb);
    auto batch = ObjectBatch::attach(odb.get());
    if (!batch)
        return std::unexpected(batch.error());
    return Repository(std::move(repo), std::move(odb), *batch);
}

bool Repository::isBare() const
{
    return git_repository_is_bare(m_repo.get()) == 1;
}

QString Repository::gitDir() const
{
    return QString::fromUtf8(git_repository_path(m_repo.get()));
}

GitResult<CommitPtr> Repository::commit(const git_oid &id) const
{
    git_commit *raw = nullptr;
    if (int rc = git_commit_lookup(&raw, m_repo.get(), &id); rc < 0)
        return fail(rc, QStringLiteral("look up commit %1").arg(oidToString(id)));
    return CommitPtr(raw);
}

GitResult<TreePtr> Repository::treeOf(const git_oid &commitId) const
{
    auto c = commit(commitId);
    if (!c)
        return std::unexpected(c.error());
    git_tree *raw = nullptr;
    if (int rc = git_commit_tree(&raw, c->get()); rc < 0)
        return fail(rc, QStringLiteral("read tree of commit %1").arg(oidToString(commitId)));
    return TreePtr(raw);
}

GitResult<git_oid> Repository::branchTip(const QString &branch) const
{
    return refTarget(QStringLiteral("refs/heads/") + branch);
}

GitResult<git_oid> Repository::refTarget(const QString &refName) const
{
    git_oid id;
    const QByteArray name = refName.toUtf8();
    if (int rc = git_reference_name_to_id(&id, m_repo.get(), name.constData()); rc < 0)
        return fail(rc, QStringLiteral("resolve %1").arg(refName));
    return id;
}

bool Repository::isAncestor(const git_oid &ancestor, const git_oid &descendant) const
{
    if (git_oid_equal(&ancestor, &descendant))
        return true;
    return git_graph_descendant_of(m_repo.get(), &descendant, &ancestor) == 1;
}

GitResult<git_oid> Repository::writeObject(git_object_t type, const char *data, size_t size) const
{
    return m_batch->add(type, data, size);
}

GitResult<void> Repository::flushObjects() const
{
    return m_batch->flush(QString::fromUtf8(git_repository_commondir(m_repo.get())) + QStringLiteral("objects"));
}

void Repository::discardPendingObjects() const
{
    m_batch->discard();
}

int Repository::setRef(
    const QString &refName, const git_oid &id, const git_oid *expected, const QString &logMessage) const
{
    if (auto stored = flushObjects(); !stored)
        return stored.error().code < 0 ? stored.error().code : -1;
    const QByteArray name = refName.toUtf8();
    const QByteArray log = logMessage.toUtf8();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (;;) {
        // "Must not exist" is checked under the ref's lock too (libgit2 compares a
        // zero expected id with the ref it finds once locked), unlike
        // git_reference_create(force = 0), which checks before locking and so lets a
        // concurrent creation be overwritten.
        static const git_oid absent {};
        git_reference *raw = nullptr;
        int rc = git_reference_create_matching(&raw, m_repo.get(), name.constData(), &id, 1,
                                               expected ? expected : &absent, log.constData());
        if (!expected && rc == GIT_EMODIFIED)
            rc = GIT_EEXISTS;
        git_reference_free(raw);
        if (rc != GIT_ELOCKED || std::chrono::steady_clock::now() > deadline) {
            // Stored and referenced now: the in-memory copies are only a cache.
            m_batch->discard();
            return rc;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
}

GitResult<SignaturePtr> Repository::signature() const
{
    git_signature *raw = nullptr;
    if (int rc = git_signature_now(&raw, "Autopack", "autopack@localhost"); rc < 0)
        return fail(rc, QStringLiteral("create signature"));
    return SignaturePtr(raw);
}

GitResult<void> validateRefComponent(const QString &field, const QString &value)
{
    auto refuse = [&](const QString &why) {
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, QStringLiteral("validate %1").arg(field),
            QStringLiteral("%1 '%2' %3").arg(field, value, why)));
    };
    if (value.isEmpty())
        return refuse(QStringLiteral("is empty"));
    if (value.size() > 200)
        return refuse(QStringLiteral("is longer than 200 characters"));
    for (QChar c : value) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.'
            || c == u'_' || c == u'-';
        if (!ok)
            return refuse(QStringLiteral("contains '%1'; only letters, digits, '.', '_' and '-' are allowed").arg(c));
    }
    if (value.startsWith(u'.') || value.startsWith(u'-'))
        return refuse(QStringLiteral("must not start with '.' or '-'"));
    if (value.contains(QStringLiteral("..")))
        return refuse(QStringLiteral("must not contain '..'"));
    if (value.endsWith(QStringLiteral(".lock")))
        return refuse(QStringLiteral("must not end with '.lock'"));
    return {};
}

} // namespace Autopack::Git
