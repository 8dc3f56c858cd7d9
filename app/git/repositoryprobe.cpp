#include "repositoryprobe.h"

#include "githandles.h"

#include <QDir>
#include <QFileInfo>

namespace Autopack::Git {

GitResult<RepositoryInfo> probeRepository(const QString &path, const QString &baseBranch)
{
    Libgit2::ensureInitialised();
    const QString operation = QStringLiteral("open repository %1").arg(path);
    if (!QFileInfo(path).isDir())
        return std::unexpected(GitError::refusal(GitError::Kind::NotFound, operation,
                                                 QStringLiteral("%1 is not a directory").arg(path)));

    git_repository *raw = nullptr;
    // NO_SEARCH: the path itself must be the repository, not some parent of it.
    if (int rc = git_repository_open_ext(&raw, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                         nullptr);
        rc < 0) {
        if (rc == GIT_ENOTFOUND)
            return std::unexpected(GitError::refusal(GitError::Kind::NotFound, operation,
                                                     QStringLiteral("%1 is not a git repository").arg(path)));
        return fail(rc, operation);
    }
    RepositoryPtr repo(raw);

    RepositoryInfo info;
    info.bare = git_repository_is_bare(repo.get());
    const char *dir = info.bare ? git_repository_path(repo.get()) : git_repository_workdir(repo.get());
    info.path = QDir::cleanPath(QFile::decodeName(dir));

    QString branch = baseBranch;
    if (branch.isEmpty()) {
        if (git_repository_head_unborn(repo.get()) == 1)
            return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
                                                     QStringLiteral("%1 has no commits yet").arg(path)));
        if (git_repository_head_detached(repo.get()) == 1)
            return std::unexpected(
                GitError::refusal(GitError::Kind::Refused, operation,
                                  QStringLiteral("HEAD of %1 is detached; name the base branch").arg(path)));
        git_reference *head = nullptr;
        if (int rc = git_repository_head(&head, repo.get()); rc < 0)
            return fail(rc, operation);
        ReferencePtr headRef(head);
        branch = QString::fromUtf8(git_reference_shorthand(headRef.get()));
    }

    git_reference *ref = nullptr;
    const QByteArray name = branch.toUtf8();
    if (int rc = git_branch_lookup(&ref, repo.get(), name.constData(), GIT_BRANCH_LOCAL); rc < 0) {
        if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
            return std::unexpected(
                GitError::refusal(GitError::Kind::NotFound, operation,
                                  QStringLiteral("%1 has no branch named %2").arg(path, branch)));
        return fail(rc, operation);
    }
    ReferencePtr branchRef(ref);
    git_object *peeled = nullptr;
    if (int rc = git_reference_peel(&peeled, branchRef.get(), GIT_OBJECT_COMMIT); rc < 0)
        return fail(rc, operation);
    ObjectPtr commit(peeled);
    info.baseBranch = branch;
    info.baseCommit = oidToString(*git_object_id(commit.get()));
    return info;
}

} // namespace Autopack::Git
