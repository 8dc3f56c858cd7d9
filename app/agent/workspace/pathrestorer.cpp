#include "pathrestorer.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace Autopack::Agent {

namespace {

using FilterListPtr = Git::Handle<git_filter_list, git_filter_list_free>;

QString errnoText(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

QString libgit2Text(int rc, const QString &what) { return Git::GitError::fromLibgit2(rc, what).toString(); }

QByteArray parentOf(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? QByteArray() : path.left(slash);
}

// lstat that tells "nothing there" (false) from a failure.
std::expected<bool, QString> inspect(const QByteArray &full, struct stat *st)
{
    if (::lstat(full.constData(), st) == 0)
        return true;
    if (errno == ENOENT || errno == ENOTDIR)
        return false;
    return std::unexpected(QStringLiteral("cannot inspect %1: %2").arg(QFile::decodeName(full), errnoText(errno)));
}

} // namespace

PathRestorer::PathRestorer(git_repository *repo, git_index *index, git_tree *tree, const QString &root)
    : m_repo(repo)
    , m_index(index)
    , m_tree(tree)
    , m_root(QFile::encodeName(root) + '/')
{
}

std::expected<PathRestorer::Target, QString> PathRestorer::target(const QByteArray &path) const
{
    git_tree_entry *raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, m_tree, path.constData());
    if (rc == GIT_ENOTFOUND)
        return Target {};
    if (rc < 0)
        return std::unexpected(libgit2Text(rc, QStringLiteral("look up %1 in the tree").arg(QString::fromUtf8(path))));
    Git::TreeEntryPtr entry(raw);
    const git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_TREE)
        return Target { Want::Directory, {}, 0 };
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE && mode != GIT_FILEMODE_LINK)
        return std::unexpected(
            QStringLiteral("the tree has %1 with mode %2").arg(QString::fromUtf8(path)).arg(mode, 0, 8));
    return Target { Want::Entry, *git_tree_entry_id(entry.get()), quint32(mode) };
}

// Walks the directories above `path`: each must be a directory where the tree has one.
// A link or file the tree has as a directory is unlinked; true when `path` may then
// exist or be created, false when it lies beneath a link or file that stays (the tree's
// own, or an ignored one where the tree has nothing): then nothing can be at `path`, and
// looking there would follow the link.
std::expected<bool, QString> PathRestorer::clearTheWay(const QByteArray &path)
{
    for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        const QByteArray above = path.left(slash);
        struct stat st;
        auto exists = inspect(full(above), &st);
        if (!exists)
            return std::unexpected(exists.error());
        if (!*exists)
            return true; // created on the way down when a file needs it
        if (S_ISDIR(st.st_mode))
            continue;
        auto wanted = target(above);
        if (!wanted)
            return std::unexpected(wanted.error());
        if (wanted->want != Want::Directory)
            return false;
        if (auto done = unlinkAt(above); !done)
            return std::unexpected(done.error());
        return true;
    }
    return true;
}

std::expected<void, QString> PathRestorer::restore(const QByteArray &path, bool wholeDirectory)
{
    auto wanted = target(path);
    if (!wanted)
        return std::unexpected(wanted.error());
    auto reachable = clearTheWay(path);
    if (!reachable)
        return std::unexpected(reachable.error());
    if (!*reachable)
        return dropFromIndex(path);
    struct stat st;
    auto exists = inspect(full(path), &st);
    if (!exists)
        return std::unexpected(exists.error());

    if (wanted->want != Want::Entry)
        m_emptied.insert(parentOf(path)); // whoever removed what was there may have left its directory empty
    switch (wanted->want) {
    case Want::Nothing:
        if (*exists && S_ISDIR(st.st_mode)) {
            // A directory where the index had a file keeps its ignored files; its others
            // are paths of their own. Only one the diff did not enter goes whole.
            if (wholeDirectory) {
                if (auto done = removeDirectory(path); !done)
                    return std::unexpected(done.error());
            }
        } else if (*exists) {
            if (auto done = unlinkAt(path); !done)
                return std::unexpected(done.error());
        }
        return dropFromIndex(path);
    case Want::Directory:
        if (*exists && !S_ISDIR(st.st_mode)) {
            if (auto done = unlinkAt(path); !done)
                return std::unexpected(done.error());
        }
        return dropFromIndex(path);
    case Want::Entry:
        break;
    }
    if (*exists) {
        if (S_ISDIR(st.st_mode)) {
            // The tree's file needs the place: the directory goes, ignored files and all,
            // as git checkout does it.
            if (auto done = removeDirectory(path); !done)
                return std::unexpected(done.error());
        } else {
            auto same = matches(path, *wanted, st);
            if (!same)
                return std::unexpected(same.error());
            if (*same)
                return indexFromFile(path, *wanted);
            if (::unlink(full(path).constData()) != 0) // rewritten, not counted as removed
                return std::unexpected(
                    QStringLiteral("cannot remove %1: %2").arg(QString::fromUtf8(path), errnoText(errno)));
        }
    }
    if (auto done = write(path, *wanted); !done)
        return std::unexpected(done.error());
    ++m_written;
    return indexFromFile(path, *wanted);
}

