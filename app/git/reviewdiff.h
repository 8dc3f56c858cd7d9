#pragma once

// Review diffs (SPEC §3 "Diff for review"): what a commit, a candidate, two attempts
// or a whole integration branch changed, as git-style patch text and as DiffFiles.
//
// Read-only: nothing is written to the repository, its refs, index or working tree.
// Every call opens its own git_repository, so one ReviewDiff may be used from any
// number of threads at once (each call stays on the thread that made it).
//
// Revisions are anything git_revparse_single accepts: full or abbreviated ids, branch
// names ("main", "autonomous/r1"), full ref names
// ("refs/autopack/candidates/r1/p1/2"), "HEAD~1", and tree ids where a tree will do.

#include "diffmodel.h"
#include "giterror.h"
#include "worddiff.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <stop_token>

namespace Autopack::Git {

struct DiffOptions {
    enum class Whitespace {
        Exact, // every whitespace change is a change
        IgnoreAtEol, // git diff --ignore-space-at-eol
        IgnoreChange, // git diff -b: changes in the amount of whitespace
        IgnoreAll, // git diff -w
    };

    int contextLines = 3;
    int interhunkLines = 0; // merge hunks separated by at most this many unchanged lines
    Whitespace whitespace = Whitespace::Exact;
    bool detectRenames = true; // as git diff does by default (diff.renames)
    bool detectCopies = false; // copies from files modified in the same diff (git diff -C)
    int renameThreshold = 50; // percent similarity, as git's -M default
    // Structured diffs only: a file with a side larger than this is tooLarge (stats,
    // no hunks). 0: no limit. Patch text is never cut.
    qint64 maxFileBytes = 16 * 1024 * 1024;
    bool wordDiff = true; // structured diffs: fill intraline ranges
    WordDiffOptions wordDiffOptions;
    // Only these files or directories (literal paths relative to the repository
    // root, not globs); empty: all. A path in neither revision is a NotFound error.
    QStringList paths;
    // Structured diffs: checked between files; a stop request ends the call with a
    // Refused error "cancelled".
    std::stop_token stopToken;
    // Structured diffs: called on the calling thread after each file with the files
    // done and the total, for a progress bar; may be empty.
    std::function<void(int done, int total)> progress;
};

class ReviewDiff
{
public:
    explicit ReviewDiff(QString repositoryPath, DiffOptions options = {});

    const QString &repositoryPath() const { return m_repositoryPath; }
    const DiffOptions &options() const { return m_options; }

    // (a) A commit against its first parent; a root commit against the empty tree.
    GitResult<DiffSet> commit(const QString &revision) const;
    GitResult<QByteArray> commitPatch(const QString &revision) const;

    // (b) Any two commits or trees, e.g. the candidate commits of two attempts of a
    // phase: what changed from oldRevision to newRevision.
    GitResult<DiffSet> between(const QString &oldRevision, const QString &newRevision) const;
    GitResult<QByteArray> betweenPatch(const QString &oldRevision, const QString &newRevision) const;

    // (c) A branch against its merge base with another (git diff base...branch): what
    // the integration branch adds, however far the base branch moved on since.
    // Unrelated histories are refused.
    GitResult<DiffSet> branch(const QString &branchRevision, const QString &baseRevision) const;
    GitResult<QByteArray> branchPatch(const QString &branchRevision, const QString &baseRevision) const;

    // The raw content of a blob (DiffFile::oldId/newId), for expanding context.
    GitResult<QByteArray> blob(const QString &blobId) const;

private:
    QString m_repositoryPath;
    DiffOptions m_options;
};

} // namespace Autopack::Git
