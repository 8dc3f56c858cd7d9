#include "jsonvalidator.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Autopack::Api {

namespace {

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("undefined");
}

} // namespace

std::expected<QJsonObject, FieldError> parseJsonObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return std::unexpected(FieldError{QStringLiteral("body"), QStringLiteral("request body must be a JSON object, got nothing")});
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return std::unexpected(FieldError{QStringLiteral("body"),
                                          QStringLiteral("request body is not valid JSON: %1 at offset %2")
                                                  .arg(err.errorString())
                                                  .arg(err.offset)});
    if (!doc.isObject())
        return std::unexpected(FieldError{QStringLiteral("body"), QStringLiteral("request body must be a JSON object")});
    return doc.object();
}

JsonValidator::JsonValidator(QJsonObject object)
    : JsonValidator(std::move(object), {}, std::make_shared<std::optional<FieldError>>())
{
}

JsonValidator::JsonValidator(QJsonObject object, QString prefix, std::shared_ptr<std::optional<FieldError>> error)
    : m_object(std::move(object))
    , m_prefix(std::move(prefix))
    , m_error(std::move(error))
{
}

void JsonValidator::fail(const QString &name, const QString &detail)
{
    if (!m_error->has_value())
        *m_error = FieldError{path(name), detail};
}

std::optional<QJsonValue> JsonValidator::take(const QString &name, bool required)
{
    if (!ok())
        return std::nullopt;
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || (!required && it->isNull())) {
        if (required)
            fail(name, QStringLiteral("missing required field \"%1\"").arg(path(name)));
        return std::nullopt;
    }
    return *it;
}

bool JsonValidator::checkString(const QString &name, const QString &value, const StringRule &rule)
{
    if (value.size() > rule.maxLength) {
        fail(name, QStringLiteral("field \"%1\" is too long: %2 characters, at most %3 allowed")
                           .arg(path(name))
                           .arg(value.size())
                           .arg(rule.maxLength));
        return false;
    }
    if (value.size() < rule.minLength || (!rule.allowEmpty && value.trimmed().isEmpty())) {
        fail(name, rule.minLength > 1 ? QStringLiteral("field \"%1\" must have at least %2 characters").arg(path(name)).arg(rule.minLength)
                                      : QStringLiteral("field \"%1\" must not be empty").arg(path(name)));
        return false;
    }
    return true;
}

QString JsonValidator::requiredString(const QString &name, StringRule rule)
{
    return optionalStringImpl(name, rule, true).value_or(QString());
}

std::optional<QString> JsonValidator::optionalString(const QString &name, StringRule rule)
{
    return optionalStringImpl(name, rule, false);
}

std::optional<QString> JsonValidator::optionalStringImpl(const QString &name, const StringRule &rule, bool required)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        fail(name, QStringLiteral("field \"%1\" must be a string, got %2").arg(path(name), typeName(*v)));
        return std::nullopt;
    }
    const QString s = v->toString();
    if (!checkString(name, s, rule))
        return std::nullopt;
    return s;
}

std::optional<qint64> JsonValidator::toInt(const QString &name, const QJsonValue &v, const IntRule &rule)
{
    // JSON numbers arrive as doubles; only integral values within 2^53 are exact.
    constexpr double Exact = 9007199254740992.0;
    const double d = v.toDouble();
    if (!v.isDouble() || std::trunc(d) != d || std::fabs(d) > Exact) {
        fail(name, QStringLiteral("field \"%1\" must be an integer, got %2")
                           .arg(path(name), v.isDouble() ? QString::number(d) : typeName(v)));
        return std::nullopt;
    }
    const auto i = qint64(d);
    if (i < rule.min || i > rule.max) {
        fail(name, QStringLiteral("field \"%1\" must be between %2 and %3, got %4").arg(path(name)).arg(rule.min).arg(rule.max).arg(i));
        return std::nullopt;
    }
    return i;
}

qint64 JsonValidator::requiredInt(const QString &name, IntRule rule)
{
    const std::optional<QJsonValue> v = take(name, true);
    return v ? toInt(name, *v, rule).value_or(0) : 0;
}

std::optional<qint64> JsonValidator::optionalInt(const QString &name, IntRule rule)
{
    const std::optional<QJsonValue> v = take(name, false);
    return v ? toInt(name, *v, rule) : std::nullopt;
}

