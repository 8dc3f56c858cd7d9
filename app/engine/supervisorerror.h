#pragma once

// The one error type of the Supervisor's public API. Its kind is what the HTTP layer
// answers with (400/403/404/409/422, or 500 for a store or git failure that is not the
// caller's fault); the message is the `detail` clients show.

#include <QString>

#include <expected>

namespace Autopack::Engine {

struct SupervisorError {
    enum class Kind {
        InvalidField, // 400: `field` names the JSON path of the bad input
        Forbidden, // 403: the caller's role may not do this
        NotFound, // 404: unknown project, run, phase, lease or issue
        IllegalState, // 409: not allowed in the current state; `currentState` says which
        PatchRefused, // 422: the patch violates the scope policy or does not apply
        Internal, // 500: the store or the repository failed
    };

    Kind kind = Kind::Internal;
    QString message;
    QString field; // InvalidField
    QString currentState; // IllegalState: the entity's state, SPEC spelling

    int httpStatus() const;
    QString code() const; // "invalid_field", "forbidden", "not_found", "conflict", "patch_refused", "internal"
    QString toString() const { return message; }

    static SupervisorError invalid(const QString &field, const QString &message);
    static SupervisorError notFound(const QString &message);
    static SupervisorError illegal(const QString &currentState, const QString &message);
    static SupervisorError refused(const QString &message);
    static SupervisorError forbidden(const QString &message);
    static SupervisorError internal(const QString &message);
};

template<typename T>
using SupervisorResult = std::expected<T, SupervisorError>;

} // namespace Autopack::Engine
