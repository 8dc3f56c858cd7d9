#include "giterror.h"

#include <git2/errors.h>

namespace Autopack::Git {

QString GitError::toString() const
{
    QString s = operation.isEmpty() ? message : operation + QStringLiteral(": ") + message;
    if (!paths.isEmpty())
        s += QStringLiteral(" [") + paths.join(QStringLiteral(", ")) + QLatin1Char(']');
    return s;
}

GitError GitError::fromLibgit2(int code, const QString &operation)
{
    const git_error *e = git_error_last();
    GitError err;
    err.kind = Kind::Libgit2;
    err.code = code;
    err.operation = operation;
    err.message = (e && e->message) ? QString::fromUtf8(e->message).trimmed()
                                    : QStringLiteral("libgit2 error %1").arg(code);
    if (code == -3 /* GIT_ENOTFOUND */)
        err.kind = Kind::NotFound;
    return err;
}

GitError GitError::refusal(Kind kind, const QString &operation, const QString &message, const QStringList &paths)
{
    GitError err;
    err.kind = kind;
    err.operation = operation;
    err.message = message;
    err.paths = paths;
    return err;
}

} // namespace Autopack::Git
