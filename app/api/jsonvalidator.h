#pragma once

// Strict checks of a JSON request body, reporting the path of the first problem
// ("tiers[2].tier_id") so a 400 can name the field (SPEC §8).
//
// Usage: read every field through one validator (nested objects and arrays share its
// error), then test ok(). Accessors return a harmless default after an error, so a
// handler reads all fields first and checks once. Strict means strict: "5" is not an
// integer, 5.5 is not an integer, null is not a string; unknown fields are ignored
// (clients may send more than we read).

#include "httpmessage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <expected>
#include <limits>
#include <memory>
#include <optional>

namespace Autopack::Api {

struct FieldError {
    QString field; // path of the offending field; "body" for the body as a whole
    QString detail; // what was wrong, naming the field

    HttpResponse toResponse() const { return HttpResponse::error(400, QStringLiteral("invalid_field"), detail, field); }
};

// The body as a JSON object, or a FieldError on "body" saying why not.
std::expected<QJsonObject, FieldError> parseJsonObject(const QByteArray &body);

struct StringRule {
    qsizetype minLength = 0;
    qsizetype maxLength = 10'000; // in UTF-16 code units
    bool allowEmpty = true; // false: must contain a non-space character
};

struct IntRule {
    qint64 min = std::numeric_limits<qint64>::min();
    qint64 max = std::numeric_limits<qint64>::max();
};

class JsonValidator
{
public:
    explicit JsonValidator(QJsonObject object);

    QString requiredString(const QString &name, StringRule rule = {});
    std::optional<QString> optionalString(const QString &name, StringRule rule = {});
    qint64 requiredInt(const QString &name, IntRule rule = {});
    std::optional<qint64> optionalInt(const QString &name, IntRule rule = {});
    double requiredNumber(const QString &name, double min = -std::numeric_limits<double>::max(),
                          double max = std::numeric_limits<double>::max());
    std::optional<double> optionalNumber(const QString &name, double min = -std::numeric_limits<double>::max(),
                                         double max = std::numeric_limits<double>::max());
    bool requiredBool(const QString &name);
    std::optional<bool> optionalBool(const QString &name);
    QString requiredEnum(const QString &name, const QStringList &allowed);
    std::optional<QString> optionalEnum(const QString &name, const QStringList &allowed);
    QStringList optionalStringList(const QString &name, qsizetype maxItems = 1000, StringRule rule = {});

    // A nested object; its fields report paths under "name.".
    JsonValidator object(const QString &name, bool required = true);
    // Each element of an array of objects; paths "name[i].". An absent optional array is empty.
    QList<JsonValidator> objects(const QString &name, bool required = true, qsizetype maxItems = 1000);

    // Records a problem found by the caller's own rule (e.g. a reference to an unknown
    // tier), unless an earlier one is already recorded.
    void fail(const QString &name, const QString &detail);

    bool ok() const { return !m_error->has_value(); }
    const std::optional<FieldError> &error() const { return *m_error; }
    const QJsonObject &json() const { return m_object; }
    QString path(const QString &name) const { return m_prefix + name; }

private:
    JsonValidator(QJsonObject object, QString prefix, std::shared_ptr<std::optional<FieldError>> error);
    // The value if present and not failed already; records "missing" when required.
    std::optional<QJsonValue> take(const QString &name, bool required);
    bool checkString(const QString &name, const QString &value, const StringRule &rule);
    std::optional<qint64> toInt(const QString &name, const QJsonValue &v, const IntRule &rule);
    std::optional<QString> optionalStringImpl(const QString &name, const StringRule &rule, bool required);
    std::optional<double> optionalNumberImpl(const QString &name, double min, double max, bool required);
    std::optional<bool> optionalBoolImpl(const QString &name, bool required);
    std::optional<QString> optionalEnumImpl(const QString &name, const QStringList &allowed, bool required);

    QJsonObject m_object;
    QString m_prefix;
    std::shared_ptr<std::optional<FieldError>> m_error;
};

} // namespace Autopack::Api
