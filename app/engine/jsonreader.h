#pragma once

// Strict reading of one JSON object into typed fields. Every getter reads one key and
// records the first error it meets (with the key's JSON path); later getters do nothing
// once an error is recorded, so a parser reads straight down its fields and checks
// error() once at the end. A reader in Refuse mode refuses, in finish(), every key that
// no getter asked for: a misspelt ruleset key must not be silently ignored.
//
// Absent keys leave the output untouched (the caller's default stays) unless the field
// is Required. A reader in Ignore mode (client payloads) also takes null as absent,
// since clients serialise unset fields as null. Integers must be integral JSON numbers in [min, max]; doubles are not
// rounded.

#include "fielderror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>

#include <concepts>
#include <functional>
#include <optional>

namespace Autopack::Engine {

// How a value was written, for "got ..." in messages: strings quoted (and shortened),
// numbers and literals as written, containers by kind.
QString describeJsonValue(const QJsonValue &value);

class JsonReader
{
public:
    enum class UnknownKeys { Refuse, Ignore };
    enum class Presence { Optional, Required };

    JsonReader(const QJsonObject &object, const QString &path, UnknownKeys unknown = UnknownKeys::Refuse);

    bool ok() const { return !m_error.has_value(); }
    const std::optional<FieldError> &error() const { return m_error; }
    const QString &path() const { return m_path; }
    QString pathOf(const QString &key) const { return jsonPathKey(m_path, key); }
    bool has(const QString &key) const { return m_object.contains(key); }

    // Records `message` for `key` (or for this object when key is empty) unless an
    // earlier error is already recorded.
    void fail(const QString &key, const QString &message);
    // Records an error found elsewhere (a map value, a nested reader), same first-wins rule.
    void raise(const FieldError &error);

    template<std::integral T>
    void integer(const QString &key, T &out, qint64 min, qint64 max, Presence presence = Presence::Optional)
    {
        if (auto v = readInteger(key, min, max, presence))
            out = static_cast<T>(*v);
    }
    template<std::integral T>
    void integer(const QString &key, std::optional<T> &out, qint64 min, qint64 max)
    {
        if (auto v = readInteger(key, min, max, Presence::Optional))
            out = static_cast<T>(*v);
    }
    void number(const QString &key, double &out, double min, double max);
    void number(const QString &key, std::optional<double> &out, double min, double max);
    void boolean(const QString &key, bool &out);
    void boolean(const QString &key, std::optional<bool> &out);
    // An empty string is refused unless allowEmpty.
    void string(const QString &key, QString &out, Presence presence = Presence::Optional, bool allowEmpty = false);
    // A string, or null meaning "none" (stored as an empty string).
    void stringOrNull(const QString &key, std::optional<QString> &out);
    // A string that must be one of `allowed`; `parse` maps it to the value.
    template<typename E, typename Parse>
    void enumeration(const QString &key, E &out, const QStringList &allowed, Parse parse,
                     Presence presence = Presence::Optional)
    {
        if (auto s = readEnumString(key, allowed, presence))
            out = parse(*s);
    }
    template<typename E, typename Parse>
    void enumeration(const QString &key, std::optional<E> &out, const QStringList &allowed, Parse parse)
    {
        if (auto s = readEnumString(key, allowed, Presence::Optional))
            out = parse(*s);
    }
    // An array of non-empty strings.
    void stringList(const QString &key, QStringList &out);
    void stringList(const QString &key, std::optional<QStringList> &out);

    // Reads a nested object with its own reader (same unknown-key policy unless given).
    void object(const QString &key, const std::function<void(JsonReader &)> &read,
                Presence presence = Presence::Optional);
    void object(const QString &key, UnknownKeys unknown, const std::function<void(JsonReader &)> &read,
                Presence presence = Presence::Optional);
    // An object used as a map: `read` gets each key and the value's path; values of any type.
    void map(const QString &key,
             const std::function<void(const QString &mapKey, const QJsonValue &value, const QString &valuePath)> &read);
    // An array whose elements are objects, each read with its own reader.
    void array(const QString &key, UnknownKeys unknown,
               const std::function<void(qsizetype index, JsonReader &)> &read,
               Presence presence = Presence::Optional);

    // Refuses keys no getter asked for (Refuse mode). Returns ok().
    bool finish();

private:
    std::optional<qint64> readInteger(const QString &key, qint64 min, qint64 max, Presence presence);
    std::optional<QString> readEnumString(const QString &key, const QStringList &allowed, Presence presence);
    // The value for `key`, marking it as known; nullopt (with an error when Required) if absent.
    std::optional<QJsonValue> take(const QString &key, Presence presence);
    void adopt(const JsonReader &child);

    QJsonObject m_object;
    QString m_path;
    UnknownKeys m_unknown;
    QSet<QString> m_known;
    std::optional<FieldError> m_error;
};

// Parses `json` into an object or fails at "$" with the parser's message and offset.
FieldResult<QJsonObject> parseJsonObject(const QByteArray &json);

} // namespace Autopack::Engine
