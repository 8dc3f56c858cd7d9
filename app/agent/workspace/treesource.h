#pragma once

// Where a workspace gets the files of a base commit from: the engine's API (the runner
// on any machine: ApiTreeSource in the runner library) or a repository on disk
// (RepositoryTreeSource, for the engine's own machine and for tests).

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>
#include <memory>

namespace Autopack::Agent {

struct TreeEntry {
    QString path; // '/'-separated, relative to the repository root
    quint32 mode = 0100644; // 0100644, 0100755 or 0120000 (symlink; contents = target)
    QString oid; // the blob's id (hex)
    qint64 size = 0;
};

struct TreeListing {
    QString commit;
    QString treeId; // the commit's root tree: what a prepared workspace must hash to
    QList<TreeEntry> entries; // every blob and symlink, recursively, in git's order; submodules left out
};

// What differs between two commits' listings: applied to the listing of `since` (drop
// `deleted`, then add or replace `entries`) it gives the listing of `commit`.
struct TreeChanges {
    QString since;
    QString commit;
    QString treeId; // commit's root tree
    QList<TreeEntry> entries; // added, or changed in contents, mode or type
    QStringList deleted;
};

class TreeSource
{
public:
    virtual ~TreeSource() = default;
    virtual std::expected<TreeListing, QString> listing(const QString &commit) = 0;
    // Optional: a workspace at `since` asks this first and lists the whole commit when it
    // fails, so a source that cannot answer (or does not know `since`) only costs time.
    virtual std::expected<TreeChanges, QString> changes(const QString &since, const QString &commit)
    {
        Q_UNUSED(since);
        Q_UNUSED(commit);
        return std::unexpected(QStringLiteral("this source lists whole commits only"));
    }
    // The contents of `paths` at `commit`, keyed by path. An unknown path is an error naming it.
    virtual std::expected<QHash<QString, QByteArray>, QString> files(const QString &commit, const QStringList &paths)
        = 0;
};

// Reads a repository on disk with libgit2 (one git_repository, so one thread).
class RepositoryTreeSource : public TreeSource
{
public:
    explicit RepositoryTreeSource(QString repositoryPath);
    ~RepositoryTreeSource() override;
    std::expected<TreeListing, QString> listing(const QString &commit) override;
    std::expected<TreeChanges, QString> changes(const QString &since, const QString &commit) override;
    std::expected<QHash<QString, QByteArray>, QString> files(const QString &commit, const QStringList &paths) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Autopack::Agent
