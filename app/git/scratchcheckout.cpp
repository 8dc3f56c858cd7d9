#include "scratchcheckout.h"

#include "repository.h"

#include <QDir>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Autopack::Git {

namespace {

struct WalkState {
    git_repository *repo = nullptr;
    QByteArray root; // target directory, no trailing '/'
    std::optional<GitError> error;
};

GitError ioError(const QByteArray &path, const char *what)
{
    return GitError::refusal(GitError::Kind::Refused, QStringLiteral("scratch checkout"),
        QStringLiteral("cannot %1 %2: %3")
            .arg(QString::fromLatin1(what), QString::fromUtf8(path), QString::fromLocal8Bit(std::strerror(errno))));
}

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

int visit(const char *parent, const git_tree_entry *entry, void *payload)
{
    auto *state = static_cast<WalkState *>(payload);
    const QByteArray name(git_tree_entry_name(entry));
    if (name.isEmpty() || name == "." || name == ".." || name.contains('/') || name.toLower() == ".git") {
        state->error = GitError::refusal(GitError::Kind::Refused, QStringLiteral("scratch checkout"),
            QStringLiteral("unsafe entry name '%1%2' in the tree")
                .arg(QString::fromUtf8(parent), QString::fromUtf8(name)));
        return -1;
    }
    const QByteArray path = state->root + '/' + QByteArray(parent) + name;
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    switch (mode) {
    case GIT_FILEMODE_TREE:
    case GIT_FILEMODE_COMMIT:
        if (::mkdir(path.constData(), 0755) < 0) {
            state->error = ioError(path, "create directory");
            return -1;
        }
        return mode == GIT_FILEMODE_COMMIT ? 1 : 0; // 1: skip a submodule's (absent) contents
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
    case GIT_FILEMODE_LINK: {
        git_blob *rawBlob = nullptr;
        if (int rc = git_blob_lookup(&rawBlob, state->repo, git_tree_entry_id(entry)); rc < 0) {
            state->error = GitError::fromLibgit2(rc, QStringLiteral("read %1").arg(QString::fromUtf8(path)));
            return -1;
        }
        BlobPtr blob(rawBlob);
        const char *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
        const size_t size = size_t(git_blob_rawsize(blob.get()));
        if (mode == GIT_FILEMODE_LINK) {
            const QByteArray target(data, qsizetype(size));
            if (::symlink(target.constData(), path.constData()) < 0) {
                state->error = ioError(path, "create symlink");
                return -1;
            }
            return 0;
        }
        const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
            mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644);
        if (fd < 0) {
            state->error = ioError(path, "create file");
            return -1;
        }
        const bool ok = writeAll(fd, data, size);
        if (::close(fd) < 0 || !ok) {
            state->error = ioError(path, "write file");
            return -1;
        }
        return 0;
    }
    default:
        state->error = GitError::refusal(GitError::Kind::Refused, QStringLiteral("scratch checkout"),
            QStringLiteral("unknown file mode %1 of %2").arg(int(mode), 0, 8).arg(QString::fromUtf8(path)));
        return -1;
    }
}

} // namespace

GitResult<void> ScratchCheckout::checkout(const Repository &repo, const git_oid &commit, const QString &targetDir)
{
    const QString operation = QStringLiteral("scratch checkout of %1 into %2").arg(oidToString(commit), targetDir);
    QDir dir(targetDir);
    if (dir.exists()) {
        if (!dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return std::unexpected(GitError::refusal(
                GitError::Kind::Refused, operation, QStringLiteral("target directory %1 is not empty").arg(targetDir)));
    } else if (!QDir().mkpath(targetDir)) {
        return std::unexpected(GitError::refusal(
            GitError::Kind::Refused, operation, QStringLiteral("cannot create target directory %1").arg(targetDir)));
    }
    auto tree = repo.treeOf(commit);
    if (!tree)
        return std::unexpected(tree.error());
    WalkState state;
    state.repo = repo.get();
    state.root = QFile::encodeName(QDir(targetDir).absolutePath());
    const int rc = git_tree_walk(tree->get(), GIT_TREEWALK_PRE, visit, &state);
    if (state.error) {
        state.error->operation = operation;
        return std::unexpected(*state.error);
    }
    if (rc < 0)
        return fail(rc, operation);
    return {};
}

std::expected<void, QString> ScratchCheckout::checkoutPath(
    const QString &repoPath, const QString &commit, const QString &targetDir)
{
    auto repo = Repository::open(repoPath);
    if (!repo)
        return std::unexpected(repo.error().toString());
    git_oid id;
    if (commit.size() == GIT_OID_HEXSZ && oidFromString(commit)) {
        id = *oidFromString(commit);
    } else {
        git_object *raw = nullptr;
        const QByteArray spec = commit.toUtf8();
        if (int rc = git_revparse_single(&raw, repo->get(), spec.constData()); rc < 0)
            return std::unexpected(GitError::fromLibgit2(rc, QStringLiteral("resolve '%1'").arg(commit)).toString());
        ObjectPtr obj(raw);
        git_object *rawCommit = nullptr;
        if (int rc = git_object_peel(&rawCommit, obj.get(), GIT_OBJECT_COMMIT); rc < 0)
            return std::unexpected(GitError::fromLibgit2(rc, QStringLiteral("resolve '%1'").arg(commit)).toString());
        ObjectPtr peeled(rawCommit);
        id = *git_object_id(peeled.get());
    }
    auto done = checkout(*repo, id, targetDir);
    if (!done)
        return std::unexpected(done.error().toString());
    return {};
}

} // namespace Autopack::Git
