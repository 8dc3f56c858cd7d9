#include "jsonreader.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cmath>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Engine", text);
}

QString integerKind(qint64 min)
{
    if (min == 1)
        return tr("a positive integer");
    if (min == 0)
        return tr("a non-negative integer");
    return tr("an integer of at least %1").arg(min);
}

QString quotedList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted << u'"' + n + u'"';
    return quoted.join(QStringLiteral(", "));
}

} // namespace

QString describeJsonValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > 60)
            s = s.left(57) + QStringLiteral("...");
        return u'"' + s + u'"';
    }
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return tr("nothing");
}

JsonReader::JsonReader(const QJsonObject &object, const QString &path, UnknownKeys unknown)
    : m_object(object)
    , m_path(path)
    , m_unknown(unknown)
{
}

void JsonReader::fail(const QString &key, const QString &message)
{
    if (!m_error)
        m_error = FieldError { key.isEmpty() ? m_path : pathOf(key), message };
}

void JsonReader::raise(const FieldError &error)
{
    if (!m_error)
        m_error = error;
}

std::optional<QJsonValue> JsonReader::take(const QString &key, Presence presence)
{
    m_known.insert(key);
    if (m_error)
        return std::nullopt;
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || (m_unknown == UnknownKeys::Ignore && it.value().isNull())) {
        if (presence == Presence::Required)
            fail(key, tr("required field is missing"));
        return std::nullopt;
    }
    return it.value();
}

std::optional<qint64> JsonReader::readInteger(const QString &key, qint64 min, qint64 max, Presence presence)
{
    const auto v = take(key, presence);
    if (!v)
        return std::nullopt;
    const double d = v->toDouble();
    if (min == max && !(v->isDouble() && d == double(min))) {
        fail(key, tr("expected %1, got %2").arg(min).arg(describeJsonValue(*v)));
        return std::nullopt;
    }
    if (!v->isDouble() || !std::isfinite(d) || d != std::floor(d) || d < double(min)) {
        fail(key, tr("expected %1, got %2").arg(integerKind(min), describeJsonValue(*v)));
        return std::nullopt;
    }
    if (d > double(max)) {
        fail(key, tr("expected %1 no greater than %2, got %3").arg(integerKind(min)).arg(max).arg(describeJsonValue(*v)));
        return std::nullopt;
    }
    return qint64(d);
}

void JsonReader::number(const QString &key, double &out, double min, double max)
{
    std::optional<double> v;
    number(key, v, min, max);
    if (v)
        out = *v;
}

void JsonReader::number(const QString &key, std::optional<double> &out, double min, double max)
{
    const auto v = take(key, Presence::Optional);
    if (!v)
        return;
    const double d = v->toDouble();
    if (!v->isDouble() || !std::isfinite(d) || d < min || d > max) {
        fail(key, tr("expected a number from %1 to %2, got %3").arg(min).arg(max).arg(describeJsonValue(*v)));
        return;
    }
    out = d;
}

void JsonReader::boolean(const QString &key, bool &out)
{
    std::optional<bool> v;
    boolean(key, v);
    if (v)
        out = *v;
}

void JsonReader::boolean(const QString &key, std::optional<bool> &out)
{
    const auto v = take(key, Presence::Optional);
    if (!v)
        return;
    if (!v->isBool()) {
        fail(key, tr("expected true or false, got %1").arg(describeJsonValue(*v)));
        return;
    }
    out = v->toBool();
}

void JsonReader::string(const QString &key, QString &out, Presence presence, bool allowEmpty)
{
    const auto v = take(key, presence);
    if (!v)
        return;
    if (!v->isString()) {
        fail(key, tr("expected a string, got %1").arg(describeJsonValue(*v)));
        return;
    }
    if (!allowEmpty && v->toString().trimmed().isEmpty()) {
        fail(key, tr("expected a non-empty string, got %1").arg(describeJsonValue(*v)));
        return;
    }
    out = v->toString();
}

void JsonReader::stringOrNull(const QString &key, std::optional<QString> &out)
{
    const auto v = take(key, Presence::Optional);
    if (!v)
        return;
    if (v->isNull()) {
        out = QString();
        return;
    }
    if (!v->isString() || v->toString().trimmed().isEmpty()) {
        fail(key, tr("expected a non-empty string or null, got %1").arg(describeJsonValue(*v)));
        return;
    }
    out = v->toString();
}