std::optional<double> JsonValidator::optionalNumberImpl(const QString &name, double min, double max, bool required)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (!v)
        return std::nullopt;
    if (!v->isDouble()) {
        fail(name, QStringLiteral("field \"%1\" must be a number, got %2").arg(path(name), typeName(*v)));
        return std::nullopt;
    }
    const double d = v->toDouble();
    if (!(d >= min && d <= max)) {
        fail(name, QStringLiteral("field \"%1\" must be between %2 and %3, got %4").arg(path(name)).arg(min).arg(max).arg(d));
        return std::nullopt;
    }
    return d;
}

double JsonValidator::requiredNumber(const QString &name, double min, double max)
{
    return optionalNumberImpl(name, min, max, true).value_or(0.0);
}

std::optional<double> JsonValidator::optionalNumber(const QString &name, double min, double max)
{
    return optionalNumberImpl(name, min, max, false);
}

std::optional<bool> JsonValidator::optionalBoolImpl(const QString &name, bool required)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (!v)
        return std::nullopt;
    if (!v->isBool()) {
        fail(name, QStringLiteral("field \"%1\" must be true or false, got %2").arg(path(name), typeName(*v)));
        return std::nullopt;
    }
    return v->toBool();
}

bool JsonValidator::requiredBool(const QString &name)
{
    return optionalBoolImpl(name, true).value_or(false);
}

std::optional<bool> JsonValidator::optionalBool(const QString &name)
{
    return optionalBoolImpl(name, false);
}

std::optional<QString> JsonValidator::optionalEnumImpl(const QString &name, const QStringList &allowed, bool required)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (!v)
        return std::nullopt;
    if (!v->isString() || !allowed.contains(v->toString())) {
        const QString got = v->isString() ? QLatin1Char('"') + v->toString().left(80) + QLatin1Char('"') : typeName(*v);
        fail(name, QStringLiteral("field \"%1\" must be one of %2, got %3").arg(path(name), allowed.join(QStringLiteral(", ")), got));
        return std::nullopt;
    }
    return v->toString();
}

QString JsonValidator::requiredEnum(const QString &name, const QStringList &allowed)
{
    return optionalEnumImpl(name, allowed, true).value_or(QString());
}

std::optional<QString> JsonValidator::optionalEnum(const QString &name, const QStringList &allowed)
{
    return optionalEnumImpl(name, allowed, false);
}

QStringList JsonValidator::optionalStringList(const QString &name, qsizetype maxItems, StringRule rule)
{
    const std::optional<QJsonValue> v = take(name, false);
    if (!v)
        return {};
    if (!v->isArray()) {
        fail(name, QStringLiteral("field \"%1\" must be an array of strings, got %2").arg(path(name), typeName(*v)));
        return {};
    }
    const QJsonArray a = v->toArray();
    if (a.size() > maxItems) {
        fail(name, QStringLiteral("field \"%1\" has %2 items, at most %3 allowed").arg(path(name)).arg(a.size()).arg(maxItems));
        return {};
    }
    QStringList out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString item = name + QStringLiteral("[%1]").arg(i);
        if (!a[i].isString()) {
            fail(item, QStringLiteral("field \"%1\" must be a string, got %2").arg(path(item), typeName(a[i])));
            return {};
        }
        if (!checkString(item, a[i].toString(), rule))
            return {};
        out.append(a[i].toString());
    }
    return out;
}

JsonValidator JsonValidator::object(const QString &name, bool required)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (v && !v->isObject())
        fail(name, QStringLiteral("field \"%1\" must be an object, got %2").arg(path(name), typeName(*v)));
    return JsonValidator(v && v->isObject() ? v->toObject() : QJsonObject(), path(name) + QLatin1Char('.'), m_error);
}

QList<JsonValidator> JsonValidator::objects(const QString &name, bool required, qsizetype maxItems)
{
    const std::optional<QJsonValue> v = take(name, required);
    if (!v)
        return {};
    if (!v->isArray()) {
        fail(name, QStringLiteral("field \"%1\" must be an array, got %2").arg(path(name), typeName(*v)));
        return {};
    }
    const QJsonArray a = v->toArray();
    if (a.size() > maxItems) {
        fail(name, QStringLiteral("field \"%1\" has %2 items, at most %3 allowed").arg(path(name)).arg(a.size()).arg(maxItems));
        return {};
    }
    QList<JsonValidator> out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString item = name + QStringLiteral("[%1]").arg(i);
        if (!a[i].isObject()) {
            fail(item, QStringLiteral("field \"%1\" must be an object, got %2").arg(path(item), typeName(a[i])));
            return {};
        }
        out.append(JsonValidator(a[i].toObject(), path(item) + QLatin1Char('.'), m_error));
    }
    return out;
}

} // namespace Autopack::Api
