#pragma once

// Puts single paths of a workspace at a tree, for a move that knows which paths can
// differ (the agent's changes and the base's): what the tree has is written where the
// directory lacks it or differs (only there: a file with the right contents and mode
// keeps its inode and mtime), what the tree lacks is removed, and the index entry of
// each path is made from the file left there, so its stat data is fresh and its id is
// checked against the tree's. Ignored files are kept unless a file of the tree needs
// their place.
//
// Never writes through a symlink: a link in the way of a path (at it, or at a directory
// above it that the tree has as a directory) is unlinked, never followed, and nothing
// beneath a link or a file that stays is looked at.

#include "githandles.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <expected>

struct stat;

namespace Autopack::Agent {

class PathRestorer
{
public:
    // All four must outlive this object; `root` is the workspace directory (absolute).
    PathRestorer(git_repository *repo, git_index *index, git_tree *tree, const QString &root);

    // `path`: '/'-separated, relative to the root, never in .git. `wholeDirectory`: an
    // untracked directory the diff reported as one (a repository of the agent's), removed
    // whole if the tree has nothing there. Paths must come parents first (sorted).
    std::expected<void, QString> restore(const QByteArray &path, bool wholeDirectory);
    // Directories that removals left empty (git tracks no directories), bottom up.
    void pruneEmptyDirectories();

    int written() const { return m_written; }
    int removed() const { return m_removed; } // files and links; a directory removed whole counts its files

private:
    enum class Want { Nothing, Directory, Entry };
    struct Target {
        Want want = Want::Nothing;
        git_oid id {};
        quint32 mode = 0;
    };
    QByteArray full(const QByteArray &path) const { return m_root + path; }
    std::expected<Target, QString> target(const QByteArray &path) const;
    std::expected<bool, QString> clearTheWay(const QByteArray &path);
    std::expected<bool, QString> matches(const QByteArray &path, const Target &target, const struct stat &st) const;
    std::expected<void, QString> write(const QByteArray &path, const Target &target);
    std::expected<void, QString> unlinkAt(const QByteArray &path);
    std::expected<void, QString> removeDirectory(const QByteArray &path);
    std::expected<void, QString> indexFromFile(const QByteArray &path, const Target &target);
    std::expected<void, QString> dropFromIndex(const QByteArray &path);

    git_repository *m_repo;
    git_index *m_index;
    git_tree *m_tree;
    QByteArray m_root; // encoded, with a trailing '/'
    QSet<QByteArray> m_emptied; // directories something was removed from
    int m_written = 0;
    int m_removed = 0;
};

} // namespace Autopack::Agent
