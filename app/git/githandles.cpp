#include "githandles.h"

#include <mutex>

namespace Autopack::Git {

namespace Libgit2 {
void ensureInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}
} // namespace Libgit2

QString oidToString(const git_oid &oid)
{
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &oid);
    return QString::fromLatin1(hex);
}

GitResult<git_oid> oidFromString(const QString &hex)
{
    git_oid oid;
    const QByteArray bytes = hex.toLatin1();
    if (bytes.size() != GIT_OID_HEXSZ)
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, QStringLiteral("parse object id"),
                                                 QStringLiteral("'%1' is not a full 40-digit object id").arg(hex)));
    if (int rc = git_oid_fromstr(&oid, bytes.constData()); rc < 0)
        return fail(rc, QStringLiteral("parse object id '%1'").arg(hex));
    return oid;
}

} // namespace Autopack::Git
