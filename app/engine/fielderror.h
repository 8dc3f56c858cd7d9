#pragma once

// The error every engine input (ruleset, plan, frozen strategy, issue report) is refused
// with: the JSON path of the offending field and what was wrong with it, so a user can
// find and fix it without reading our code. Paths use the `$.a.b[2].c` notation; a key
// that is not a plain identifier is quoted (`$.category_overrides["my docs"]`).

#include <QString>

#include <expected>

namespace Autopack::Engine {

struct FieldError {
    QString path; // "$" for the document itself
    QString message; // e.g. `expected a positive integer, got "x"`

    // "<path>: <message>", the form shown to users and returned by the API.
    QString toString() const;
    bool operator==(const FieldError &) const = default;
};

template<typename T>
using FieldResult = std::expected<T, FieldError>;

// Appends a key or an index to a path, quoting keys that are not identifiers.
QString jsonPathKey(const QString &path, const QString &key);
QString jsonPathIndex(const QString &path, qsizetype index);

} // namespace Autopack::Engine
