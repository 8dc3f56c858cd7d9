#pragma once

// One run's workspace (SPEC §12): a directory of its own, never the user's working
// tree, with a private .git so agents that expect a repository find one. moveTo() puts
// it at a base commit by rewriting only the files that differ; patch() is what the agent
// changed, computed with libgit2 against the base tree whatever the agent did to HEAD or
// the index.
//
// After the first move both cost what changed, plus one stat of every file: the index a
// move writes holds fresh stat data, so the agent's changes are found without reading
// unchanged files, and a move from a known base asks the source only for the changes
// between the two commits (TreeSource::changes) and touches only their paths and the
// agent's. When that cannot be trusted (no base, an unreadable index, a source without
// changes, anything that does not add up) the move lists the whole commit instead.

#include "treesource.h"

#include <QString>

#include <expected>
#include <memory>

namespace Autopack::Agent {

struct WorkspaceMove {
    int filesWritten = 0; // written or rewritten (fetched or restored from the local object store)
    int filesRemoved = 0; // tracked files the new base lacks and untracked, not ignored, files
    int filesFetched = 0; // asked of the TreeSource (contents neither stored locally nor in the workspace's files)
};

struct WorkspacePatch {
    QByteArray text; // git-style unified diff; binary files as GIT binary patches; empty: no change
    int filesChanged = 0;
    int linesAdded = 0;
    int linesRemoved = 0;
    QStringList paths; // changed paths (new names for renames)
};

class Workspace
{
public:
    // Opens `directory`, creating it and its .git when missing.
    static std::expected<std::unique_ptr<Workspace>, QString> open(const QString &directory);
    ~Workspace();

    QString directory() const;
    QString baseCommit() const; // empty before the first moveTo
    QString baseTree() const;

    // Afterwards the tracked and untracked (not ignored) files equal `commit`'s tree
    // exactly (same tree id when hashed), ignored files are kept, HEAD names a local
    // commit of that tree and the index matches it. Verifies the tree id against the
    // listing's; a mismatch is an error and leaves the workspace to be rebuilt next time.
    std::expected<WorkspaceMove, QString> moveTo(TreeSource &source, const QString &commit);

    // The agent's change: modified, added (untracked, not ignored), deleted, renamed,
    // mode changes; binaries as binary patches.
    std::expected<WorkspacePatch, QString> patch() const;

private:
    Workspace();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Autopack::Agent
