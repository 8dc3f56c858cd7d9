#pragma once

// New objects held in memory until a ref is about to point at them, then stored as
// one packfile. A custom object-database backend added to a repository's odb with the
// highest priority: every object libgit2 writes through that repository lands here
// (objects already stored are not written again, libgit2 checks first), every read
// looks here first.
//
// Why: a refused operation simply discards what it wrote: nothing reaches the disk.
// Small batches (a one-file patch is a blob, a tree or two and the commit; a snapshot
// tag is one object) are stored as loose objects, larger ones as one pack. A candidate
// on a nested tree is ~40 objects: as loose objects that is ~40 files created, as a
// pack two. But a pack per small operation piles up (git gc --auto steps in at 50
// packs) and every lookup that misses scans them all: at a thousand packs a fresh
// repository handle spent more time opening .idx files than applying the patch.

#include "githandles.h"

#include <git2/sys/odb_backend.h>

#include <QString>

namespace Autopack::Git {

class ObjectBatch {
public:
    // Creates a batch and adds it to `odb`, which owns it from then on (libgit2 frees
    // it with the odb).
    static GitResult<ObjectBatch *> attach(git_odb *odb);

    // Adds an object without going through the odb: libgit2's write path looks the
    // object up first and, on a miss, rescans the pack directory, which for new objects
    // is every time. Returns its id.
    GitResult<git_oid> add(git_object_t type, const char *data, size_t size);

    // Stores the objects not stored yet under `objectsDir` (the .git/objects
    // directory): fewer than kLooseLimit as loose objects, else one packfile (.pack,
    // then its .idx); every file is written to a temporary name and renamed. They stay
    // readable from memory until discard(), so a ref created right after finds them
    // without making libgit2 rescan the object directories. Nothing to do when none are new.
    static constexpr size_t kLooseLimit = 16;
    GitResult<void> flush(const QString &objectsDir);
    // Forgets every object held in memory; those not stored yet are lost.
    void discard();
    size_t pendingCount() const;

    struct Impl;
    ~ObjectBatch();
    ObjectBatch(const ObjectBatch &) = delete;
    ObjectBatch &operator=(const ObjectBatch &) = delete;

private:
    GitResult<void> flushLoose(const QString &objectsDir);
    GitResult<void> flushPack(const QString &packDir);
    friend struct ObjectBatchAccess;
    ObjectBatch() = default;
    git_odb_backend m_backend {}; // first member: libgit2 hands back this address
    Impl *m_impl = nullptr;
};

} // namespace Autopack::Git
