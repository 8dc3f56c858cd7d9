#pragma once

// Scope policy of SPEC §3, checked before anything is written: which paths a patch may
// touch and what kind of patch is allowed at all. Lexical checks (checkPath) need no
// repository; the symlink checks need the base tree the patch applies to.

#include "githandles.h"

#include <QRegularExpression>
#include <QStringList>

namespace Autopack::Git {

class ScopePolicy {
public:
    // Protected globs, relative to the repository root: "*" and "?" stay inside one
    // path component, "**" spans components, a trailing '/' protects a directory and
    // everything below it, and a pattern without '/' matches that name at any depth
    // (".env" protects "a/b/.env").
    void setProtectedGlobs(const QStringList &globs);
    QStringList protectedGlobs() const { return m_globs; }
    // Whether the ruleset allows touching protected paths for this phase's category.
    void setAllowProtected(bool allow) { m_allowProtected = allow; }
    void setAllowBinary(bool allow) { m_allowBinary = allow; }
    bool allowBinary() const { return m_allowBinary; }
    // Largest accepted patch text in bytes; larger patches are refused unread.
    void setMaxPatchBytes(qint64 bytes) { m_maxPatchBytes = bytes; }
    qint64 maxPatchBytes() const { return m_maxPatchBytes; }

    static constexpr qint64 DefaultMaxPatchBytes = 10 * 1024 * 1024;

    GitResult<void> checkSize(qint64 bytes) const;

    // Why `path` (as written in the patch, prefix "a/"/"b/" already removed) may not
    // be touched, or an empty string when it may: absolute, "..", ".", empty
    // component, anything under ".git" (any case), a protected glob.
    QString pathViolation(const QString &path) const;
    bool isProtected(const QString &path) const;

    // Why touching `path` in `baseTree` would go through a symlink: some leading
    // component of it is a symlink there, or the path itself is one and `writes` is
    // set (content or mode would change). Empty when fine.
    static QString symlinkViolation(git_tree *baseTree, const QString &path, bool writes);

private:
    QStringList m_globs;
    QList<QRegularExpression> m_globRegexes;
    bool m_allowProtected = false;
    bool m_allowBinary = false;
    qint64 m_maxPatchBytes = DefaultMaxPatchBytes;
};

} // namespace Autopack::Git
