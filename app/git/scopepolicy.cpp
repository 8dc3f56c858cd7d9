#include "scopepolicy.h"

namespace Autopack::Git {

namespace {

// Translates one protected glob into an anchored regular expression over the whole
// relative path (see ScopePolicy::setProtectedGlobs for the syntax).
QRegularExpression globToRegex(QString glob)
{
    bool directory = glob.endsWith(u'/');
    while (glob.endsWith(u'/'))
        glob.chop(1);
    const bool anyDepth = !glob.contains(u'/');
    while (glob.startsWith(u'/'))
        glob.remove(0, 1);
    QString rx;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == u'*') {
            if (i + 1 < glob.size() && glob.at(i + 1) == u'*') {
                ++i;
                if (i + 1 < glob.size() && glob.at(i + 1) == u'/') {
                    ++i;
                    rx += QStringLiteral("(?:.*/)?");
                } else {
                    rx += QStringLiteral(".*");
                }
            } else {
                rx += QStringLiteral("[^/]*");
            }
        } else if (c == u'?') {
            rx += QStringLiteral("[^/]");
        } else {
            rx += QRegularExpression::escape(QString(c));
        }
    }
    const QString prefix = anyDepth ? QStringLiteral("(?:.*/)?") : QString();
    // A directory glob covers everything below it; a plain one also covers a
    // directory of that name, since protecting "secrets" must protect its files.
    const QString suffix = directory ? QStringLiteral("/.*") : QStringLiteral("(?:/.*)?");
    return QRegularExpression(QStringLiteral("\\A") + prefix + rx + suffix + QStringLiteral("\\z"));
}

} // namespace

void ScopePolicy::setProtectedGlobs(const QStringList &globs)
{
    m_globs = globs;
    m_globRegexes.clear();
    for (const QString &g : globs) {
        if (!g.trimmed().isEmpty())
            m_globRegexes.append(globToRegex(g.trimmed()));
    }
}

GitResult<void> ScopePolicy::checkSize(qint64 bytes) const
{
    if (bytes > m_maxPatchBytes)
        return std::unexpected(GitError::refusal(GitError::Kind::PolicyViolation, QStringLiteral("check patch size"),
            QStringLiteral("patch is %1 bytes, over the limit of %2 bytes per patch").arg(bytes).arg(m_maxPatchBytes)));
    return {};
}

bool ScopePolicy::isProtected(const QString &path) const
{
    for (const QRegularExpression &rx : m_globRegexes) {
        if (rx.match(path).hasMatch())
            return true;
    }
    return false;
}

QString ScopePolicy::pathViolation(const QString &path) const
{
    if (path.isEmpty())
        return QStringLiteral("empty path");
    if (path.startsWith(u'/') || path.startsWith(u'\\') || (path.size() > 1 && path.at(1) == u':'))
        return QStringLiteral("absolute path");
    if (path.contains(u'\\'))
        return QStringLiteral("backslash in path");
    if (path.contains(QChar(0)))
        return QStringLiteral("NUL in path");
    const QStringList parts = path.split(u'/');
    for (const QString &part : parts) {
        if (part.isEmpty())
            return QStringLiteral("empty path component");
        if (part == QStringLiteral(".."))
            return QStringLiteral("'..' leaves the repository");
        if (part == QStringLiteral("."))
            return QStringLiteral("'.' path component");
        // Git itself treats ".git" case-insensitively (and with trailing dots or spaces
        // on some file systems), so does this check.
        QString bare = part;
        while (bare.endsWith(u'.') || bare.endsWith(u' '))
            bare.chop(1);
        if (bare.compare(QStringLiteral(".git"), Qt::CaseInsensitive) == 0)
            return QStringLiteral("inside .git/");
    }
    if (!m_allowProtected && isProtected(path))
        return QStringLiteral("protected by the project's globs");
    return {};
}

QString ScopePolicy::symlinkViolation(git_tree *baseTree, const QString &path, bool writes)
{
    const QStringList parts = path.split(u'/');
    QString prefix;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        prefix = i == 0 ? parts.at(0) : prefix + u'/' + parts.at(i);
        git_tree_entry *raw = nullptr;
        const QByteArray p = prefix.toUtf8();
        if (git_tree_entry_bypath(&raw, baseTree, p.constData()) < 0) {
            git_error_clear();
            return {}; // nothing deeper exists either
        }
        TreeEntryPtr entry(raw);
        const git_filemode_t mode = git_tree_entry_filemode(entry.get());
        if (mode == GIT_FILEMODE_LINK) {
            if (i + 1 < parts.size())
                return QStringLiteral("'%1' is a symlink in the base tree; writing through it is refused").arg(prefix);
            if (writes)
                return QStringLiteral("'%1' is a symlink in the base tree; changing it is refused").arg(prefix);
        }
        if (mode != GIT_FILEMODE_TREE)
            return {};
    }
    return {};
}

} // namespace Autopack::Git
