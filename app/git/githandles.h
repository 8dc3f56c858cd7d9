#pragma once

// Ownership of libgit2 handles: every handle is owned by a unique_ptr with its free
// function from the moment it is created. libgit2 is initialised once per process
// (Libgit2::ensureInitialised, thread-safe) and a git_repository is used by one thread
// only: open one Repository per thread.

#include "giterror.h"

#include <git2.h>

#include <QString>

#include <memory>

namespace Autopack::Git {

template<typename T, void (*Free)(T *)>
struct HandleDeleter {
    void operator()(T *p) const noexcept
    {
        if (p)
            Free(p);
    }
};

template<typename T, void (*Free)(T *)>
using Handle = std::unique_ptr<T, HandleDeleter<T, Free>>;

using RepositoryPtr = Handle<git_repository, git_repository_free>;
using ReferencePtr = Handle<git_reference, git_reference_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using TreeEntryPtr = Handle<git_tree_entry, git_tree_entry_free>;
using TreeBuilderPtr = Handle<git_treebuilder, git_treebuilder_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using DiffPtr = Handle<git_diff, git_diff_free>;
using PatchPtr = Handle<git_patch, git_patch_free>;
using IndexPtr = Handle<git_index, git_index_free>;
using SignaturePtr = Handle<git_signature, git_signature_free>;
using TagPtr = Handle<git_tag, git_tag_free>;
using ObjectPtr = Handle<git_object, git_object_free>;
using RevwalkPtr = Handle<git_revwalk, git_revwalk_free>;
using OdbPtr = Handle<git_odb, git_odb_free>;
using ConfigPtr = Handle<git_config, git_config_free>;
using ReferenceIteratorPtr = Handle<git_reference_iterator, git_reference_iterator_free>;

// git_buf is a struct owned by the caller, disposed with git_buf_dispose.
class Buf
{
public:
    Buf() = default;
    ~Buf() { git_buf_dispose(&m_buf); }
    Buf(const Buf &) = delete;
    Buf &operator=(const Buf &) = delete;
    git_buf *get() { return &m_buf; }
    QByteArray toByteArray() const { return QByteArray(m_buf.ptr, qsizetype(m_buf.size)); }
    QString toString() const { return QString::fromUtf8(m_buf.ptr, qsizetype(m_buf.size)); }

private:
    git_buf m_buf = GIT_BUF_INIT;
};

namespace Libgit2 {
// Calls git_libgit2_init exactly once for the process (and never shuts down, so
// handles in static or thread-local storage stay valid until exit).
void ensureInitialised();
}

// Wraps a libgit2 return code: `if (int rc = ...; rc < 0) return fail(rc, "what")`.
inline std::unexpected<GitError> fail(int code, const QString &operation)
{
    return std::unexpected(GitError::fromLibgit2(code, operation));
}

QString oidToString(const git_oid &oid);
GitResult<git_oid> oidFromString(const QString &hex);

} // namespace Autopack::Git
