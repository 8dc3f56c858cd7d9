#include "treesource.h"

#include "repository.h"
#include "tararchive.h"
#include "treeexport.h"

#include <optional>

namespace Autopack::Agent {

struct RepositoryTreeSource::Private {
    QString path;
    std::optional<Git::Repository> repo; // opened at the first request, so a bad path is that request's error

    std::expected<const Git::Repository *, QString> repository()
    {
        if (!repo) {
            auto opened = Git::Repository::open(path);
            if (!opened)
                return std::unexpected(opened.error().toString());
            repo.emplace(std::move(*opened));
        }
        return &*repo;
    }
};

RepositoryTreeSource::RepositoryTreeSource(QString repositoryPath)
    : d(std::make_unique<Private>())
{
    d->path = std::move(repositoryPath);
}

RepositoryTreeSource::~RepositoryTreeSource() = default;

std::expected<TreeListing, QString> RepositoryTreeSource::listing(const QString &commit)
{
    auto repo = d->repository();
    if (!repo)
        return std::unexpected(repo.error());
    auto exported = Git::TreeExport(**repo).listing(commit);
    if (!exported)
        return std::unexpected(exported.error().toString());
    TreeListing listing;
    listing.commit = Git::oidToString(exported->commit);
    listing.treeId = Git::oidToString(exported->treeId);
    listing.entries.reserve(qsizetype(exported->entries.size()));
    for (const Git::TreeExportEntry &e : exported->entries)
        listing.entries.append(TreeEntry { QString::fromUtf8(e.path), e.mode, Git::oidToString(e.oid), e.size });
    return listing;
}

std::expected<TreeChanges, QString> RepositoryTreeSource::changes(const QString &since, const QString &commit)
{
    auto repo = d->repository();
    if (!repo)
        return std::unexpected(repo.error());
    auto exported = Git::TreeExport(**repo).changes(since, commit);
    if (!exported)
        return std::unexpected(exported.error().toString());
    TreeChanges changes;
    changes.since = Git::oidToString(exported->since);
    changes.commit = Git::oidToString(exported->commit);
    changes.treeId = Git::oidToString(exported->treeId);
    changes.entries.reserve(qsizetype(exported->entries.size()));
    for (const Git::TreeExportEntry &e : exported->entries)
        changes.entries.append(TreeEntry { QString::fromUtf8(e.path), e.mode, Git::oidToString(e.oid), e.size });
    for (const QByteArray &path : exported->deleted)
        changes.deleted.append(QString::fromUtf8(path));
    return changes;
}

std::expected<QHash<QString, QByteArray>, QString> RepositoryTreeSource::files(
    const QString &commit, const QStringList &paths)
{
    if (paths.isEmpty())
        return QHash<QString, QByteArray>(); // TreeExport reads an empty list as "everything"
    auto repo = d->repository();
    if (!repo)
        return std::unexpected(repo.error());
    // Through the archive the engine's API serves, so a workspace fed from disk reads the
    // very bytes a remote runner gets.
    auto archive = Git::TreeExport(**repo).archive(commit, paths);
    if (!archive)
        return std::unexpected(archive.error().toString());
    auto entries = Git::TarArchive::read(*archive);
    if (!entries)
        return std::unexpected(entries.error().toString());
    QHash<QString, QByteArray> files;
    files.reserve(entries->size());
    for (Git::TarEntry &e : *entries)
        files.insert(e.path, std::move(e.data));
    return files;
}

} // namespace Autopack::Agent