std::expected<bool, QString> PathRestorer::matches(
    const QByteArray &path, const Target &wanted, const struct stat &st) const
{
    const QByteArray file = full(path);
    if (wanted.mode == GIT_FILEMODE_LINK) {
        if (!S_ISLNK(st.st_mode))
            return false;
        git_blob *raw = nullptr;
        if (int rc = git_blob_lookup(&raw, m_repo, &wanted.id); rc < 0)
            return std::unexpected(libgit2Text(rc, QStringLiteral("read the blob of %1").arg(QString::fromUtf8(path))));
        Git::BlobPtr blob(raw);
        const qsizetype size = qsizetype(git_blob_rawsize(blob.get()));
        if (st.st_size != size)
            return false;
        QByteArray target(size + 1, Qt::Uninitialized);
        const ssize_t n = ::readlink(file.constData(), target.data(), size_t(target.size()));
        return n == size && std::memcmp(target.constData(), git_blob_rawcontent(blob.get()), size_t(size)) == 0;
    }
    if (!S_ISREG(st.st_mode) || ((st.st_mode & S_IXUSR) != 0) != (wanted.mode == GIT_FILEMODE_BLOB_EXECUTABLE))
        return false;
    // As git add would hash it (with the path's filters), so it compares with the tree's id.
    git_oid id;
    if (int rc = git_repository_hashfile(&id, m_repo, file.constData(), GIT_OBJECT_BLOB, path.constData()); rc < 0)
        return std::unexpected(libgit2Text(rc, QStringLiteral("hash %1").arg(QString::fromUtf8(path))));
    return git_oid_equal(&id, &wanted.id) != 0;
}

std::expected<void, QString> PathRestorer::write(const QByteArray &path, const Target &wanted)
{
    const QString name = QString::fromUtf8(path);
    const QByteArray file = full(path);
    // The directories on the way: clearTheWay() left each a directory or missing.
    for (qsizetype slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (::mkdir(full(path.left(slash)).constData(), 0777) != 0 && errno != EEXIST)
            return std::unexpected(QStringLiteral("cannot create the directory of %1: %2").arg(name, errnoText(errno)));
    }
    git_blob *raw = nullptr;
    if (int rc = git_blob_lookup(&raw, m_repo, &wanted.id); rc < 0)
        return std::unexpected(libgit2Text(rc, QStringLiteral("read the blob of %1").arg(name)));
    Git::BlobPtr blob(raw);
    const char *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
    size_t size = size_t(git_blob_rawsize(blob.get()));
    if (wanted.mode == GIT_FILEMODE_LINK) {
        const QByteArray target(data, qsizetype(size));
        if (target.isEmpty() || target.contains('\0'))
            return std::unexpected(QStringLiteral("the symlink %1 has no usable target").arg(name));
        if (::symlink(target.constData(), file.constData()) != 0)
            return std::unexpected(QStringLiteral("cannot create the symlink %1: %2").arg(name, errnoText(errno)));
        return {};
    }
    // The filters git checkout applies (end-of-line conversion, ident) for this path.
    git_filter_list *rawFilters = nullptr;
    if (int rc = git_filter_list_load(
            &rawFilters, m_repo, blob.get(), path.constData(), GIT_FILTER_TO_WORKTREE, GIT_FILTER_DEFAULT);
        rc < 0)
        return std::unexpected(libgit2Text(rc, QStringLiteral("load the filters of %1").arg(name)));
    FilterListPtr filters(rawFilters);
    Git::Buf filtered;
    if (filters) {
        if (int rc = git_filter_list_apply_to_blob(filtered.get(), filters.get(), blob.get()); rc < 0)
            return std::unexpected(libgit2Text(rc, QStringLiteral("filter %1").arg(name)));
        data = filtered.get()->ptr;
        size = filtered.get()->size;
    }
    // O_EXCL and O_NOFOLLOW: whatever was at the path is gone by now, and a link put
    // there meanwhile is refused rather than written through.
    const mode_t mode = wanted.mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644; // as libgit2's checkout
    const int fd = ::open(file.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return std::unexpected(QStringLiteral("cannot create %1: %2").arg(name, errnoText(errno)));
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            return std::unexpected(QStringLiteral("cannot write %1: %2").arg(name, errnoText(error)));
        }
        data += n;
        size -= size_t(n);
    }
    if (::close(fd) != 0)
        return std::unexpected(QStringLiteral("cannot write %1: %2").arg(name, errnoText(errno)));
    return {};
}

