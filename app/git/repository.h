#pragma once

// One opened git repository. A git_repository must not be shared between threads
// (libgit2's rule), so each thread opens its own Repository; the object is move-only
// and owns its handle.
//
// New objects are written to memory first (ObjectBatch, consulted before the disk)
// and reach the disk as one packfile when a ref is about to point at them: setRef()
// flushes first, so no ref ever names an object that is not stored, and a refused
// operation drops its objects with discardPendingObjects().

#include "githandles.h"
#include "objectbatch.h"

#include <QString>

namespace Autopack::Git {

class Repository {
public:
    // Opens the repository at `path` (work tree or git dir); the path must name the
    // repository itself, no search upwards.
    static GitResult<Repository> open(const QString &path);

    Repository(Repository &&) noexcept = default;
    Repository &operator=(Repository &&) noexcept = default;

    git_repository *get() const { return m_repo.get(); }
    bool isBare() const;
    QString gitDir() const;

    GitResult<CommitPtr> commit(const git_oid &id) const;
    GitResult<TreePtr> treeOf(const git_oid &commitId) const;
    // Commit a branch (short name, "main") points at.
    GitResult<git_oid> branchTip(const QString &branch) const;
    // Commit a full ref name ("refs/autopack/...") points at.
    GitResult<git_oid> refTarget(const QString &refName) const;
    bool isAncestor(const git_oid &ancestor, const git_oid &descendant) const;

    // Adds a new object to the pending batch directly (see ObjectBatch::add).
    GitResult<git_oid> writeObject(git_object_t type, const char *data, size_t size) const;
    // Stores the objects written since the last flush as one packfile; they stay
    // cached in memory until discardPendingObjects() or the next setRef().
    GitResult<void> flushObjects() const;
    // Forgets the objects held in memory: a refused operation's are never stored.
    void discardPendingObjects() const;

    // Flushes pending objects, then points `refName` at `id` if it currently points at `expected` (compare-and-swap),
    // or, with `expected` null, creates it only if it does not exist. Returns
    // libgit2's code: 0, GIT_EMODIFIED / GIT_ENOTFOUND (moved or gone), GIT_EEXISTS.
    // A concurrent writer's lock (GIT_ELOCKED, held for microseconds) is waited out
    // for up to two seconds, so losing a race reads as "moved", not as an I/O error.
    int setRef(const QString &refName, const git_oid &id, const git_oid *expected, const QString &logMessage) const;

    // The identity Autopack writes commits and tags with, stamped now.
    GitResult<SignaturePtr> signature() const;

private:
    Repository(RepositoryPtr repo, OdbPtr odb, ObjectBatch *batch)
        : m_repo(std::move(repo))
        , m_odb(std::move(odb))
        , m_batch(batch)
    {
    }
    RepositoryPtr m_repo;
    OdbPtr m_odb;
    ObjectBatch *m_batch = nullptr; // owned by m_odb
};

// Run, phase, tier and attempt ids become single ref-name components, so they are
// limited to [A-Za-z0-9._-], must not start with '.' or '-', contain "..", or end
// with ".lock". `field` names the input in the error ("run_id").
GitResult<void> validateRefComponent(const QString &field, const QString &value);

} // namespace Autopack::Git
