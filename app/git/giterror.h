#pragma once

// One error type for everything the git layer refuses or fails at. It carries
// libgit2's own message (taken from git_error_last() at the failing call, never read
// later from a global), or our own refusal reason, and what we were doing.

#include <QString>
#include <QStringList>

#include <expected>

namespace Autopack::Git {

struct GitError {
    enum class Kind {
        Libgit2, // a libgit2 call failed; code and message are libgit2's
        InvalidPatch, // the text is not a git-style patch we can apply
        PolicyViolation, // scope policy refused a path (outside repo, .git/, protected, binary, size)
        ApplyFailed, // a hunk does not apply to the base file
        Conflict, // three-way merge with the tip, or promotion, has conflicting paths
        NotFound, // a ref, commit or path that should exist does not
        RefMoved, // compare-and-swap lost: the ref changed meanwhile
        Refused, // any other refusal that is the caller's to fix (e.g. unrelated history)
    };

    Kind kind = Kind::Libgit2;
    int code = 0; // libgit2 error code when kind == Libgit2
    QString operation; // what we were doing, e.g. "open repository /x"
    QString message; // why; names the path/hunk/ref involved
    QStringList paths; // offending or conflicting paths, when there are any

    QString toString() const;

    // Builds an error from the libgit2 call that just returned `code`.
    static GitError fromLibgit2(int code, const QString &operation);
    static GitError refusal(Kind kind, const QString &operation, const QString &message,
                            const QStringList &paths = {});
};

template<typename T>
using GitResult = std::expected<T, GitError>;

} // namespace Autopack::Git
