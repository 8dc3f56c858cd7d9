#include "supervisorerror.h"

namespace Autopack::Engine {

int SupervisorError::httpStatus() const
{
    switch (kind) {
    case Kind::InvalidField:
        return 400;
    case Kind::Forbidden:
        return 403;
    case Kind::NotFound:
        return 404;
    case Kind::IllegalState:
        return 409;
    case Kind::PatchRefused:
        return 422;
    case Kind::Internal:
        break;
    }
    return 500;
}

QString SupervisorError::code() const
{
    switch (kind) {
    case Kind::InvalidField:
        return QStringLiteral("invalid_field");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::IllegalState:
        return QStringLiteral("conflict");
    case Kind::PatchRefused:
        return QStringLiteral("patch_refused");
    case Kind::Internal:
        break;
    }
    return QStringLiteral("internal");
}

SupervisorError SupervisorError::invalid(const QString &field, const QString &message)
{
    return { Kind::InvalidField, message, field, {} };
}

SupervisorError SupervisorError::notFound(const QString &message)
{
    return { Kind::NotFound, message, {}, {} };
}

SupervisorError SupervisorError::illegal(const QString &currentState, const QString &message)
{
    return { Kind::IllegalState, message, {}, currentState };
}

SupervisorError SupervisorError::refused(const QString &message)
{
    return { Kind::PatchRefused, message, {}, {} };
}

SupervisorError SupervisorError::forbidden(const QString &message)
{
    return { Kind::Forbidden, message, {}, {} };
}

SupervisorError SupervisorError::internal(const QString &message)
{
    return { Kind::Internal, message, {}, {} };
}

} // namespace Autopack::Engine
