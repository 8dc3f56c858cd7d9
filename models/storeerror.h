#pragma once

// The one error type of the store. It says what kind of failure (so the API layer can
// pick 400/404/409 without parsing text) and, in the message, which field or entity.

#include "statemachine.h"

#include <QString>

#include <expected>
#include <optional>

namespace Autopack {

struct StoreError {
    enum class Kind {
        Open, // the database file cannot be opened or created
        SchemaTooNew, // written by a newer Autopack; refused and left untouched
        Migration, // a migration failed; the database stays at the previous version
        InvalidInput, // a field of the caller's value is bad; `field` names it
        NotFound, // no such project/run/tier/phase/token/...
        Duplicate, // a unique name or id already exists
        IllegalTransition, // refused by the transition table; `transition` says why
        Unauthorized, // unknown or revoked token
        Sql, // the database refused a statement (constraint, disk, busy, ...)
        Conflict, // someone else holds it (e.g. a phase leased to another agent)
    };

    Kind kind = Kind::Sql;
    QString message; // human-readable, names the entity/field and what was wrong
    QString field; // for InvalidInput: the field path, e.g. "phases[3].tier_id"
    std::optional<TransitionError> transition; // set for IllegalTransition

    QString toString() const { return message; }

    static StoreError invalid(const QString &field, const QString &message)
    {
        return { Kind::InvalidInput, message, field, std::nullopt };
    }
    static StoreError make(Kind kind, const QString &message) { return { kind, message, {}, std::nullopt }; }
};

template<typename T = void>
using StoreResult = std::expected<T, StoreError>;

} // namespace Autopack