std::optional<QString> JsonReader::readEnumString(const QString &key, const QStringList &allowed, Presence presence)
{
    const auto v = take(key, presence);
    if (!v)
        return std::nullopt;
    if (!v->isString() || !allowed.contains(v->toString())) {
        fail(key, tr("expected one of %1, got %2").arg(quotedList(allowed), describeJsonValue(*v)));
        return std::nullopt;
    }
    return v->toString();
}

void JsonReader::stringList(const QString &key, QStringList &out)
{
    std::optional<QStringList> v;
    stringList(key, v);
    if (v)
        out = *v;
}

void JsonReader::stringList(const QString &key, std::optional<QStringList> &out)
{
    const auto v = take(key, Presence::Optional);
    if (!v)
        return;
    if (!v->isArray()) {
        fail(key, tr("expected an array of strings, got %1").arg(describeJsonValue(*v)));
        return;
    }
    QStringList result;
    const QJsonArray array = v->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue e = array.at(i);
        if (!e.isString() || e.toString().trimmed().isEmpty()) {
            if (!m_error)
                m_error = FieldError { jsonPathIndex(pathOf(key), i),
                                       tr("expected a non-empty string, got %1").arg(describeJsonValue(e)) };
            return;
        }
        result << e.toString();
    }
    out = result;
}

void JsonReader::adopt(const JsonReader &child)
{
    if (!m_error && child.m_error)
        m_error = child.m_error;
}

void JsonReader::object(const QString &key, const std::function<void(JsonReader &)> &read, Presence presence)
{
    object(key, m_unknown, read, presence);
}

void JsonReader::object(const QString &key, UnknownKeys unknown, const std::function<void(JsonReader &)> &read,
                        Presence presence)
{
    const auto v = take(key, presence);
    if (!v)
        return;
    if (!v->isObject()) {
        fail(key, tr("expected an object, got %1").arg(describeJsonValue(*v)));
        return;
    }
    JsonReader child(v->toObject(), pathOf(key), unknown);
    read(child);
    child.finish();
    adopt(child);
}

void JsonReader::map(const QString &key,
                     const std::function<void(const QString &, const QJsonValue &, const QString &)> &read)
{
    const auto v = take(key, Presence::Optional);
    if (!v)
        return;
    if (!v->isObject()) {
        fail(key, tr("expected an object, got %1").arg(describeJsonValue(*v)));
        return;
    }
    const QJsonObject o = v->toObject();
    for (auto it = o.constBegin(); it != o.constEnd() && !m_error; ++it)
        read(it.key(), it.value(), jsonPathKey(pathOf(key), it.key()));
}

void JsonReader::array(const QString &key, UnknownKeys unknown,
                       const std::function<void(qsizetype, JsonReader &)> &read, Presence presence)
{
    const auto v = take(key, presence);
    if (!v)
        return;
    if (!v->isArray()) {
        fail(key, tr("expected an array, got %1").arg(describeJsonValue(*v)));
        return;
    }
    const QJsonArray a = v->toArray();
    for (qsizetype i = 0; i < a.size() && !m_error; ++i) {
        const QString elementPath = jsonPathIndex(pathOf(key), i);
        if (!a.at(i).isObject()) {
            m_error = FieldError { elementPath, tr("expected an object, got %1").arg(describeJsonValue(a.at(i))) };
            return;
        }
        JsonReader child(a.at(i).toObject(), elementPath, unknown);
        read(i, child);
        child.finish();
        adopt(child);
    }
}

bool JsonReader::finish()
{
    if (m_error || m_unknown == UnknownKeys::Ignore)
        return ok();
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!m_known.contains(it.key())) {
            QStringList known(m_known.cbegin(), m_known.cend());
            known.sort();
            fail(it.key(), known.isEmpty() ? tr("unknown field (no fields are expected here)")
                                           : tr("unknown field (known fields here: %1)").arg(known.join(QStringLiteral(", "))));
            break;
        }
    }
    return ok();
}

FieldResult<QJsonObject> parseJsonObject(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(FieldError { QStringLiteral("$"),
                                            tr("not valid JSON at offset %1: %2")
                                                .arg(parseError.offset)
                                                .arg(parseError.errorString()) });
    if (!doc.isObject())
        return std::unexpected(FieldError { QStringLiteral("$"), tr("expected a JSON object at the top level") });
    return doc.object();
}

} // namespace Autopack::Engine