std::expected<void, QString> PathRestorer::unlinkAt(const QByteArray &path)
{
    if (::unlink(full(path).constData()) != 0)
        return std::unexpected(QStringLiteral("cannot remove %1: %2").arg(QString::fromUtf8(path), errnoText(errno)));
    ++m_removed;
    m_emptied.insert(parentOf(path));
    return {};
}

std::expected<void, QString> PathRestorer::removeDirectory(const QByteArray &path)
{
    namespace fs = std::filesystem;
    const fs::path directory(std::string(full(path).constData()));
    std::error_code error;
    int files = 0;
    // Neither the iterator nor remove_all follows a symlink: links go, never what they point at.
    for (auto it = fs::recursive_directory_iterator(directory, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        std::error_code typeError;
        if (it->symlink_status(typeError).type() != fs::file_type::directory)
            ++files;
    }
    error.clear();
    fs::remove_all(directory, error);
    if (error)
        return std::unexpected(QStringLiteral("cannot remove the directory %1: %2")
                                   .arg(QString::fromUtf8(path), QString::fromStdString(error.message())));
    m_removed += files;
    m_emptied.insert(parentOf(path));
    return {};
}

std::expected<void, QString> PathRestorer::indexFromFile(const QByteArray &path, const Target &wanted)
{
    // git add of the file: its id (the check that what is on disk is the tree's) and the
    // stat data that lets the next diff skip it.
    if (int rc = git_index_add_bypath(m_index, path.constData()); rc < 0)
        return std::unexpected(libgit2Text(rc, QStringLiteral("add %1 to the index").arg(QString::fromUtf8(path))));
    const git_index_entry *entry = git_index_get_bypath(m_index, path.constData(), 0);
    if (!entry || !git_oid_equal(&entry->id, &wanted.id) || entry->mode != wanted.mode)
        return std::unexpected(QStringLiteral("after the move %1 is %2 %3, the tree has %4 %5")
                                   .arg(QString::fromUtf8(path))
                                   .arg(entry ? entry->mode : 0, 0, 8)
                                   .arg(entry ? Git::oidToString(entry->id) : QStringLiteral("nothing"))
                                   .arg(wanted.mode, 0, 8)
                                   .arg(Git::oidToString(wanted.id)));
    return {};
}

std::expected<void, QString> PathRestorer::dropFromIndex(const QByteArray &path)
{
    if (int rc = git_index_remove_bypath(m_index, path.constData()); rc < 0)
        return std::unexpected(
            libgit2Text(rc, QStringLiteral("remove %1 from the index").arg(QString::fromUtf8(path))));
    return {};
}

void PathRestorer::pruneEmptyDirectories()
{
    std::vector<QByteArray> directories(m_emptied.cbegin(), m_emptied.cend());
    // Deepest first, so a parent is tried once its children are gone.
    std::sort(directories.begin(), directories.end(),
        [](const QByteArray &a, const QByteArray &b) { return a.count('/') > b.count('/'); });
    for (QByteArray dir : directories) {
        // rmdir removes only an empty directory, and never through a link.
        while (!dir.isEmpty() && ::rmdir(full(dir).constData()) == 0)
            dir = parentOf(dir);
    }
    m_emptied.clear();
}

} // namespace Autopack::Agent
